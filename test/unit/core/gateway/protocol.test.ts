// Every protocol case (streams, reasoning, tool calls, errors, models, balance) against the test gateway over loopback.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createGatewayClient, MAX_MODEL_LIST_BYTES, MAX_MODELS } from '../../../../src/core/gateway/client';
import type { GatewayClient, GatewayClientOptions } from '../../../../src/core/gateway/types';
import type { GatewayError } from '../../../../src/core/gateway/errors';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { chat, drain } from './drain';

let gw: TestGateway;
let client: GatewayClient;

function make(over: Partial<GatewayClientOptions> = {}): GatewayClient {
  return createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test', maxRetries: 0, ...over });
}

const run = (scenario: string, c: GatewayClient = client) => drain(c, chat(`scenario:${scenario}`));

before(async () => {
  gw = await startTestGateway();
  client = make();
});
after(() => gw.close());

describe('streaming shapes', () => {
  test('default answer: markdown quoting the question, code block, usage, finish', async () => {
    const d = await drain(client, chat('gpt-4o', 'What is a closure?'));
    assert.equal(d.error, undefined);
    assert.match(d.content, /> What is a closure\?/);
    assert.match(d.content, /```ts\n/);
    assert.deepEqual(d.finishes, ['stop']);
    assert.equal(d.usage?.total_tokens !== undefined, true);
    assert.ok(d.events.filter((e) => e.type === 'content').length > 10, 'streamed in small pieces');
  });

  for (const [name, content] of [
    ['crlf', 'crlf lines'],
    ['cr', 'cr lines'],
    ['crlf-split', 'split CRLF'],
    ['chinese-bytewise', '你好，世界！🌏'],
    ['bom', 'bom'],
    ['azure-first-chunk', 'azure'],
    ['python-spaces', 'spaced'],
    ['buffered', 'A proxy buffered this whole answer into one write.'],
    ['comments-multiline', 'multi\nline'],
  ] as const) {
    test(`${name} → ${JSON.stringify(content)}`, async () => {
      const d = await run(name);
      assert.equal(d.error, undefined, d.error?.message);
      assert.equal(d.content, content);
      assert.deepEqual(d.finishes, ['stop']);
    });
  }

  test('upper-case finish reason is lower-cased; null fields are ignored', async () => {
    const d = await run('upper-finish-null-fields');
    assert.equal(d.content, 'ok');
    assert.deepEqual(d.finishes, ['stop']);
  });

  test('usage on every chunk: the last usage wins and unknown fields are kept', async () => {
    const d = await run('usage-every-chunk');
    assert.equal(d.content, 'ab');
    assert.equal(d.usage?.total_tokens, 7);
    assert.equal(d.usage?.cost, 0.0001);
  });

  test('a refusal reaches the user as content', async () => {
    const d = await run('refusal');
    assert.equal(d.content, "I can't help with that.");
  });

  test('events after [DONE] are ignored', async () => {
    const d = await run('events-after-done');
    assert.equal(d.content, 'before');
    assert.deepEqual(d.finishes, ['stop']);
  });
});

describe('reasoning', () => {
  test('reasoning_content (DeepSeek)', async () => {
    const d = await run('reasoning-content');
    assert.equal(d.reasoning, 'Let me think.');
    assert.equal(d.content, 'Answer.');
  });
  test('reasoning (OpenRouter)', async () => {
    const d = await run('reasoning-field');
    assert.equal(d.reasoning, 'Thinking hard.');
    assert.equal(d.content, 'Done.');
  });
  test('<think> in content, tags split across chunks', async () => {
    const d = await run('reasoning-think');
    assert.equal(d.reasoning, 'Pondering…');
    assert.equal(d.content, 'The answer is 42.');
    assert.ok(!d.content.includes('<'));
  });
});

describe('tool calls', () => {
  test('interleaved parallel calls come as one toolCalls event before finish', async () => {
    const d = await run('tool-calls');
    const tc = d.events.filter((e) => e.type === 'toolCalls');
    assert.equal(tc.length, 1);
    assert.deepEqual(d.toolCalls, [
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris"}' },
      { id: 'call_b', name: 'get_time', arguments: '{"tz":"UTC"}' },
    ]);
    assert.deepEqual(d.finishes, ['tool_calls']);
    assert.ok(d.events.findIndex((e) => e.type === 'toolCalls') < d.events.findIndex((e) => e.type === 'finish'));
  });
  test('index 0 reused with a new id makes two calls; finish "stop" still counts', async () => {
    const d = await run('tool-calls-index-reuse');
    assert.equal(d.error, undefined);
    assert.deepEqual(
      d.toolCalls.map((c) => c.id),
      ['call_1', 'call_2'],
    );
  });
  test('fragments without an index continue the last call; a new id starts one', async () => {
    const d = await run('tool-calls-no-index');
    assert.deepEqual(d.toolCalls, [
      { id: 'call_x', name: 'search', arguments: '{"q":"vscode"}' },
      { id: 'call_y', name: 'open', arguments: '{}' },
    ]);
  });
  test('an empty id gets a usable one', async () => {
    const d = await run('tool-calls-empty-id');
    assert.equal(d.toolCalls.length, 1);
    assert.ok(d.toolCalls[0].id.length > 0);
  });
  test('malformed arguments are passed on raw, not repaired', async () => {
    const d = await run('tool-calls-malformed-args');
    assert.equal(d.toolCalls[0].arguments, '{"path": "x", ');
  });
});

describe('errors inside a 200 stream', () => {
  test('OpenAI error object after text: text yielded first, then the gateway message', async () => {
    const d = await run('midstream-error-openai');
    assert.equal(d.content, 'Partial answer');
    assert.equal(d.error?.kind, 'server');
    assert.match(d.error!.message, /The server had an error/);
    assert.equal(d.error?.partialContent, 'Partial answer');
    assert.ok(!d.content.includes('error'));
  });
  test('OpenRouter error chunk with finish_reason "error" and no [DONE]', async () => {
    const d = await run('midstream-error-openrouter');
    assert.equal(d.content, 'Partial');
    assert.equal(d.error?.kind, 'server');
    assert.match(d.error!.message, /Provider returned error/);
    assert.deepEqual(d.finishes, []);
  });
  test('event: error', async () => {
    const d = await run('event-error');
    assert.equal(d.content, 'safe');
    assert.match(d.error!.message, /upstream overloaded/);
  });
  test('[DONE] without finish_reason → interrupted, partial text kept', async () => {
    const d = await run('done-without-finish');
    assert.equal(d.content, 'Cut short');
    assert.equal(d.error?.kind, 'interrupted');
    assert.equal(d.error?.partialContent, 'Cut short');
    assert.match(d.error!.toUserMessage(), /cut off/);
  });
  test('EOF without finish_reason → interrupted', async () => {
    const d = await run('eof-without-finish');
    assert.equal(d.error?.kind, 'interrupted');
    assert.equal(d.content, 'Cut short');
  });
  test('empty 200 body → interrupted', async () => {
    assert.equal((await run('empty-200')).error?.kind, 'interrupted');
  });
  test('malformed JSON → protocol', async () => {
    const d = await run('malformed-json');
    assert.equal(d.content, 'ok');
    assert.equal(d.error?.kind, 'protocol');
  });
  test('forged [DONE]x → protocol', async () => {
    const d = await run('forged-done');
    assert.equal(d.content, 'partial');
    assert.equal(d.error?.kind, 'protocol');
  });
  test('reset after 3 tokens → interrupted with the 3 tokens', async () => {
    const d = await run('reset-after-3');
    assert.equal(d.content, 't0 t1 t2 ');
    assert.equal(d.error?.kind, 'interrupted');
  });
  test('reset in the middle of JSON → interrupted', async () => {
    const d = await run('reset-mid-json');
    assert.equal(d.content, 'Hel');
    assert.equal(d.error?.kind, 'interrupted');
  });
  test('a 20 MB event is refused with a protocol error (default 16 MiB cap)', { timeout: 60_000 }, async () => {
    const d = await run('big-event-20mb');
    assert.equal(d.error?.kind, 'protocol');
    assert.match(d.error!.message, /exceeded 16 MiB/);
    assert.equal(d.content, '');
  });
  test('a 20 MB event passes with a larger cap', { timeout: 60_000 }, async () => {
    const d = await run(
      'big-event-20mb',
      make({ maxEventSize: 32 * 1024 * 1024, answerLimits: { maxAnswerChars: 32 * 1024 * 1024 } }),
    );
    assert.equal(d.error, undefined);
    assert.equal(d.content.length, 20 * 1024 * 1024);
  });
});

describe('bodies that are not an event stream', () => {
  test('HTML with status 200 → protocol, a plain-text excerpt', async () => {
    const d = await run('html-200');
    assert.equal(d.error?.kind, 'protocol');
    assert.match(d.error!.message, /502 Bad Gateway/);
    assert.ok(!/[<>]/.test(d.error!.message));
    assert.equal(d.content, '');
  });
  test('HTML with 502 → server, excerpt, no markup', async () => {
    const d = await run('html-502');
    assert.equal(d.error?.kind, 'server');
    assert.equal(d.error?.status, 502);
    assert.match(d.error!.message, /502 Bad Gateway/);
    assert.ok(!/[<>]|alert/.test(d.error!.message));
  });
  test('HTML without a content-type → protocol', async () => {
    assert.equal((await run('html-no-content-type')).error?.kind, 'protocol');
  });
  test('a JSON completion answering stream:true is yielded as events', async () => {
    const d = await run('json-to-stream');
    assert.equal(d.error, undefined);
    assert.equal(d.content, 'A whole completion, not a stream.');
    assert.equal(d.reasoning, 'Brief thought.');
    assert.deepEqual(d.finishes, ['stop']);
    assert.equal(d.usage?.total_tokens, 21);
  });
  test('a JSON error answering stream:true → its kind and message', async () => {
    const d = await run('json-error-to-stream');
    assert.equal(d.error?.kind, 'badRequest');
    assert.equal(d.error?.status, 400);
    assert.match(d.error!.message, /temperature/);
  });
  test('HTTP 200 with a Chinese error object: message without the request id suffix, id parsed', async () => {
    const d = await run('json-error-200');
    assert.equal(d.error?.message, '当前分组上游负载已饱和，请稍后再试');
    assert.match(d.error!.requestId ?? '', /^\d{14}/);
  });
  test('a JSON error labelled text/event-stream keeps the gateway message', async () => {
    const d = await run('json-error-as-event-stream');
    assert.equal(d.error?.kind, 'quota');
    assert.equal(d.error?.message, '该令牌额度已用尽');
  });
  test('an event stream labelled application/json is still read as a stream', async () => {
    const d = await run('sse-as-json');
    assert.equal(d.error, undefined);
    assert.equal(d.content, 'mislabelled');
  });
  test('204 → interrupted', async () => {
    assert.ok(['interrupted', 'protocol'].includes((await run('http-204')).error?.kind ?? ''));
  });
});

describe('errors before the stream', () => {
  const cases: [string, string, number, RegExp?][] = [
    ['http-401', 'auth', 401, /^无效的令牌$/],
    ['http-401-no-token', 'auth', 401, /^未提供令牌$/],
    ['http-401-expired', 'auth', 401, /^该令牌已过期$/],
    ['http-401-exhausted', 'quota', 401, /^该令牌额度已用尽$/],
    ['http-403', 'notFound', 403, /^该令牌无权访问模型 gpt-4o$/],
    ['http-403-quota', 'quota', 403, /用户额度不足/],
    ['http-404', 'notFound', 404, /does not exist/],
    ['http-404-empty', 'notFound', 404, /HTTP 404/],
    ['http-429', 'rateLimit', 429, /请求数限制/],
    ['http-429-empty', 'rateLimit', 429, /HTTP 429/],
    ['http-500', 'server', 500],
    ['http-501', 'server', 501],
    ['http-502', 'server', 502],
    ['http-503', 'server', 503],
    ['http-504', 'server', 504],
    ['http-503-no-channel', 'server', 503, /无可用渠道/],
    ['html-504', 'server', 504, /504 Gateway Time-out/],
  ];
  for (const [scenario, kind, status, msg] of cases) {
    test(`${scenario} → ${kind}`, async () => {
      const d = await run(scenario);
      assert.equal(d.error?.kind, kind);
      assert.equal(d.error?.status, status);
      if (msg) assert.match(d.error!.message, msg);
      const rec = gw.requests.at(-1)!;
      assert.equal(rec.scenario, scenario);
      assert.ok(d.error!.requestId, 'request id from the header or the message');
      const sentence = d.error!.toUserMessage();
      assert.ok(sentence.includes(d.error!.requestId!));
      if (msg && d.error!.message) assert.ok(sentence.includes(d.error!.message));
    });
  }

  test('a bad key → 401 auth with the gateway message and request id header', async () => {
    const d = await drain(make({ apiKey: 'sk-bad-key' }), chat());
    assert.equal(d.error?.kind, 'auth');
    assert.equal(d.error?.message, '无效的令牌');
    assert.match(d.error!.toUserMessage(), /Set API Key/);
  });
  test('no key → 401 未提供令牌', async () => {
    const d = await drain(make({ apiKey: undefined }), chat());
    assert.equal(d.error?.message, '未提供令牌');
    assert.equal(gw.requests.at(-1)?.headers.authorization, undefined);
  });
});

describe('what is sent', () => {
  test('Bearer key, JSON numbers and booleans, stream_options, unset options left out', async () => {
    await drain(client, {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'x' }],
      temperature: 0.5,
      max_tokens: '128' as unknown as number,
      top_p: undefined,
    });
    const rec = gw.requests.at(-1)!;
    assert.equal(rec.headers.authorization, 'Bearer sk-test');
    const body = rec.json as Record<string, unknown>;
    assert.equal(body.temperature, 0.5);
    assert.equal(body.max_tokens, 128);
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.ok(!('top_p' in body) && !('n' in body) && !('stop' in body) && !('tools' in body));
    assert.ok(!rec.bodyText.includes('"0.5"'));
  });
  test('custom headers are sent but cannot replace Authorization', async () => {
    await drain(
      make({ headers: { 'X-Title': 'AppleRouter Chat', authorization: 'Bearer sk-evil', Authorization: 'x' } }),
      chat(),
    );
    const rec = gw.requests.at(-1)!;
    assert.equal(rec.headers['x-title'], 'AppleRouter Chat');
    assert.equal(rec.headers.authorization, 'Bearer sk-test');
  });
  test('getters are read on every request', async () => {
    let key = 'sk-one';
    const c = make({ apiKey: () => key, baseUrl: () => gw.baseUrl + '/' });
    await drain(c, chat());
    key = 'sk-two';
    await drain(c, chat());
    assert.deepEqual(
      gw.requests.slice(-2).map((r) => r.headers.authorization),
      ['Bearer sk-one', 'Bearer sk-two'],
    );
  });
  test('complete() sends stream:false and returns the whole answer', async () => {
    const r = await client.complete(chat('gpt-4o', 'Say hi'));
    assert.equal((gw.requests.at(-1)!.json as { stream: unknown }).stream, false);
    assert.match(r.content, /> Say hi/);
    assert.equal(r.finishReason, 'stop');
    assert.equal(r.usage?.total_tokens, 21);
    assert.equal(r.model, 'gpt-4o-2024-08-06');
    assert.match(r.requestId ?? '', /^\d{14}/);
  });
  test('complete() also accepts an event stream', async () => {
    const r = await client.complete(chat('scenario:reasoning-content'));
    assert.equal(r.content, 'Answer.');
    assert.equal(r.reasoning, 'Let me think.');
  });
});

describe('models and balance', () => {
  for (const shape of ['models-openai', 'models-newapi', 'models-newapi-typed']) {
    test(`listModels accepts ${shape}`, async () => {
      const models = await make({ headers: { 'x-test-scenario': shape } }).listModels();
      const ids = models.map((m) => m.id);
      for (const id of [
        'gpt-4o',
        'gpt-4o-mini',
        'claude-3-5-sonnet',
        'deepseek-reasoner',
        'gemini-2.0-flash',
        'veo-3.1',
      ])
        assert.ok(ids.includes(id), id);
      assert.equal(ids.filter((i) => i.startsWith('veo-3.1')).length, 8);
      if (shape === 'models-newapi-typed')
        assert.deepEqual(models.find((m) => m.id === 'veo-3.1')?.endpointTypes, ['openai-video', 'openai']);
    });
  }
  test('a hostile model list is bounded: at most MAX_MODELS entries, and a body past the cap is refused', async () => {
    const many = {
      object: 'list',
      data: Array.from({ length: MAX_MODELS + 500 }, (_, i) => ({ id: `m-${i}`, object: 'model' })),
    };
    gw.enqueue({ path: '/v1/models', headers: { 'content-type': 'application/json' }, body: JSON.stringify(many) });
    assert.equal((await client.listModels()).length, MAX_MODELS);
    gw.enqueue({
      path: '/v1/models',
      headers: { 'content-type': 'application/json' },
      body: '{"object":"list","data":[{"id":"pad","x":"@@"}]}',
      repeat: { marker: '@@', unit: 'x'.repeat(1024), count: MAX_MODEL_LIST_BYTES / 1024 + 10 },
    });
    await assert.rejects(client.listModels(), (e: GatewayError) => e.kind === 'protocol');
  });
  test('balance: limit, used (cents → USD), remaining', async () => {
    const b = await client.getBalance();
    assert.deepEqual(b, { limitUsd: 50, usedUsd: 12.34, remainingUsd: 50 - 12.34 });
  });
  test('balance: 100000000 means unlimited', async () => {
    assert.deepEqual(await make({ headers: { 'x-test-scenario': 'billing-unlimited' } }).getBalance(), {
      usedUsd: 2.5,
    });
  });
  test('balance: 404 → undefined', async () => {
    assert.equal(await make({ headers: { 'x-test-scenario': 'billing-404' } }).getBalance(), undefined);
  });
  test('balance: 200 with {error} → undefined', async () => {
    assert.equal(await make({ headers: { 'x-test-scenario': 'billing-error-200' } }).getBalance(), undefined);
  });
  test('balance: a bad key is an auth error', async () => {
    await assert.rejects(make({ apiKey: 'sk-bad' }).getBalance(), { kind: 'auth' });
  });
});

describe('redirects', () => {
  test('a same-origin redirect is followed', async () => {
    gw.enqueue({
      status: 307,
      headers: { location: '/v1/chat/completions?moved=1', 'content-type': 'text/plain' },
      body: '',
    });
    const d = await drain(client, chat('gpt-4o', 'redirected'));
    assert.equal(d.error, undefined);
    assert.equal(gw.requests.at(-1)?.path, '/v1/chat/completions?moved=1');
    assert.equal(gw.requests.at(-1)?.headers.authorization, 'Bearer sk-test');
  });
  test('a redirect to another origin is refused and the key never leaves', async () => {
    const other = await startTestGateway();
    try {
      gw.enqueue({
        status: 302,
        headers: { location: `${other.origin}/attacker/steal`, 'content-type': 'text/plain' },
        body: '',
      });
      const d = await drain(client, chat());
      assert.equal(d.error?.kind, 'network');
      assert.match(d.error!.message, /another site/);
      assert.equal(other.requests.length, 0);
    } finally {
      await other.close();
    }
  });
});
