// Built-in scenarios of the test gateway: every streaming, error, model and balance case the client must handle, plus the default routes.
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chunk, completionObject, contentStream, data, DONE, multiChoiceStream, pieces } from './sse';
import { json, listedModels, newApiError, registerScenario, type ResponseScript, type ScenarioContext } from './server';

const FIXTURES = path.resolve(__dirname, '../fixtures/sse');

export const MODEL_IDS = [
  'gpt-4o',
  'gpt-4o-mini',
  'claude-3-5-sonnet',
  'deepseek-reasoner',
  'gemini-2.0-flash',
  'veo-3.1',
  'veo-3.1-fast',
  'veo-3.1-landscape',
  'veo-3.1-landscape-fast',
  'veo-3.1-fl',
  'veo-3.1-fast-fl',
  'veo-3.1-landscape-fl',
  'veo-3.1-landscape-fast-fl',
];

/** Models that are not chat models, with the endpoint types new-api lists for them (the language-model provider leaves them out). */
export const NON_CHAT_MODELS: Record<string, string[]> = {
  'text-embedding-3-small': ['embeddings'],
  'gpt-image-1': ['image-generation'],
  'tts-1': ['openai'],
};

/** The test gateway's model list (each shape), also read by tests that check counts. */
export function modelEntries(shape: 'newapi' | 'newapi-typed' | 'openai'): Record<string, unknown> {
  const data = [...MODEL_IDS, ...Object.keys(NON_CHAT_MODELS)].map((id) => {
    const m: Record<string, unknown> = {
      id,
      object: 'model',
      created: 1764150000,
      owned_by: id.startsWith('veo') ? 'vertex-ai' : 'custom',
    };
    if (shape === 'newapi-typed')
      m.supported_endpoint_types =
        NON_CHAT_MODELS[id] ?? (id.startsWith('veo') ? ['openai-video', 'openai'] : ['openai']);
    return m;
  });
  data.push(...listedModels().filter((m) => !data.some((d) => d.id === m.id)));
  if (shape === 'openai') return { object: 'list', data };
  if (shape === 'newapi') return { success: true, data };
  return { success: true, object: 'list', data };
}

function lastUserText(ctx: ScenarioContext): string {
  const messages = (ctx.req.json as { messages?: { role: string; content: unknown }[] } | undefined)?.messages ?? [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  if (Array.isArray(last.content)) {
    return last.content
      .filter((p): p is { type: string; text: string } => (p as { type?: string }).type === 'text')
      .map((p) => p.text)
      .join(' ');
  }
  return '';
}

function defaultAnswer(question: string): string {
  const q = question.trim().split('\n').slice(0, 3).join('\n> ') || '(empty message)';
  return (
    `You asked:\n\n> ${q}\n\n` +
    `Here is a short answer from the **test gateway**. It streams in small pieces, like a real model:\n\n` +
    `1. The text arrives as \`content\` deltas.\n2. Usage comes last, then \`[DONE]\`.\n\n` +
    '```ts\nfunction greet(name: string): string {\n  return `Hello, ${name}!`;\n}\n```\n\n' +
    `That is all — 你好，世界。`
  );
}

function isStream(ctx: ScenarioContext): boolean {
  return (ctx.req.json as { stream?: unknown } | undefined)?.stream === true;
}

/** new-api's `/api/pricing` answer: gpt-4o and gpt-4o-mini per token, veo-3.1-fast and dall-e-3 per request, one unusable entry. */
export const TEST_PRICING = {
  success: true,
  data: [
    {
      model_name: 'gpt-4o',
      quota_type: 0,
      model_ratio: 1.25,
      model_price: 0,
      completion_ratio: 4,
      enable_groups: ['default'],
    },
    {
      model_name: 'gpt-4o-mini',
      quota_type: 0,
      model_ratio: 0.075,
      model_price: 0,
      completion_ratio: 4,
      enable_groups: ['default'],
    },
    {
      model_name: 'veo-3.1-fast',
      quota_type: 1,
      model_ratio: 0,
      model_price: 0.4,
      completion_ratio: 1,
      enable_groups: ['default'],
    },
    {
      model_name: 'dall-e-3',
      quota_type: 1,
      model_ratio: 0,
      model_price: 0.04,
      completion_ratio: 1,
      enable_groups: ['default'],
    },
    { model_name: 'broken', quota_type: 0, model_ratio: 'x' },
  ],
  group_ratio: { default: 1, vip: 0.8 },
};

/** The default answers: models, billing, prices (for some keys), a realistic markdown chat answer. */
export async function defaultHandler(ctx: ScenarioContext): Promise<ResponseScript | void> {
  const p = new URL(ctx.req.path, 'http://x').pathname;
  if (ctx.req.method === 'GET' && p === '/v1/models') return json(200, modelEntries('newapi-typed'));
  if (ctx.req.method === 'GET' && p === '/v1/dashboard/billing/subscription') {
    return json(200, {
      object: 'billing_subscription',
      has_payment_method: true,
      soft_limit_usd: 50,
      hard_limit_usd: 50,
      system_hard_limit_usd: 50,
      access_until: 0,
    });
  }
  if (ctx.req.method === 'GET' && p === '/v1/dashboard/billing/usage')
    return json(200, { object: 'list', total_usage: 1234 });
  // Prices are published (new-api's shape) only to keys starting "sk-priced": a caller without a key is asked for one
  // (401), every other key gets none, like most relays.
  if (ctx.req.method === 'GET' && p === '/api/pricing') {
    const auth = ctx.req.headers.authorization ?? '';
    if (!auth) return json(401, { success: false, message: '未登录' });
    if (!/^Bearer sk-priced/.test(auth)) return json(404, { success: false, message: 'not found' });
    return json(200, TEST_PRICING);
  }
  if (ctx.req.method === 'POST' && p === '/v1/chat/completions') {
    const model = (ctx.req.json as { model?: unknown } | undefined)?.model;
    if (typeof model !== 'string' || !model)
      return json(400, { error: { message: 'model is required', type: 'invalid_request_error', code: null } });
    const answer = defaultAnswer(lastUserText(ctx));
    // n > 1 (up to 4): each choice its own text ("Choice 2 of 2: …"), streamed with interleaved indexes.
    const n = (ctx.req.json as { n?: unknown }).n;
    if (typeof n === 'number' && Number.isInteger(n) && n > 1 && n <= 4 && isStream(ctx)) {
      const texts = Array.from({ length: n }, (_x, i) =>
        i === 0 ? answer : `Choice ${i + 1} of ${n}: ${lastUserText(ctx).trim().split('\n')[0]}`,
      );
      return sseScript(multiChoiceStream(texts, 6), { delayMs: 5 });
    }
    if (!isStream(ctx)) return json(200, completionObject(answer));
    return sseScript(contentStream(pieces(answer, 6)), { delayMs: 15 });
  }
  return json(404, {
    error: { message: `Invalid URL (${ctx.req.method} ${p})`, type: 'invalid_request_error', code: '' },
  });
}

/** One write per SSE event. */
function splitEvents(body: string): { chunks: string[] } {
  return { chunks: body.split(/(?<=\n\n)/) };
}

function sseScript(body: string, extra: Partial<ResponseScript> = {}): ResponseScript {
  return { ...splitEvents(body), delayMs: 5, ...extra };
}

const reg = registerScenario;

// Recorded fixtures, byte for byte, one write per event.
for (const f of readdirSync(FIXTURES).filter((n) => n.endsWith('.sse'))) {
  const body = readFileSync(path.join(FIXTURES, f), 'utf8');
  reg(`fixture-${f.replace(/\.sse$/, '')}`, () => sseScript(body, { delayMs: 2 }));
}

// Streaming shapes.
reg('text', () => sseScript(contentStream(['Hello', ', ', 'world', '!'])));
reg('chinese-bytewise', () => ({ body: contentStream(['你好，', '世界', '！🌏']), chunking: 'bytes', delayMs: 1 }));
reg('crlf', () => sseScript(contentStream(['crlf ', 'lines']).replace(/\n/g, '\r\n')));
reg('cr', () => sseScript(contentStream(['cr ', 'lines']).replace(/\n/g, '\r')));
reg('crlf-split', () => ({
  body: contentStream(['split ', 'CRLF']).replace(/\n/g, '\r\n'),
  chunking: 'bytes',
  delayMs: 0,
}));
reg('comments-multiline', () => ({
  body:
    ': OPENROUTER PROCESSING\n\n' +
    'event: message\n' +
    `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'multi\nline' }, finish_reason: null }] }).replace('"delta"', '\ndata: "delta"')}\n\n` +
    ': PING\n\n' +
    chunk({}, 'STOP') +
    DONE,
}));
reg('bom', () => ({ body: '\ufeff' + contentStream(['bom']), chunking: [1, 2] }));
reg('azure-first-chunk', () =>
  sseScript(
    data({
      id: '',
      object: '',
      created: 0,
      model: '',
      choices: [],
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }],
    }) + contentStream(['azure']),
  ),
);
reg('usage-every-chunk', () =>
  sseScript(
    chunk({ content: 'a' }, null, { usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }) +
      chunk({ content: 'b' }, 'stop', {
        usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7, cost: 0.0001 },
      }) +
      DONE,
  ),
);
reg('upper-finish-null-fields', () =>
  sseScript(
    chunk({ role: 'assistant', content: null, tool_calls: null, refusal: null }) +
      chunk({ content: 'ok' }, null) +
      chunk({ content: null }, 'STOP', {
        choices: [{ index: 0, delta: { content: null }, finish_reason: 'STOP', native_finish_reason: 'STOP' }],
      }) +
      DONE,
  ),
);
reg('refusal', () =>
  sseScript(
    chunk({ role: 'assistant', content: null, refusal: '' }) +
      chunk({ refusal: "I can't help with that." }) +
      chunk({}, 'stop') +
      DONE,
  ),
);
reg('python-spaces', () => ({
  body: 'data: {"choices": [{"index": 0, "delta": {"content": "spaced"}, "finish_reason": null}]}\n\ndata:{"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}\n\ndata: [DONE]\n\n',
}));

// Reasoning in its three forms.
reg('reasoning-content', () =>
  sseScript(
    chunk({ role: 'assistant', reasoning_content: 'Let me ' }) +
      chunk({ reasoning_content: 'think.' }) +
      contentStream(['Answer', '.']).replace(/^data: .*\n\n/, ''),
  ),
);
reg('reasoning-field', () =>
  sseScript(
    chunk({ role: 'assistant', reasoning: 'Thinking ' }) +
      chunk({ reasoning: 'hard.' }) +
      chunk({ content: 'Done.' }) +
      chunk({}, 'stop') +
      DONE,
  ),
);
reg('reasoning-think', () =>
  sseScript(
    chunk({ content: '<thi' }) +
      chunk({ content: 'nk>Ponder' }) +
      chunk({ content: 'ing…</th' }) +
      chunk({ content: 'ink>\n\nThe answer' }) +
      chunk({ content: ' is 42.' }, 'stop') +
      DONE,
  ),
);

// Tool calls.
const tc = (
  index: unknown,
  id: string | undefined,
  name: string | undefined,
  args: string,
): Record<string, unknown> => {
  const o: Record<string, unknown> = { index, function: { arguments: args } };
  if (id !== undefined) o.id = id;
  if (name !== undefined) {
    o.type = 'function';
    (o.function as Record<string, unknown>).name = name;
  }
  return o;
};
reg('tool-calls', () =>
  sseScript(
    chunk({ role: 'assistant', content: null, tool_calls: [tc(0, 'call_a', 'get_weather', '')] }) +
      chunk({ tool_calls: [tc(1, 'call_b', 'get_time', '')] }) +
      chunk({ tool_calls: [tc(0, undefined, undefined, '{"city":')] }) +
      chunk({ tool_calls: [tc(1, undefined, undefined, '{"tz":"UTC"}')] }) +
      chunk({ tool_calls: [tc(0, undefined, undefined, '"Paris"}')] }) +
      chunk({}, 'tool_calls') +
      DONE,
  ),
);
reg('tool-calls-index-reuse', () =>
  sseScript(
    chunk({ tool_calls: [tc(0, 'call_1', 'read_file', '{"path":"a"}')] }) +
      chunk({ tool_calls: [tc(0, 'call_2', 'read_file', '{"path":"b"}')] }) +
      chunk({}, 'stop') +
      DONE,
  ),
);
reg('tool-calls-empty-id', () =>
  sseScript(chunk({ tool_calls: [tc(0, '', 'ping', '{}')] }) + chunk({}, 'tool_calls') + DONE),
);
reg('tool-calls-malformed-args', () =>
  sseScript(chunk({ tool_calls: [tc(0, 'call_m', 'write_file', '{"path": "x", ')] }) + chunk({}, 'tool_calls') + DONE),
);

// Errors after the 200.
reg('midstream-error-openai', () =>
  sseScript(
    chunk({ role: 'assistant', content: 'Partial ' }) +
      chunk({ content: 'answer' }) +
      data({
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      }) +
      DONE,
  ),
);
reg('midstream-error-openrouter', () =>
  sseScript(
    chunk({ role: 'assistant', content: 'Partial' }) +
      data({
        id: 'gen-1',
        object: 'chat.completion.chunk',
        error: { code: 502, message: 'Provider returned error', metadata: { provider_name: 'Example' } },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      }),
  ),
);
reg('event-error', () =>
  sseScript(
    chunk({ content: 'safe' }) + 'event: error\ndata: {"message":"upstream overloaded","type":"server_error"}\n\n',
  ),
);
reg('done-without-finish', () =>
  sseScript(chunk({ role: 'assistant', content: 'Cut ' }) + chunk({ content: 'short' }) + DONE),
);
reg('eof-without-finish', () => sseScript(chunk({ role: 'assistant', content: 'Cut short' })));
reg('empty-200', () => ({ body: '' }));
reg('malformed-json', () => sseScript(chunk({ content: 'ok' }) + 'data: {bad json\n\n' + chunk({}, 'stop') + DONE));
reg('forged-done', () =>
  sseScript(chunk({ content: 'partial' }) + 'data: [DONE]x\n\n' + chunk({ content: 'more' }, 'stop') + DONE),
);
reg('done-hold', () => sseScript(contentStream(['held ', 'open']), { end: 'hold' }));
reg('events-after-done', () =>
  sseScript(contentStream(['before']) + chunk({ content: 'AFTER' }, 'stop') + 'data: junk\n\n'),
);
reg(/^reset-after-(\d+)$/, (ctx) => {
  const n = Number(ctx.match![1]);
  let body = chunk({ role: 'assistant', content: '' });
  for (let i = 0; i < n; i++) body += chunk({ content: `t${i} ` });
  return sseScript(body, { end: 'reset' });
});
reg('reset-mid-json', () => ({
  chunks: [chunk({ content: 'Hel' }), 'data: {"choices":[{"index":0,"delta":{"con'],
  delayMs: 5,
  end: 'reset',
}));
reg('stall', () =>
  sseScript(chunk({ role: 'assistant', content: 'Started ' }) + chunk({ content: 'then stalled' }), { end: 'hold' }),
);
reg(/^slow-first-byte(?:-(\d+))?$/, (ctx) =>
  sseScript(contentStream(['late ', 'answer']), { firstByteDelayMs: Number(ctx.match?.[1] ?? 3000) }),
);
reg(/^slow-headers(?:-(\d+))?$/, (ctx) => ({
  ...sseScript(contentStream(['slow headers'])),
  headersDelayMs: Number(ctx.match?.[1] ?? 3000),
}));
reg(/^keepalive-then-answer(?:-(\d+))?$/, (ctx) => {
  const n = Number(ctx.match?.[1] ?? 5);
  return {
    chunks: [
      ...Array.from({ length: n }, () => ': keep-alive\n\n'),
      ...splitEvents(contentStream(['after ', 'waiting'])).chunks,
    ],
    delayMs: 100,
  };
});
reg('buffered', () => ({ body: contentStream(pieces('A proxy buffered this whole answer into one write.', 5)) }));
reg('big-event-20mb', () => ({
  body: chunk({ role: 'assistant', content: '@@BIG@@' }) + chunk({}, 'stop') + DONE,
  repeat: { marker: '@@BIG@@', unit: 'x', count: 20 * 1024 * 1024 },
  chunking: { every: 256 * 1024 },
}));

// Not an event stream.
const cloudflare502 =
  '<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title><style>body{font-family:sans-serif}</style></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>cloudflare</center>\n<script>alert(1)</script>\n</body>\n</html>\n';
reg('html-200', () => ({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: cloudflare502 }));
reg('html-502', () => ({ status: 502, headers: { 'content-type': 'text/html' }, body: cloudflare502 }));
reg('html-504', () => ({
  status: 504,
  headers: { 'content-type': 'text/html' },
  body: cloudflare502.replace(/502 Bad Gateway/g, '504 Gateway Time-out'),
}));
reg('html-no-content-type', () => ({ status: 200, headers: { 'content-type': '' }, body: cloudflare502 }));
reg('json-to-stream', () =>
  json(200, completionObject('A whole completion, not a stream.', { reasoning: 'Brief thought.' })),
);
reg('json-error-to-stream', () =>
  json(400, {
    error: {
      message: "Invalid value for 'temperature': expected a number.",
      type: 'invalid_request_error',
      param: 'temperature',
      code: null,
    },
  }),
);
reg('json-error-200', (ctx) =>
  json(200, {
    error: { message: `当前分组上游负载已饱和，请稍后再试 (request id: ${ctx.requestId})`, type: 'new_api_error' },
  }),
);

// Errors before the stream: new-api's own messages, with their Chinese text.
reg('http-401', (ctx) => newApiError(401, '无效的令牌', ctx.requestId));
reg('http-401-no-token', (ctx) => newApiError(401, '未提供令牌', ctx.requestId));
reg('http-401-expired', (ctx) => newApiError(401, '该令牌已过期', ctx.requestId));
reg('http-401-exhausted', (ctx) => newApiError(401, '该令牌额度已用尽', ctx.requestId));
reg('http-403', (ctx) => newApiError(403, '该令牌无权访问模型 gpt-4o', ctx.requestId));
reg('http-403-quota', (ctx) =>
  newApiError(403, '用户额度不足, 剩余额度: ＄0.000000', ctx.requestId, 'new_api_error', 'insufficient_user_quota'),
);
reg('http-404', () =>
  json(404, {
    error: {
      message: 'The model `nope` does not exist or you do not have access to it.',
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    },
  }),
);
reg('http-404-empty', () => ({ status: 404, headers: { 'content-type': 'text/plain' }, body: '' }));
reg('http-429', (ctx) => newApiError(429, '您已达到请求数限制：1分钟内最多请求 3 次', ctx.requestId));
reg('http-429-empty', () => ({ status: 429, headers: { 'content-type': 'text/plain' }, body: '' }));
reg('http-429-retry-after-ms', () => ({
  status: 429,
  headers: { 'content-type': 'text/plain', 'retry-after-ms': '20' },
  body: '',
}));
reg('http-429-retry-after-seconds', () => ({
  status: 429,
  headers: { 'content-type': 'text/plain', 'retry-after': '1' },
  body: '',
}));
reg('http-429-retry-after-date', () => ({
  status: 429,
  headers: { 'content-type': 'text/plain', 'retry-after': new Date(Date.now() + 1500).toUTCString() },
  body: '',
}));
reg('http-429-retry-after-300', () => ({
  status: 429,
  headers: { 'content-type': 'application/json', 'retry-after': '300' },
  body: '{"error":{"message":"Rate limit reached for requests","type":"requests","code":"rate_limit_exceeded"}}',
}));
for (const s of [500, 501, 502, 503, 504]) {
  reg(`http-${s}`, (ctx) =>
    newApiError(s, `upstream error: status ${s}`, ctx.requestId, 'upstream_error', 'bad_response_status_code'),
  );
}
reg('http-503-no-channel', (ctx) =>
  newApiError(503, '当前分组 default 下对于模型 gpt-4o 无可用渠道', ctx.requestId, 'new_api_error', 'model_not_found'),
);
reg('http-204', () => ({ status: 204, headers: {}, body: '' }));
reg(/^fail-then-ok-(\d+)$/, (ctx) => {
  const failures = Number(ctx.match![1]);
  if (ctx.hits < failures)
    return {
      ...newApiError(503, 'temporarily unavailable', ctx.requestId),
      headers: { 'content-type': 'application/json', 'retry-after-ms': '10' },
    };
  return isStream(ctx) ? sseScript(contentStream(['recovered'])) : json(200, completionObject('recovered'));
});

// Models and balance in every shape.
reg('models-openai', () => json(200, modelEntries('openai')));
reg('models-newapi', () => json(200, modelEntries('newapi')));
reg('models-newapi-typed', () => json(200, modelEntries('newapi-typed')));
reg('billing-unlimited', (ctx) =>
  ctx.req.path.includes('subscription')
    ? json(200, { object: 'billing_subscription', hard_limit_usd: 100000000, access_until: 0 })
    : json(200, { object: 'list', total_usage: 250 }),
);
reg('billing-404', () =>
  json(404, {
    error: { message: 'Invalid URL (GET /v1/dashboard/billing/subscription)', type: 'invalid_request_error', code: '' },
  }),
);
reg('billing-error-200', () => json(200, { error: { message: '未找到令牌', type: 'upstream_error' } }));

reg('tool-calls-no-index', () =>
  sseScript(
    data({
      choices: [
        {
          delta: { tool_calls: [{ id: 'call_x', type: 'function', function: { name: 'search', arguments: '{"q":' } }] },
          finish_reason: null,
        },
      ],
    }) +
      data({ choices: [{ delta: { tool_calls: [{ function: { arguments: '"vscode"}' } }] }, finish_reason: null }] }) +
      data({
        choices: [
          {
            delta: { tool_calls: [{ id: 'call_y', type: 'function', function: { name: 'open', arguments: '{}' } }] },
            finish_reason: null,
          },
        ],
      }) +
      data({ choices: [{ delta: {}, finish_reason: 'tool_calls' }] }) +
      DONE,
  ),
);
reg('json-error-as-event-stream', (ctx) => ({
  status: 200,
  body: JSON.stringify({
    error: { message: `该令牌额度已用尽 (request id: ${ctx.requestId})`, type: 'new_api_error' },
  }),
}));
reg('sse-as-json', () => ({
  headers: { 'content-type': 'application/json' },
  ...sseScript(contentStream(['mislabelled'])),
}));
