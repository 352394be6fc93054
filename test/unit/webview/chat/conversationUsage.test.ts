// The conversation's running token total and the parameters popover's value parsing (pure helpers).
/// <reference lib="dom" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conversationUsage } from '../../../../src/webview/chat/components/conversationHeader';
import { parseOwnValue } from '../../../../src/webview/chat/components/parametersPanel';
import { formatUsd } from '../../../../src/webview/shared/format';

test('adds up every answer that has usage; a missing total is prompt + completion', () => {
  const sum = conversationUsage([
    { id: 'u', role: 'user', text: 'q', status: 'done' },
    {
      id: 'a',
      role: 'assistant',
      text: 'x',
      status: 'done',
      usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15 },
    },
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

test('estimated costs add up where answers have them; none when no answer has one', () => {
  const withCost = conversationUsage([
    {
      id: 'a',
      role: 'assistant',
      text: 'x',
      status: 'done',
      usage: { promptTokens: 10, completionTokens: 5 },
      costUsd: 0.25,
    },
    { id: 'b', role: 'assistant', text: 'y', status: 'done', usage: { promptTokens: 1, completionTokens: 1 } },
    {
      id: 'c',
      role: 'assistant',
      text: 'z',
      status: 'done',
      usage: { promptTokens: 1, completionTokens: 1 },
      costUsd: 0.5,
    },
  ]);
  assert.equal(withCost.costUsd, 0.75);
  assert.equal(
    conversationUsage([{ id: 'a', role: 'assistant', text: 'x', status: 'done', usage: { totalTokens: 3 } }]).costUsd,
    undefined,
  );
});

test('a cost reads as dollars: two decimals from a cent up, two significant digits below', () => {
  assert.equal(formatUsd(1.234), '$1.23');
  assert.equal(formatUsd(0.01), '$0.01');
  assert.equal(formatUsd(0.009999), '$0.01');
  assert.equal(formatUsd(0.0099), '$0.0099');
  assert.equal(formatUsd(0.00004575), '$0.000046');
  assert.equal(formatUsd(0), '$0');
});
