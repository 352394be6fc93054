// Tools and request parameters together (issues 11 and 12 merged): one request carries both, and a fork keeps the
// tool calls with their results so that the next request replays them.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { ChatSession, toChatMessages } from '../../../../src/core/chat';
import { sessionDeps } from './sessionDeps';
import { BUILTIN_TOOL_DEFINITIONS, type ToolHost } from '../../../../src/core/tools';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

const tools: ToolHost = {
  definitions: () => [...BUILTIN_TOOL_DEFINITIONS],
  run: async (call) => ({ status: 'done', content: `result of ${call.name}` }),
  maxRounds: () => 10,
  confirmMoreRounds: async () => false,
  markUnsupported: () => undefined,
};

async function session(): Promise<ChatSession> {
  const { deps } = await sessionDeps(gw.baseUrl, {
    defaults: () => ({ model: 'scenario:tools-fragmented', systemPrompt: '', sampling: {} }),
    parameterLayers: () => ({ modelParameters: { 'scenario:tools-*': { temperature: 0.2, seed: 7 } } }),
    tools,
  });
  return new ChatSession(deps);
}

describe('tools with request parameters', () => {
  it('every round of the tool loop carries the tools and the model parameters', async () => {
    const mark = gw.requests.length;
    const s = await session();
    await s.send('read it', []);
    const bodies = gw.requests
      .slice(mark)
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => JSON.parse(r.bodyText) as Record<string, unknown>);
    assert.equal(bodies.length, 2);
    for (const body of bodies) {
      assert.equal(body.temperature, 0.2);
      assert.equal(body.seed, 7);
      assert.ok(Array.isArray(body.tools) && body.tools.length === BUILTIN_TOOL_DEFINITIONS.length);
    }
  });

  it('a fork from the tool-calling answer keeps its calls and results for the replay', async () => {
    const s = await session();
    await s.send('read it', []);
    const calling = s.conversation.messages.find((m) => m.toolCalls?.length)!;
    assert.ok(await s.fork(calling.id));
    const forked = s.conversation.messages.at(-1)!;
    assert.deepEqual(forked.toolCalls, calling.toolCalls);
    const replay = toChatMessages(s.conversation);
    assert.deepEqual(replay.at(-1), {
      role: 'tool',
      tool_call_id: calling.toolCalls![0]!.id,
      content: 'result of read_file',
    });
  });
});
