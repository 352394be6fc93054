// The gateway's models through VS Code's own language-model API: listing, streaming, a tool round, images, cancellation.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../src/host/services';
import { activeExtension, gateway } from './testEnv';

interface SeenRequest {
  method: string;
  path: string;
  json?: { model?: string; messages?: Array<Record<string, unknown>>; tools?: unknown[]; tool_choice?: unknown };
  closedEarly?: boolean;
}

async function services(): Promise<Services> {
  const api = (await activeExtension()).exports as { services?: Services } | undefined;
  assert.ok(api?.services, 'activate() returned no services in test mode (ExtensionMode.Test)');
  return api.services;
}

/** The provider refreshes its list when the key changes; VS Code asks it again a moment later. */
async function selectModels(expectSome: boolean): Promise<vscode.LanguageModelChat[]> {
  let models: vscode.LanguageModelChat[] = [];
  for (let i = 0; i < 50; i++) {
    models = await vscode.lm.selectChatModels({ vendor: 'applerouter' });
    if (models.length > 0 === expectSome) return models;
    await new Promise((r) => setTimeout(r, 200));
  }
  return models;
}

async function chatRequests(): Promise<SeenRequest[]> {
  return ((await gateway.requests()) as SeenRequest[]).filter(
    (r) => r.method === 'POST' && r.path === '/v1/chat/completions',
  );
}

const sse = (objects: unknown[]) => objects.map((o) => `data: ${JSON.stringify(o)}\n\n`).join('') + 'data: [DONE]\n\n';
const delta = (d: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-lm',
  object: 'chat.completion.chunk',
  model: 'gpt-4o',
  choices: [{ index: 0, delta: d, finish_reason: finish }],
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('language-model provider', function () {
  this.timeout(60_000);
  const key = `sk-lmtest-${Date.now().toString(36)}`;
  let model: vscode.LanguageModelChat;

  before(async () => {
    await (await services()).keyStore.set(key);
  });

  after(async () => {
    await (await services()).keyStore.delete();
  });

  it('lists the gateway chat models for vendor applerouter, without video, image, audio or embedding models', async () => {
    const models = await selectModels(true);
    const ids = models.map((m) => m.id).sort();
    assert.ok(ids.includes('gpt-4o'), `gpt-4o among ${ids.join(', ')}`);
    assert.ok(ids.includes('claude-3-5-sonnet'));
    for (const id of ids) assert.doesNotMatch(id, /veo|embedding|image|tts/, `${id} is not a chat model`);
    model = models.find((m) => m.id === 'gpt-4o')!;
    assert.equal(model.vendor, 'applerouter');
    assert.equal(model.family, 'gpt-4o');
    assert.equal(model.maxInputTokens, 128 * 1024);
  });

  it('streams an answer from the test gateway', async () => {
    await gateway.reset();
    const response = await model.sendRequest(
      [vscode.LanguageModelChatMessage.User('What is a closure?')],
      {},
      new vscode.CancellationTokenSource().token,
    );
    let text = '';
    let parts = 0;
    for await (const piece of response.text) {
      text += piece;
      parts++;
    }
    assert.match(text, /> What is a closure\?/);
    assert.match(text, /你好，世界/);
    assert.ok(parts > 5, `the answer arrived in pieces (${parts})`);
    const [req] = await chatRequests();
    assert.equal(req.json?.model, 'gpt-4o');
    assert.deepEqual(req.json?.messages, [{ role: 'user', content: 'What is a closure?' }]);
  });

  it('completes a tool-call round: the call goes out, its result comes back, the final text follows', async () => {
    await gateway.reset();
    // The tool call's arguments arrive in three fragments; the part must carry them whole.
    await gateway.enqueue({
      body: sse([
        delta({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '' } }],
        }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }),
        delta({ tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }),
        delta({}, 'tool_calls'),
      ]),
    });
    const tools: vscode.LanguageModelChatTool[] = [
      {
        name: 'get_weather',
        description: 'The weather in a city',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const question = vscode.LanguageModelChatMessage.User('Weather in Paris?');
    const first = await model.sendRequest(
      [question],
      { tools, toolMode: vscode.LanguageModelChatToolMode.Auto },
      new vscode.CancellationTokenSource().token,
    );
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of first.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].callId, 'call_w1');
    assert.equal(calls[0].name, 'get_weather');
    assert.deepEqual(calls[0].input, { city: 'Paris' });

    const second = await model.sendRequest(
      [
        question,
        vscode.LanguageModelChatMessage.Assistant([
          new vscode.LanguageModelToolCallPart(calls[0].callId, calls[0].name, calls[0].input),
        ]),
        vscode.LanguageModelChatMessage.User([
          new vscode.LanguageModelToolResultPart(calls[0].callId, [
            new vscode.LanguageModelTextPart('18 °C and sunny'),
          ]),
        ]),
      ],
      { tools },
      new vscode.CancellationTokenSource().token,
    );
    let text = '';
    for await (const piece of second.text) text += piece;
    assert.match(text, /test gateway/);

    const [out, back] = await chatRequests();
    assert.equal((out.json?.tools as Array<{ function: { name: string } }>)[0].function.name, 'get_weather');
    assert.equal(out.json?.tool_choice, 'auto');
    const messages = back.json?.messages ?? [];
    assert.deepEqual(messages[1], {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_w1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      ],
    });
    assert.deepEqual(messages[2], { role: 'tool', tool_call_id: 'call_w1', content: '18 °C and sunny' });
  });

  it('passes on at most 32 tool calls of an answer that makes 20,000', async () => {
    await gateway.reset();
    const flood = Array.from({ length: 20_000 }, (_, i) =>
      delta({
        tool_calls: [
          {
            index: i,
            id: `call_f${i}`,
            type: 'function',
            function: { name: 'get_weather', arguments: `{"city":"c${i}"}` },
          },
        ],
      }),
    );
    await gateway.enqueue({
      body: sse([delta({ role: 'assistant', content: null }), ...flood, delta({}, 'tool_calls')]),
    });
    const response = await model.sendRequest(
      [vscode.LanguageModelChatMessage.User('Weather everywhere?')],
      { tools: [{ name: 'get_weather', description: 'The weather in a city' }] },
      new vscode.CancellationTokenSource().token,
    );
    const calls: vscode.LanguageModelToolCallPart[] = [];
    for await (const part of response.stream) if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
    assert.equal(calls.length, 32);
    assert.deepEqual(calls.at(-1)!.input, { city: 'c31' });
  });

  it('stops an answer whose tool-call arguments pass 1 MiB, with a sentence naming the limit', async () => {
    await gateway.reset();
    const pad = 'x'.repeat(60_000);
    const pieces = Array.from({ length: 40 }, () =>
      delta({ tool_calls: [{ index: 0, function: { arguments: pad } }] }),
    );
    await gateway.enqueue({
      body: sse([
        delta({ role: 'assistant', content: 'Writing.' }),
        delta({
          tool_calls: [
            { index: 0, id: 'call_big', type: 'function', function: { name: 'write', arguments: '{"a":"' } },
          ],
        }),
        ...pieces,
        delta({}, 'tool_calls'),
      ]),
    });
    const response = await model.sendRequest(
      [vscode.LanguageModelChatMessage.User('Write it')],
      { tools: [{ name: 'write', description: 'Writes' }] },
      new vscode.CancellationTokenSource().token,
    );
    const calls: vscode.LanguageModelToolCallPart[] = [];
    await assert.rejects(
      async () => {
        for await (const part of response.stream)
          if (part instanceof vscode.LanguageModelToolCallPart) calls.push(part);
      },
      (error: Error) => /safety limit/.test(error.message) && /1 MiB/.test(error.message),
    );
    assert.deepEqual(calls, [], 'a call past the limit is never passed on');
  });

  it('sends an image part as an image_url data URI', async () => {
    await gateway.reset();
    // LanguageModelDataPart is newer than the 1.104 typings; the running VS Code has it.
    const DataPart = (
      vscode as unknown as { LanguageModelDataPart?: { image(data: Uint8Array, mime: string): unknown } }
    ).LanguageModelDataPart;
    assert.ok(DataPart, 'this VS Code has LanguageModelDataPart');
    const message = vscode.LanguageModelChatMessage.User([
      new vscode.LanguageModelTextPart('What is in this picture?'),
      DataPart.image(PNG, 'image/png') as vscode.LanguageModelTextPart,
    ]);
    const response = await model.sendRequest([message], {}, new vscode.CancellationTokenSource().token);
    for await (const _ of response.text) void _;
    const [req] = await chatRequests();
    const content = req.json?.messages?.[0]?.content as Array<{
      type: string;
      text?: string;
      image_url?: { url: string };
    }>;
    assert.equal(content[0].text, 'What is in this picture?');
    assert.equal(content[1].type, 'image_url');
    assert.equal(content[1].image_url?.url, `data:image/png;base64,${PNG.toString('base64')}`);
  });

  it('closes the connection when the request is cancelled', async () => {
    await gateway.reset();
    // One piece of text, then the gateway holds the stream open until the client leaves.
    await gateway.enqueue({
      body: sse([delta({ role: 'assistant', content: 'Thinking' })]).replace('data: [DONE]\n\n', ''),
      end: 'hold',
    });
    const cts = new vscode.CancellationTokenSource();
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User('Take your time')], {}, cts.token);
    let text = '';
    let failed: unknown;
    try {
      for await (const piece of response.text) {
        text += piece;
        cts.cancel();
      }
    } catch (error) {
      failed = error;
    }
    assert.equal(text, 'Thinking');
    let closed = false;
    for (let i = 0; i < 50 && !closed; i++) {
      closed = (await chatRequests())[0]?.closedEarly === true;
      if (!closed) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(closed, `the gateway saw the client close the connection (stream ended with ${String(failed)})`);
  });

  it('maps a gateway error to its one-sentence message with the request id', async () => {
    await gateway.reset();
    // 503 is retried twice before the error reaches the caller.
    const noChannel = {
      status: 503,
      headers: { 'content-type': 'application/json', 'x-oneapi-request-id': 'lm-req-42' },
      body: JSON.stringify({
        error: { message: '当前分组 default 下对于模型 gpt-4o 无可用渠道', type: 'new_api_error' },
      }),
    };
    for (let i = 0; i < 3; i++) await gateway.enqueue(noChannel);
    await assert.rejects(
      async () => {
        const response = await model.sendRequest(
          [vscode.LanguageModelChatMessage.User('Hi')],
          {},
          new vscode.CancellationTokenSource().token,
        );
        for await (const _ of response.text) void _;
      },
      (error: Error) => /无可用渠道/.test(error.message) && /lm-req-42/.test(error.message),
    );
  });

  it('counts tokens as the chat does: the family tokenizer for gpt-4o, the estimate for others', async () => {
    // o200k: 400 "a" are 50 tokens, and so are 50 "你好".
    assert.equal(await model.countTokens('a'.repeat(400)), 50);
    assert.equal(await model.countTokens('你好'.repeat(50)), 50);
    const claude = (await selectModels(true)).find((m) => m.id === 'claude-3-5-sonnet')!;
    assert.equal(await claude.countTokens('a'.repeat(400)), 100);
    assert.equal(await claude.countTokens('你好'.repeat(50)), 100);
  });

  it('reports the window the chat uses: applerouter.contextWindow applies to the listed models', async () => {
    const config = vscode.workspace.getConfiguration('applerouter');
    await config.update('contextWindow', { 'claude-*': 50_000 }, vscode.ConfigurationTarget.Global);
    try {
      let claude: vscode.LanguageModelChat | undefined;
      for (let i = 0; i < 50 && claude?.maxInputTokens !== 50_000; i++) {
        claude = (await selectModels(true)).find((m) => m.id === 'claude-3-5-sonnet');
        if (claude?.maxInputTokens !== 50_000) await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(claude?.maxInputTokens, 50_000);
      assert.equal((await selectModels(true)).find((m) => m.id === 'gpt-4o')?.maxInputTokens, 128 * 1024);
    } finally {
      await config.update('contextWindow', undefined, vscode.ConfigurationTarget.Global);
      // The list asked for again after the change has come back before the next test counts requests.
      for (let i = 0; i < 50; i++) {
        const claude = (await selectModels(true)).find((m) => m.id === 'claude-3-5-sonnet');
        if (claude && claude.maxInputTokens !== 50_000) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });

  it('offers no models, and asks for nothing, once the key is removed', async () => {
    await gateway.reset();
    await (await services()).keyStore.delete();
    const models = await selectModels(false);
    assert.deepEqual(
      models.map((m) => m.id),
      [],
    );
    // Silent resolution without a key never reaches the gateway.
    assert.deepEqual((await gateway.requests()).filter((r) => r.path === '/v1/models').length, 0);
  });
});
