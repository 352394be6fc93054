// `npm run gateway` in its own process: the JSON line on stdout, the key check and the HTTP control API.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, test } from 'node:test';
import { createGatewayClient } from '../../../../src/core/gateway/client';
import { chat, drain } from './drain';

let child: ChildProcess;
let baseUrl: string;
let origin: string;

before(async () => {
  child = spawn(
    process.execPath,
    ['--import', 'tsx', path.resolve(__dirname, '../../../gateway/main.ts'), '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  ({ baseUrl, origin } = JSON.parse(line) as { baseUrl: string; origin: string });
});
after(() => {
  child.kill();
});

test('the first stdout line names the base URL and origin', () => {
  assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  assert.equal(baseUrl, `${origin}/v1`);
});

test('keys: missing and sk-bad are refused with new-api 401s, others accepted; every answer has a request id', async () => {
  const none = await fetch(`${baseUrl}/models`);
  assert.equal(none.status, 401);
  assert.ok(none.headers.get('x-oneapi-request-id'));
  const bad = await fetch(`${baseUrl}/models`, { headers: { authorization: 'Bearer sk-bad-1' } });
  const body = (await bad.json()) as { error: { message: string; type: string } };
  assert.match(body.error.message, /^无效的令牌 \(request id: .+\)$/);
  assert.equal(body.error.type, 'new_api_error');
  const ok = await fetch(`${baseUrl}/models`, { headers: { authorization: 'sk-anything' } });
  assert.equal(ok.status, 200);
  assert.ok(ok.headers.get('x-oneapi-request-id'));
});

test('control API: enqueue, requests, reset', async () => {
  await fetch(`${origin}/__control/reset`, { method: 'POST' });
  const r = await fetch(`${origin}/__control/enqueue`, {
    method: 'POST',
    body: JSON.stringify({
      body: 'data: {"choices":[{"index":0,"delta":{"content":"queued"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
    }),
  });
  assert.equal(r.status, 200);
  const d = await drain(createGatewayClient({ baseUrl, apiKey: 'sk-x' }), chat('gpt-4o', 'via control'));
  assert.equal(d.content, 'queued');
  const recorded = (await (await fetch(`${origin}/__control/requests`)).json()) as {
    path: string;
    json: { messages: { content: string }[] };
  }[];
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0].path, '/v1/chat/completions');
  assert.equal(recorded[0].json.messages[0].content, 'via control');
  await fetch(`${origin}/__control/reset`, { method: 'POST' });
  assert.deepEqual(await (await fetch(`${origin}/__control/requests`)).json(), []);
});

test('the attacker route records hits without a key', async () => {
  await fetch(`${origin}/attacker/x?q=secret`);
  const recorded = (await (await fetch(`${origin}/__control/requests`)).json()) as { path: string }[];
  assert.ok(recorded.some((r) => r.path === '/attacker/x?q=secret'));
});
