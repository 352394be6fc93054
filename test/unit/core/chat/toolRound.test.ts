// One tool round: the calls run with status changes, the retry-without-tools rule, and whether another round follows.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../../src/core/gateway';
import type { SessionMessage } from '../../../../src/core/chat';
import { continueLoop, runAnswerTools, shouldRetryWithoutTools } from '../../../../src/core/chat/toolRound';
import { BUILTIN_TOOL_DEFINITIONS, type ToolHost } from '../../../../src/core/tools';

function host(over: Partial<ToolHost> = {}): ToolHost & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    definitions: () => [...BUILTIN_TOOL_DEFINITIONS],
    run: async (call) => ({ status: 'done', content: `result of ${call.name}` }),
    maxRounds: () => 2,
    confirmMoreRounds: async (rounds) => (asked.push(rounds), false),
    markUnsupported: () => undefined,
    ...over,
  };
}

function calling(id: string): SessionMessage {
  return {
    id,
    role: 'assistant',
    text: '',
    status: 'done',
    createdAt: 0,
    toolCalls: [{ id: `call-${id}`, name: 'read_file', arguments: '{"path":"a.txt"}', status: 'done', result: 'x' }],
  };
}
const user: SessionMessage = { id: 'u', role: 'user', text: 'go', status: 'done', createdAt: 0 };

describe('tool round', () => {
  it("runs the answer's calls and tells the view about each change", async () => {
    const m = calling('a');
    m.toolCalls = [{ id: 'c1', name: 'read_file', arguments: '{"path":"a.txt"}', status: 'pending' }];
    let changes = 0;
    await runAnswerTools(
      m,
      host(),
      [...BUILTIN_TOOL_DEFINITIONS],
      new AbortController().signal,
      Date.now,
      () => changes++,
    );
    assert.equal(m.toolCalls[0]!.status, 'done');
    assert.equal(m.toolCalls[0]!.result, 'result of read_file');
    assert.ok(changes >= 2);
  });

  it('retries without tools only for a tools refusal before anything arrived', () => {
    const refusal = new GatewayError('badRequest', 'tools are not supported by this model', { status: 400 });
    const empty: SessionMessage = { id: 'a', role: 'assistant', text: '', status: 'streaming', createdAt: 0 };
    assert.equal(shouldRetryWithoutTools(refusal, true, empty), true);
    assert.equal(shouldRetryWithoutTools(refusal, false, empty), false);
    assert.equal(shouldRetryWithoutTools(refusal, true, { ...empty, text: 'partial' }), false);
    assert.equal(shouldRetryWithoutTools(new Error('other'), true, empty), false);
  });

  it('goes on by itself below the round limit and asks the user at it', async () => {
    const h = host();
    assert.equal(await continueLoop([user, calling('a')], h), true);
    assert.deepEqual(h.asked, []);
    assert.equal(await continueLoop([user, calling('a'), calling('b')], h), false);
    assert.deepEqual(h.asked, [2]);
    assert.equal(await continueLoop([user], h), false);
  });
});
