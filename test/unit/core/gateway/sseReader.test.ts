// SseReader: plain `data:` events, one or several to a read, are found without the general parser, and give the same
// events as it does whatever the reads' boundaries and line ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseReader } from '../../../../src/core/gateway/sseReader';

/** The data of every event that `reads` give, fed one after the other. */
function datas(reads: string[]): string[] {
  const r = new SseReader(1 << 20);
  return [...reads.flatMap((t) => r.feed(t)), ...r.end()].map((e) => e.data);
}

describe('SseReader', () => {
  it('reads several plain events in one read, in order, and an event cut by the end of a read in the next one', () => {
    assert.deepEqual(datas(['data: a\n\ndata: b\n\ndata: c\n\n']), ['a', 'b', 'c']);
    assert.deepEqual(datas(['data: a\n\ndata: b\n\nda', 'ta: c\n', '\ndata: d\n\n']), ['a', 'b', 'c', 'd']);
  });

  it('gives the same events as the general parser for comments, fields, CRLF and multi-line data', () => {
    const body = 'data: a\n\n: ping\n\nevent: error\ndata: e\n\ndata: one\ndata: two\n\ndata: x\r\n\r\ndata: y\n\n';
    const expected = ['a', 'e', 'one\ntwo', 'x', 'y'];
    assert.deepEqual(datas([body]), expected);
    // Cut at every offset: the plain part and the parser hand over to each other exactly.
    for (let i = 1; i < body.length; i++)
      assert.deepEqual(datas([body.slice(0, i), body.slice(i)]), expected, `cut at ${i}`);
  });

  it('refuses an event larger than the cap, also among plain ones', () => {
    const r = new SseReader(10);
    assert.throws(() => r.feed(`data: ok\n\ndata: ${'x'.repeat(11)}\n\n`), /exceeded/);
  });
});
