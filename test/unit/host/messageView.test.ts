// The view of an answer with a flood of tool calls: the calls that ran as cards, the rest as one count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionMessage } from '../../../src/core/chat';
import { messageView } from '../../../src/host/chat/messageView';

test('calls past the per-answer limit are counted, not sent to the view one by one', () => {
  const calls = Array.from({ length: 20_000 }, (_, i) => ({
    id: `call_${i}`,
    name: 'read_file',
    arguments: i < 32 ? `{"path":"f${i}"}` : '',
    status: 'error' as const,
    ...(i >= 32 ? { overLimit: true as const } : {}),
  }));
  const m = { id: 'a1', role: 'assistant', text: '', status: 'done', createdAt: 0, toolCalls: calls } as SessionMessage;
  const v = messageView(m, undefined);
  assert.equal(v.toolCalls?.length, 32);
  assert.equal(v.toolCallsNotRun, 19_968);
  assert.equal(messageView({ ...m, toolCalls: calls.slice(0, 3) }, undefined).toolCallsNotRun, undefined);
});
