// The request builder: what one answer's request carries (messages, system context, parameters, tools), pure logic.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createConversation, type ChatSessionEvent } from '../../../../src/core/chat';
import { RequestBuilder, type RequestBuilderDeps } from '../../../../src/core/chat/requestBuilder';
import { BUILTIN_TOOL_DEFINITIONS, type ToolHost } from '../../../../src/core/tools';
import { quietLog, t } from '../../helpers';

function conversation() {
  const c = createConversation('c1', 'gpt-4o', 'Be brief.', 1);
  c.messages.push(
    { id: 'u1', role: 'user', text: 'first', status: 'done', createdAt: 1 },
    { id: 'a1', role: 'assistant', text: 'one', status: 'done', createdAt: 2 },
    { id: 'u2', role: 'user', text: 'second', status: 'done', createdAt: 3 },
    { id: 'a2', role: 'assistant', text: '', status: 'streaming', createdAt: 4 },
  );
  return c;
}

function deps(over: Partial<RequestBuilderDeps> = {}, events: ChatSessionEvent[] = []): RequestBuilderDeps {
  return {
    defaults: () => ({ model: 'gpt-4o', systemPrompt: '', sampling: { temperature: 0.3 } }),
    log: quietLog,
    listener: (e) => events.push(e),
    t,
    now: () => 0,
    client: () => {
      throw new Error('no request is made while building');
    },
    ...over,
  };
}

const tools: ToolHost = {
  definitions: (model) => (model === 'gpt-4o' ? [...BUILTIN_TOOL_DEFINITIONS] : []),
  run: async () => ({ status: 'done', content: '' }),
  maxRounds: () => 10,
  confirmMoreRounds: async () => false,
  markUnsupported: () => undefined,
};

describe('RequestBuilder', () => {
  it('sends the messages before the answer, the system prompt first, and the sampling settings', async () => {
    const { request, tools: offered } = await new RequestBuilder(deps()).build(conversation(), 3);
    assert.deepEqual(request.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'one' },
      { role: 'user', content: 'second' },
    ]);
    assert.equal(request.model, 'gpt-4o');
    assert.equal(request.temperature, 0.3);
    assert.equal(offered, undefined);
    assert.equal('tools' in request, false);
  });

  it('puts the project rules after the system prompt, and nothing for blank rules', async () => {
    const withRules = await new RequestBuilder(deps({ systemContext: () => 'Use tabs.' })).build(conversation(), 3);
    assert.deepEqual(withRules.request.messages.slice(0, 2), [
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: 'Use tabs.' },
    ]);
    const blank = await new RequestBuilder(deps({ systemContext: () => '  ' })).build(conversation(), 3);
    assert.equal(blank.request.messages.length, 4);
  });

  it('offers the tools the host has for the model, none when asked not to or when the host has none', async () => {
    const b = new RequestBuilder(deps({ tools }));
    const offered = await b.build(conversation(), 3);
    assert.equal(offered.tools?.length, BUILTIN_TOOL_DEFINITIONS.length);
    assert.deepEqual(offered.request.tools, offered.tools);
    assert.equal((await b.build(conversation(), 3, { offerTools: false })).tools, undefined);
    const other = conversation();
    other.model = 'no-tools';
    assert.equal((await b.build(other, 3)).request.tools, undefined);
  });

  it('resolves parameters from the layers and reports an invalid value once per builder', async () => {
    const events: ChatSessionEvent[] = [];
    const b = new RequestBuilder(
      deps({ parameterLayers: () => ({ modelParameters: { 'gpt-*': { temperature: 'hot', seed: 3 } } }) }, events),
    );
    const first = await b.build(conversation(), 3);
    await b.build(conversation(), 3);
    assert.equal(first.request.extra?.seed, 3);
    assert.equal(first.request.extra?.temperature, undefined);
    assert.equal(events.filter((e) => e.type === 'notice').length, 1);
  });
});
