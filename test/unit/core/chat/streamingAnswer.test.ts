// The streaming answer: events fill the message, deltas are coalesced on a stepped timer, the cap cuts, checkpoints.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatSessionEvent, SessionMessage, SessionTimers } from '../../../../src/core/chat';
import type { PendingChoices } from '../../../../src/core/chat/answerChoices';
import { StreamingAnswer } from '../../../../src/core/chat/streamingAnswer';
import { quietLog, t } from '../../helpers';

/** Timers the test steps by hand. */
function steppedTimers() {
  const timeouts = new Map<number, () => void>();
  const intervals = new Map<number, () => void>();
  let next = 1;
  const timers: SessionTimers = {
    setTimeout: (fn) => (timeouts.set(next, fn), next++),
    clearTimeout: (h) => void timeouts.delete(h as number),
    setInterval: (fn) => (intervals.set(next, fn), next++),
    clearInterval: (h) => void intervals.delete(h as number),
  };
  const fire = (m: Map<number, () => void>) => {
    for (const [k, fn] of [...m]) {
      if (m === timeouts) m.delete(k);
      fn();
    }
  };
  return { timers, timeouts, intervals, fireTimeouts: () => fire(timeouts), fireIntervals: () => fire(intervals) };
}

function answer(over: { maxChars?: number } = {}) {
  const clock = steppedTimers();
  const events: ChatSessionEvent[] = [];
  let checkpoints = 0;
  const message: SessionMessage = { id: 'a1', role: 'assistant', text: '', status: 'streaming', createdAt: 0 };
  const a = new StreamingAnswer({
    requestId: 'r1',
    message,
    started: 100,
    timers: clock.timers,
    listener: (e) => events.push(e),
    checkpoint: () => checkpoints++,
    ...over,
  });
  return { a, message, events, clock, checkpoints: () => checkpoints };
}

describe('StreamingAnswer', () => {
  it('fills the message and forwards coalesced deltas only when the timer fires', () => {
    const { a, message, events, clock } = answer();
    const choices: PendingChoices = new Map();
    a.apply({ type: 'content', text: 'Hel' }, choices, false);
    a.apply({ type: 'reasoning', text: 'think' }, choices, false);
    a.apply({ type: 'content', text: 'lo' }, choices, false);
    assert.equal(message.text, 'Hello');
    assert.equal(message.reasoning, 'think');
    assert.equal(events.length, 0);
    assert.equal(clock.timeouts.size, 1);
    clock.fireTimeouts();
    assert.deepEqual(events, [
      { type: 'appended', requestId: 'r1', messageId: 'a1', content: 'Hello', reasoning: 'think' },
    ]);
  });

  it('records usage, tool calls only when tools were offered, and other choices by index', () => {
    const { a, message } = answer();
    const choices: PendingChoices = new Map();
    a.apply({ type: 'usage', usage: { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 } }, choices, false);
    const calls = [{ id: 'c1', name: 'read_file', arguments: '{}' }];
    a.apply({ type: 'toolCalls', calls }, choices, false);
    assert.ok(!message.toolCalls?.length);
    a.apply({ type: 'toolCalls', calls }, choices, true);
    assert.equal(message.toolCalls?.[0]?.name, 'read_file');
    a.apply({ type: 'choice', index: 1, content: 'alt', reasoning: '' }, choices, false);
    assert.deepEqual(message.usage, { promptTokens: 12, completionTokens: 3, totalTokens: 15 });
    assert.equal(choices.get(1)?.text, 'alt');
  });

  it('past the cap keeps what fits, closes the request, and records the cut with one sentence', () => {
    const { a, message } = answer({ maxChars: 5 });
    a.apply({ type: 'content', text: 'abcdefgh' }, new Map(), false);
    assert.equal(message.text, 'abcde');
    assert.ok(a.capped);
    assert.ok(a.abort.signal.aborted);
    a.recordCut(t, quietLog);
    assert.equal(message.status, 'interrupted');
    assert.match(message.error!.message, /limit for one answer/);
  });

  it('a checkpoint is written only when something arrived since the last one', () => {
    const { a, clock, checkpoints } = answer();
    clock.fireIntervals();
    assert.equal(checkpoints(), 0);
    a.apply({ type: 'content', text: 'x' }, new Map(), false);
    clock.fireIntervals();
    clock.fireIntervals();
    assert.equal(checkpoints(), 1);
    a.apply({ type: 'content', text: 'y' }, new Map(), false);
    a.markWritten();
    clock.fireIntervals();
    assert.equal(checkpoints(), 1);
  });

  it('finish flushes what is pending, stops the timers and reports the duration; dropPending forgets deltas', () => {
    const { a, message, events, clock } = answer();
    a.apply({ type: 'content', text: 'gone' }, new Map(), false);
    a.dropPending();
    a.apply({ type: 'content', text: 'kept' }, new Map(), false);
    a.finish(350);
    assert.deepEqual(
      events.map((e) => e.type),
      ['appended', 'finished'],
    );
    assert.equal((events[0] as { content: string }).content, 'kept');
    assert.equal(message.durationMs, 250);
    assert.equal(clock.intervals.size, 0);
    assert.equal(clock.timeouts.size, 0);
  });
});
