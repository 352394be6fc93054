// Request parameters end to end: the session's requests as the test gateway records their exact bodies.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import {
  ChatSession,
  chatSessionMessages,
  type ChatSessionDeps,
  type ChatSessionEvent,
} from '../../../../src/core/chat';
import { t } from '../../helpers';
import { sessionDeps } from './sessionDeps';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

async function session(
  model: string,
  layers: ReturnType<NonNullable<ChatSessionDeps['parameterLayers']>>,
): Promise<{ s: ChatSession; events: ChatSessionEvent[]; setLayers: (l: typeof layers) => void }> {
  const events: ChatSessionEvent[] = [];
  let current = layers;
  const { deps } = await sessionDeps(gw.baseUrl, {
    defaults: () => ({ model, systemPrompt: '', sampling: { temperature: 0.5 } }),
    parameterLayers: () => current,
    listener: (e) => events.push(e),
  });
  return { s: new ChatSession(deps), events, setLayers: (l) => (current = l) };
}

/** The last chat request's body as the gateway received it, parsed from the exact bytes. */
function lastBody(): Record<string, unknown> {
  const r = gw.requests.filter((x) => x.path === '/v1/chat/completions').at(-1)!;
  return JSON.parse(r.bodyText) as Record<string, unknown>;
}

describe('request parameters reach the gateway', () => {
  it('every parameter from the model defaults, with its exact JSON type', async () => {
    const all = {
      temperature: 0.25,
      top_p: 0.5,
      n: 1,
      stop: ['<END>', '###'],
      max_tokens: 64,
      presence_penalty: -0.5,
      frequency_penalty: 1,
      logit_bias: { '50256': -100, '11': 2.5 },
      user: 'alice',
      seed: 42,
      reasoning_effort: 'low',
    };
    const { s } = await session('gpt-4o', { modelParameters: { 'gpt-4o*': all } });
    await s.send('hi', []);
    const body = lastBody();
    for (const [k, v] of Object.entries(all)) assert.deepStrictEqual(body[k], v, k);
    assert.equal(typeof body.temperature, 'number');
    assert.ok(Array.isArray(body.stop));
    assert.equal(typeof (body.logit_bias as Record<string, unknown>)['50256'], 'number');
    assert.equal(s.conversation.messages.at(-1)!.status, 'done');
  });

  it('from each source, in precedence order: conversation over model defaults over global settings', async () => {
    const { s } = await session('gpt-4o-mini', {
      global: { temperature: 0.9, top_p: 0.7, max_tokens: 100 },
      modelParameters: { '*': { top_p: 0.6, max_tokens: 50 }, 'gpt-4o*': { max_tokens: 30 } },
    });
    s.conversation.parameters = { temperature: 1.2 };
    await s.send('hi', []);
    const body = lastBody();
    assert.deepStrictEqual({ t: body.temperature, p: body.top_p, m: body.max_tokens }, { t: 1.2, p: 0.6, m: 30 });
  });

  it('null suppresses a parameter the global settings would send', async () => {
    const { s } = await session('deepseek-r1', {
      global: { temperature: 0.9, top_p: 0.7 },
      modelParameters: { 'deepseek-r1': { temperature: null } },
    });
    await s.send('hi', []);
    const body = lastBody();
    assert.equal('temperature' in body, false);
    assert.equal(body.top_p, 0.7);
  });

  it('an invalid value is not sent and is reported once, naming the key that holds it', async () => {
    const { s, events } = await session('gpt-4o', {
      modelParameters: { 'gpt-4o': { temperature: 'hot', top_p: 0.4 } },
    });
    await s.send('one', []);
    assert.equal('temperature' in lastBody(), false);
    assert.equal(lastBody().top_p, 0.4);
    await s.send('two', []);
    const notices = events.filter((e) => e.type === 'notice').map((e) => (e as { message: string }).message);
    assert.deepEqual(notices, [
      t(chatSessionMessages.invalidParameter, 'temperature', 'applerouter.modelParameters["gpt-4o"]'),
    ]);
  });

  it('a 400 naming a parameter offers "send without it"; once suppressed, the retry succeeds', async () => {
    const { s, setLayers } = await session('strict-reasoner', { global: { temperature: 0.9 } });
    await s.send('hi', []);
    const failed = s.conversation.messages.at(-1)!;
    assert.equal(failed.status, 'error');
    assert.equal(failed.error?.parameter, 'temperature');
    assert.deepEqual(failed.error?.actions, ['dropParameter', 'retry', 'showLog']);
    assert.match(failed.error?.message ?? '', /Unsupported parameter: 'temperature'/);
    setLayers({ global: { temperature: 0.9 }, modelParameters: { 'strict-reasoner': { temperature: null } } });
    await s.retry(failed.id);
    assert.equal('temperature' in lastBody(), false);
    assert.equal(s.conversation.messages.at(-1)!.status, 'done');
  });
});
