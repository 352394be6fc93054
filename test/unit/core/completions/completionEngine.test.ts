// The completion engine against the test gateway over real loopback: exact bodies, early stop, cancellation, cache, failures.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { CompletionEngine, type CompletionRequest } from '../../../../src/core/completions/completionEngine';
import { fimHeader, buildCompletionContext } from '../../../../src/core/completions/completionPrompt';
import type { CompletionEndpointSetting } from '../../../../src/core/completions/fimModels';
import { createGatewayClient } from '../../../../src/core/gateway/client';
import type { GatewayError } from '../../../../src/core/gateway/errors';
import { startTestGateway, type RecordedRequest, type TestGateway } from '../../../gateway/server';

const SOURCE = readFileSync(path.resolve(__dirname, '../../../fixtures/completions/geometry.ts'), 'utf8');
let gw: TestGateway;

before(async () => {
  gw = await startTestGateway();
});
after(() => gw.close());
beforeEach(() => gw.reset());

function engine(model: string, endpoint: CompletionEndpointSetting = 'auto', key = 'sk-test') {
  const failures: GatewayError[] = [];
  const refused: string[] = [];
  const e = new CompletionEngine({
    client: () => createGatewayClient({ baseUrl: gw.baseUrl, apiKey: key }),
    model: () => model,
    endpoint: () => endpoint,
    onFailure: (err) => failures.push(err),
    onRefusedFim: (m) => refused.push(m),
  });
  return { e, failures, refused };
}

/** The place in geometry.ts just after `marker`, with the rest of the file after the cursor. */
function at(marker: string, extraPrefix = ''): CompletionRequest {
  const i = SOURCE.indexOf(marker) + marker.length;
  return {
    docKey: 'file:///w/src/geometry.ts',
    prefix: extraPrefix + SOURCE.slice(0, i),
    suffix: '\n',
    path: 'src/geometry.ts',
    languageId: 'typescript',
  };
}

async function until<T>(what: string, fn: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const completionRequests = (): RecordedRequest[] =>
  gw.requests.filter((r) => r.path === '/v1/completions' || r.path === '/v1/chat/completions');

describe('completion engine over loopback', () => {
  test('FIM sends the prompt (header + prefix) and the suffix exactly, and cuts the answer at the block end', async () => {
    const { e } = engine('codestral-latest');
    const req = { ...at('export function midpoint(a: Point, b: Point): Point {\n  '), suffix: '\n}\n' };
    const result = await e.complete(req, new AbortController().signal);
    assert.equal(result?.text, 'return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };');
    const [rec] = completionRequests();
    assert.equal(rec!.path, '/v1/completions');
    const body = rec!.json as { prompt: string; suffix: string; model: string; stream: boolean };
    const ctx = buildCompletionContext(req);
    assert.equal(body.prompt, fimHeader(ctx) + req.prefix);
    assert.equal(body.suffix, '\n}\n');
    assert.equal(body.model, 'codestral-latest');
    assert.equal(body.stream, true);
    // The oracle streams ten lines; the suggestion was complete after the second, so the client closed the stream.
    await until('the close', () => rec!.closedEarly);
    assert.equal(e.stats.stoppedEarly, 1);
  });

  test('a chat model is asked by chat, with prefix and suffix marked; the suffix is not repeated', async () => {
    const { e } = engine('gpt-4o-mini');
    const req = {
      ...at('  const dx = b.x - a.x;\n  const dy = '),
      suffix: ';\n  return Math.sqrt(dx * dx + dy * dy);\n}\n',
    };
    const result = await e.complete(req, new AbortController().signal);
    // The oracle's answer is "b.y - a.y;\n  return …": the line is cut, and the `;` already after the cursor dropped.
    assert.equal(result?.text, 'b.y - a.y');
    const [rec] = completionRequests();
    assert.equal(rec!.path, '/v1/chat/completions');
    const user = (rec!.json as { messages: { role: string; content: string }[] }).messages[1]!.content;
    assert.ok(user.endsWith(`Code, with the cursor marked <CURSOR>:\n${req.prefix}<CURSOR>${req.suffix}`));
  });

  test('typing the suggested characters or deleting back is answered from the cache, without a request', async () => {
    const { e } = engine('codestral-latest');
    const req = at('export function scale(p: Point, factor: number): Point {\n  ');
    const first = await e.complete(req, new AbortController().signal);
    assert.equal(first?.text, 'return { x: p.x * factor, y: p.y * factor };');
    const typed = await e.complete({ ...req, prefix: req.prefix + 'return { x' }, new AbortController().signal);
    assert.deepEqual(typed, { text: ': p.x * factor, y: p.y * factor };', source: 'cache' });
    const back = await e.complete({ ...req, prefix: req.prefix + 'ret' }, new AbortController().signal);
    assert.deepEqual(back, { text: 'urn { x: p.x * factor, y: p.y * factor };', source: 'cache' });
    assert.equal(completionRequests().length, 1);
    assert.equal(e.stats.cacheHits, 2);
  });

  test('cancelling while the request is in flight closes the connection', async () => {
    const { e } = engine('codestral-latest');
    const controller = new AbortController();
    const pending = e.complete(
      at('export function centroid(points: Point[]): Point {\n  ', '// @gateway-delay 5000\n'),
      controller.signal,
    );
    const rec = await until('the request', () => completionRequests()[0]);
    controller.abort();
    assert.equal(await pending, undefined);
    await until('the close', () => rec.closedEarly);
    assert.equal(e.stats.cancelled, 1);
    assert.equal(e.stats.failed, 0);
  });

  test('auto: a model that refuses /completions is asked by chat, and remembered', async () => {
    const { e, refused } = engine('qwen2.5-coder-refuses-fim');
    const req = at('export function scale(p: Point, factor: number): Point {\n  ');
    assert.equal(
      (await e.complete(req, new AbortController().signal))?.text,
      'return { x: p.x * factor, y: p.y * factor };',
    );
    assert.deepEqual(
      completionRequests().map((r) => r.path),
      ['/v1/completions', '/v1/chat/completions'],
    );
    assert.deepEqual(refused, ['qwen2.5-coder-refuses-fim']);
    gw.reset();
    await e.complete(at('export function midpoint(a: Point, b: Point): Point {\n  '), new AbortController().signal);
    assert.deepEqual(
      completionRequests().map((r) => r.path),
      ['/v1/chat/completions'],
    );
  });

  test('a failed request returns nothing, and is counted with the gateway sentence and request id', async () => {
    const { e, failures } = engine('codestral-latest', 'auto', 'sk-bad-key');
    assert.equal(await e.complete(at('export function scale('), new AbortController().signal), undefined);
    assert.equal(e.stats.failed, 1);
    assert.equal(failures[0]?.kind, 'auth');
    assert.match(e.stats.lastError?.message ?? '', /无效的令牌/);
    assert.ok(e.stats.lastError?.requestId, 'the request id is kept');
  });
});

describe('completions never send to a paid generation model', () => {
  for (const model of [
    'veo-3.1',
    'google/veo-3.1-fast',
    'sora-2',
    'kling-v2-master',
    'gpt-image-1',
    'openai/dall-e-3',
  ]) {
    test(`${model}: nothing is sent, and the status says why`, async () => {
      const { e, failures } = engine(model, 'chat');
      const result = await e.complete(
        at('export function midpoint(a: Point, b: Point): Point {\n  '),
        new AbortController().signal,
      );
      assert.equal(result, undefined);
      assert.deepEqual(completionRequests(), []);
      assert.equal(e.stats.requests, 0);
      assert.match(e.stats.lastError?.message ?? '', /video or image generation/);
      assert.deepEqual(failures, [], 'not a gateway failure: completions are not turned off for it');
    });
  }

  test('a model the gateway lists with a generation endpoint type is refused whatever its name', async () => {
    const e = new CompletionEngine({
      client: () => createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test' }),
      model: () => 'studio-pro',
      endpoint: () => 'chat',
      endpointTypes: async (model) => (model === 'studio-pro' ? ['openai-video'] : undefined),
    });
    const result = await e.complete(
      at('export function midpoint(a: Point, b: Point): Point {\n  '),
      new AbortController().signal,
    );
    assert.equal(result, undefined);
    assert.deepEqual(completionRequests(), []);
  });
});
