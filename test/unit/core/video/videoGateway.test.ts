// End-to-end over loopback: the test gateway's veo scenarios, read by the real core client, the result
// parser, the Videos API functions and the downloader.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { SAMPLE_VIDEO, VIDEO_STATIC_DIR, videoJobRecord } from '../../../gateway/video';
import { createGatewayClient, GatewayError, type GatewayClient } from '../../../../src/core';
import { ChatVideoCollector, type ChatVideoOutcome } from '../../../../src/core/video/videoResult';
import { downloadToFile, DownloadError } from '../../../../src/core/video/downloadToFile';
import { downloadPolicyFor } from '../../../../src/core/video/downloadPolicy';
import { videoStatusEvent } from '../../../../src/core/video/videoJob';

let gw: TestGateway;
let client: GatewayClient;
let dir: string;
const SAMPLE = readFileSync(join(VIDEO_STATIC_DIR, SAMPLE_VIDEO));

before(async () => {
  gw = await startTestGateway();
  client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
  dir = mkdtempSync(join(tmpdir(), 'ar-veo-'));
});
after(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

async function generate(
  prompt: string,
  model = 'veo-3.1',
  scenario?: string,
): Promise<{ c: ChatVideoCollector; out: ChatVideoOutcome; live: string[] }> {
  const c = new ChatVideoCollector();
  const live: string[] = [];
  const sc = scenario
    ? createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test', headers: { 'x-test-scenario': scenario } })
    : client;
  try {
    for await (const e of sc.streamChat({ model, messages: [{ role: 'user', content: prompt }] }, undefined, {
      maxRetries: 0,
    }))
      live.push(...c.push(e));
  } catch (e) {
    if (!(e instanceof GatewayError)) throw e;
    // An interrupted stream (no finish_reason) is the failure-line case; a stream error carries the gateway's message.
    if (e.kind !== 'interrupted') c.fail(e.message + (e.requestId ? ` (request id: ${e.requestId})` : ''));
  }
  return { c, out: c.outcome(), live };
}

async function fetchResult(url: string): Promise<string> {
  const d = mkdtempSync(join(dir, 'r-'));
  const r = await downloadToFile({
    url,
    destDir: d,
    fileName: 'v.mp4',
    maxBytes: 10_000_000,
    policy: downloadPolicyFor(gw.baseUrl),
  });
  assert.ok(readFileSync(r.path).equals(SAMPLE), 'the downloaded file is the sample MP4');
  return r.path;
}

test('the sample MP4 is a real MP4 of a few KB', () => {
  assert.ok(SAMPLE.length > 1000 && SAMPLE.length < 50_000);
  assert.equal(SAMPLE.subarray(4, 8).toString('latin1'), 'ftyp');
});

test('a veo model streams progress in reasoning_content and a <video> tag, which downloads', async () => {
  const { out, live } = await generate('a cat playing piano');
  assert.equal(live[0], '✨ 视频生成任务已启动');
  assert.ok(live.includes('生成进度: 82%'));
  assert.equal(out.kind, 'success');
  if (out.kind !== 'success') return;
  assert.equal(out.urls.length, 1);
  assert.match(out.urls[0]!, /&Expires=\d+&Signature=/);
  await fetchResult(out.urls[0]!);
  const rec = gw.requests.find((r) => r.path === '/v1/chat/completions');
  assert.equal((rec?.json as { stream?: boolean }).stream, true);
});

for (const [variant, count] of [
  ['content', 1],
  ['fenced', 1],
  ['markdown', 1],
  ['bare', 1],
  ['multi', 2],
] as const) {
  test(`prompt tag [veo:${variant}] gives ${count} downloadable result(s)`, async () => {
    const { out, c } = await generate(`a dog [veo:${variant}]`);
    assert.equal(out.kind, 'success', JSON.stringify(out));
    if (out.kind !== 'success') return;
    assert.equal(out.urls.length, count);
    if (variant === 'content') assert.equal(c.lastProgressLine, '生成进度: 82%');
    for (const u of out.urls) await fetchResult(u);
  });
}

test('the header scenario veo-markdown works like the prompt tag', async () => {
  const { out } = await generate('x', 'veo-3.1-fast', 'veo-markdown');
  assert.equal(out.kind, 'success');
});

test('failure line then [DONE]: failure with that line', async () => {
  const { out } = await generate('x [veo:failline]');
  assert.deepEqual(out, {
    kind: 'failure',
    reason: 'noVideo',
    message: '❌ 生成失败: 视频生成失败，内容可能违反了安全政策',
    finishReason: undefined,
  });
});

test('an error object mid-stream: failure with the gateway message and request id', async () => {
  const { out } = await generate('x [veo:error]');
  assert.equal(out.kind, 'failure');
  assert.equal(out.kind === 'failure' && out.reason, 'error');
  assert.match(out.kind === 'failure' ? (out.message ?? '') : '', /quota exhausted.*request id: \w+/);
});

test('a result download that drops half way is resumed with Range', async () => {
  const { out } = await generate('x [veo:drop]');
  assert.equal(out.kind, 'success');
  if (out.kind !== 'success') return;
  const d = mkdtempSync(join(dir, 'drop-'));
  const r = await downloadToFile({
    url: out.urls[0]!,
    destDir: d,
    fileName: 'v.mp4',
    maxBytes: 1e7,
    policy: downloadPolicyFor(gw.baseUrl),
  });
  assert.equal(r.resumes, 1);
  assert.equal(r.rangeResumed, true);
  assert.ok(readFileSync(r.path).equals(SAMPLE));
});

test('an expired result URL is an http error and leaves nothing behind', async () => {
  const { out } = await generate('x [veo:expired]');
  assert.equal(out.kind, 'success');
  if (out.kind !== 'success') return;
  const d = mkdtempSync(join(dir, 'exp-'));
  await assert.rejects(
    downloadToFile({
      url: out.urls[0]!,
      destDir: d,
      fileName: 'v.mp4',
      maxBytes: 1e7,
      policy: downloadPolicyFor(gw.baseUrl),
    }),
    (e: DownloadError) => e.kind === 'http' && e.status === 403,
  );
  assert.deepEqual(readdirSync(d), []);
});

const api = () => createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test' });

test('Videos API: multipart create, queued → processing → completed, 404 before completion, content download', async () => {
  const png = Buffer.from('89504e470d0a1a0a', 'hex');
  const { video } = await api().createVideo({
    model: 'veo-3.1-landscape',
    prompt: 'a lighthouse',
    seconds: 8,
    size: '16x9',
    image: { data: png, mimeType: 'image/png', fileName: 'ref.png' },
  });
  assert.equal(video.status, 'queued');
  const rec = videoJobRecord(video.id);
  assert.equal(rec?.size, '16x9');
  assert.equal(rec?.seconds, '8');
  assert.equal(rec?.hasReference, true);
  assert.equal(rec?.referenceType, 'image/png');
  const d = mkdtempSync(join(dir, 'api-'));
  const target = await api().videoContent(video.id);
  assert.equal(target.url, `${gw.baseUrl}/videos/${video.id}/content`);
  assert.equal(target.headers.authorization, 'Bearer sk-test');
  const content = () =>
    downloadToFile({
      url: target.url,
      destDir: d,
      fileName: 'v.mp4',
      maxBytes: 1e7,
      policy: downloadPolicyFor(gw.baseUrl),
      headers: target.headers,
    });
  await assert.rejects(content(), (e: DownloadError) => e.kind === 'http' && e.status === 404);
  const seen: string[] = [];
  for (let i = 0; i < 10; i++) {
    const s = videoStatusEvent((await api().getVideo(video.id)).video);
    seen.push(s.kind === 'progress' ? s.status : s.kind);
    if (s.kind === 'completed' || s.kind === 'failed') break;
  }
  assert.deepEqual(seen, ['queued', 'processing', 'processing', 'completed']);
  const r = await content();
  assert.ok(readFileSync(r.path).equals(SAMPLE));
});

test('Videos API: a failed job reports its error; an unknown id is a notFound GatewayError with a request id', async () => {
  const { video } = await api().createVideo({ model: 'veo-3.1', prompt: 'blocked [veo:fail]' });
  let last;
  for (let i = 0; i < 10; i++) {
    last = videoStatusEvent((await api().getVideo(video.id)).video);
    if (last.kind === 'failed' || last.kind === 'completed') break;
  }
  assert.deepEqual(last, { kind: 'failed', error: 'The prompt was blocked by the safety filter.' });
  await assert.rejects(
    api().getVideo('video_nope'),
    (e: GatewayError) => e.kind === 'notFound' && typeof e.requestId === 'string' && e.requestId.length > 0,
  );
  await assert.rejects(
    createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-bad' }).getVideo(video.id),
    (e: GatewayError) => e.kind === 'auth',
  );
});

test('a slow but healthy stream survives under the video idle limit that would cut it under the chat limit', async () => {
  // Chunks 400 ms apart; the client's own idle limit is 150 ms; the video call overrides it as the host does.
  const strict = createGatewayClient({
    baseUrl: gw.baseUrl,
    apiKey: 'sk-test',
    maxRetries: 0,
    timeouts: { idleMs: 150, firstByteMs: 150 },
  });
  const request = { model: 'veo-3.1', messages: [{ role: 'user' as const, content: 'slow [veo:slow:400]' }] };
  const c = new ChatVideoCollector();
  for await (const e of strict.streamChat(request, undefined, {
    maxRetries: 0,
    timeouts: { idleMs: 10_000, firstByteMs: 10_000 },
  }))
    c.push(e);
  assert.equal(c.outcome().kind, 'success');
  await assert.rejects(
    (async () => {
      for await (const e of strict.streamChat(request, undefined, { maxRetries: 0 })) void e;
    })(),
    (e: GatewayError) => e.kind === 'timeout',
  );
});
