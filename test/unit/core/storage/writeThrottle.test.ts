// Progress is written at most once a second; transitions at once, taking a deferred write with them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WriteThrottle, type ThrottleTimers } from '../../../../src/core/storage/writeThrottle';

function fakeTimers(): ThrottleTimers & { advance(ms: number): void } {
  let clock = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  return {
    now: () => clock,
    setTimeout: (fn, ms) => {
      const id = ++ids;
      queue.push({ at: clock + ms, fn, id });
      return id;
    },
    clearTimeout: (h) => {
      const i = queue.findIndex((q) => q.id === h);
      if (i >= 0) queue.splice(i, 1);
    },
    advance(ms) {
      const end = clock + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const next = queue[0];
        if (!next || next.at > end) break;
        queue.shift();
        clock = next.at;
        next.fn();
      }
      clock = end;
    },
  };
}

describe('WriteThrottle', () => {
  it('100 progress updates in 2.5 s give 4 writes (the last one deferred), never two within a second', async () => {
    const t = fakeTimers();
    const writes: number[] = [];
    const w = new WriteThrottle(async () => void writes.push(t.now()), 1000, t);
    for (let i = 0; i < 100; i++) {
      w.request();
      t.advance(25);
    }
    t.advance(1000);
    assert.deepEqual(writes, [0, 1000, 2000, 3000]);
    for (let i = 1; i < writes.length; i++) assert.ok(writes[i]! - writes[i - 1]! >= 1000);
  });

  it('a transition writes at once and takes the deferred progress with it', async () => {
    const t = fakeTimers();
    const writes: number[] = [];
    const w = new WriteThrottle(async () => void writes.push(t.now()), 1000, t);
    w.request();
    t.advance(100);
    w.request();
    assert.equal(w.pending, true);
    await w.now();
    assert.equal(w.pending, false);
    t.advance(5000);
    assert.deepEqual(writes, [0, 100], 'the deferred write did not happen again');
  });

  it('flush writes a deferred update now and nothing otherwise', async () => {
    const t = fakeTimers();
    let n = 0;
    const w = new WriteThrottle(async () => void n++, 1000, t);
    await w.flush();
    assert.equal(n, 0);
    w.request();
    w.request();
    assert.equal(n, 1);
    await w.flush();
    assert.equal(n, 2);
  });
});
