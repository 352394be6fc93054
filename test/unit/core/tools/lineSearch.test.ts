// search_text's matching in a worker: correct hits, long lines capped, and a catastrophic pattern neither blocks the
// thread that started it nor outlives its deadline or Stop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LineSearch, searchPattern } from '../../../../src/core/tools';

const start = (query: string, isRegex: boolean, signal = new AbortController().signal, deadlineMs?: number) => {
  const p = searchPattern(query, isRegex);
  assert.ok(p.ok);
  return new LineSearch(p.source, { maxHits: 10, ...(deadlineMs ? { deadlineMs } : {}) }, signal);
};

describe('LineSearch', () => {
  it('finds plain text and regular expressions, line by line', async () => {
    const s = start('a.b', false);
    s.add('x.ts', 'a.b\naxb\n  a.b again');
    assert.deepEqual(await s.finish(), { hits: ['x.ts:1: a.b', 'x.ts:3: a.b again'] });
    const r = start('^a.b$', true);
    r.add('x.ts', 'a.b\naxb\nzzz');
    assert.deepEqual((await r.finish()).hits, ['x.ts:1: a.b', 'x.ts:2: axb']);
  });
  it('reports an invalid regular expression', () => {
    assert.equal(searchPattern('(', true).ok, false);
  });
  it('caps long lines before matching', async () => {
    const s = start('NEEDLE', false);
    s.add('long.txt', `${'x'.repeat(3000)}NEEDLE\nNEEDLE`);
    assert.deepEqual((await s.finish()).hits, ['long.txt:2: NEEDLE']);
  });
  it('stops at the hit limit', async () => {
    const s = start('x', false);
    s.add('a', 'x\n'.repeat(50));
    assert.equal((await s.finish()).hits.length, 10);
    assert.equal(s.wantsMore, false);
  });
  it('runs ^(\\w+)+$ on long lines without blocking this thread, and ends it at the deadline', async () => {
    let ticks = 0;
    const tick = setInterval(() => ticks++, 10);
    const s = start('^(\\w+)+$', true, new AbortController().signal, 500);
    s.add('evil.txt', `${'a'.repeat(1000)}!\n`.repeat(3));
    const r = await s.finish();
    clearInterval(tick);
    assert.equal(r.stopped, 'deadline');
    assert.ok(ticks > 0, 'the thread that started the search kept running');
  });
  it('Stop ends a running catastrophic search', async () => {
    const stop = new AbortController();
    const s = start('^(\\w+)+$', true, stop.signal, 600_000);
    s.add('evil.txt', `${'a'.repeat(1000)}!`);
    setTimeout(() => stop.abort(), 200);
    assert.equal((await s.finish()).stopped, 'cancelled');
  });
});
