// The conversation's running token total and the parameters popover's value parsing (pure helpers).
/// <reference lib="dom" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationUsage } from '../../../../src/webview/chat/components/conversationHeader';
import { parseOwnValue } from '../../../../src/webview/chat/components/parametersPanel';

test('adds up every answer that has usage; a missing total is prompt + completion', () => {
  const sum = conversationUsage([
    { id: 'u', role: 'user', text: 'q', status: 'done' },
    { id: 'a', role: 'assistant', text: 'x', status: 'done', usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 } },
    { id: 'b', role: 'assistant', text: 'y', status: 'done', usage: { promptTokens: 20, completionTokens: 7 } },
    { id: 'c', role: 'assistant', text: 'z', status: 'error' },
  ]);
  assert.deepEqual(sum, { total: 42, prompt: 30, completion: 12 });
});

test('a typed parameter keeps its JSON type: numbers, arrays, null; other text stays text; empty is unset', () => {
  assert.strictEqual(parseOwnValue(' 1.1 '), 1.1);
  assert.deepStrictEqual(parseOwnValue('["<END>"]'), ['<END>']);
  assert.strictEqual(parseOwnValue('null'), null);
  assert.strictEqual(parseOwnValue('alice'), 'alice');
  assert.strictEqual(parseOwnValue('  '), undefined);
});
