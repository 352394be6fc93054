// A fuzz run of the client: thousands of randomized malformed streams over loopback; each ends in done, error or
// interrupted, never a crash, an unhandled rejection or a hang. FUZZ_SEED reproduces a run, FUZZ_CASES sizes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGatewayClient } from '../../../../src/core/gateway/client';
import { GatewayError } from '../../../../src/core/gateway/errors';
import type { GatewayClient } from '../../../../src/core/gateway/types';
import { registerScenario, startTestGateway, type ResponseScript, type TestGateway } from '../../../gateway/server';

const CASES = Number(process.env.FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const IDLE_MS = 250;
/** Longest a single case may take: the idle limit, the pauses a case may script, and slack for a loaded machine. */
const CASE_LIMIT_MS = 8000;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Pieces a stream is built from: valid events, broken ones and raw garbage. */
function piece(r: Rand): Buffer {
  const text = pick(r, ['Hello', '你好，世界', '🙂 emoji', 'a\u0000b', '"quoted"', '\\', '']);
  const choices: (() => string | Buffer)[] = [
    () => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text } }] })}\n\n`,
    () => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { reasoning_content: text } }] })}\n\n`,
    () =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: pick(r, ['stop', 'length', 'tool_calls', null]) }] })}\n\n`,
    () =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index: int(r, 0, 2), id: pick(r, ['c1', '', null]), function: { name: pick(r, ['f', null]), arguments: pick(r, ['{"a":', '1}', '{bad', '']) } }] } }] })}\n\n`,
    () =>
      `data: ${JSON.stringify({ usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }, choices: [] })}\n\n`,
    () => `data: ${JSON.stringify({ error: { message: 'upstream error', type: 'new_api_error' } })}\n\n`,
    () => 'data: [DONE]\n\n',
    () => ': keep-alive\n\n',
    () => `data: {"choices":[{"delta":{"content":"${text}`, // truncated JSON
    () => 'data: {not json}\n\n',
    () => 'data: null\n\n',
    () => 'data: 42\n\n',
    () => 'data: {"choices":null}\n\n',
    () => 'data: {"choices":[{"delta":null}]}\n\n',
    () => 'event: ping\nid: 7\nretry: 10\n\n',
    () => 'garbage without a colon\n',
    () => '\r\n\r\n',
    () => Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82]), // invalid UTF-8
    () => Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0x00, 0x00, 0x0a, 0x0a]), // "data: " NUL NUL
    () => `data: ${'x'.repeat(int(r, 1, 200_000))}\n\n`, // a long line
    () =>
      `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'y'.repeat(int(r, 1, 100_000)) } }] })}\n\n`,
  ];
  const v = pick(r, choices)();
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function randomScript(r: Rand): ResponseScript {
  const body = Buffer.concat(Array.from({ length: int(r, 0, 12) }, () => piece(r)));
  // Random splits, including inside multi-byte characters and CRLF pairs.
  const cuts = new Set<number>();
  const n = int(r, 0, Math.min(20, body.length));
  for (let i = 0; i < n; i++) cuts.add(int(r, 1, Math.max(1, body.length - 1)));
  const offsets = [...cuts].filter((c) => c > 0 && c < body.length).sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const c of [...offsets, body.length]) {
    chunks.push(body.subarray(prev, c).toString('base64'));
    prev = c;
  }
  const status = r() < 0.85 ? 200 : pick(r, [400, 401, 403, 404, 429, 500, 502, 503]);
  const contentType = pick(r, [
    'text/event-stream; charset=utf-8',
    'text/event-stream',
    'application/json',
    'text/html',
    'text/plain',
    'application/octet-stream',
    '',
  ]);
  const script: ResponseScript = {
    status,
    headers: { 'content-type': contentType },
    bodyBase64: body.toString('base64'),
    chunking: offsets,
    end: pick(r, ['close', 'close', 'close', 'reset', 'hold']),
  };
  if (r() < 0.3) script.delayMs = int(r, 0, 5);
  if (r() < 0.03) script.firstByteDelayMs = IDLE_MS + 150; // stalls past the first-byte limit
  return script;
}

type Outcome = 'done' | 'interrupted' | 'error';
/** Cases run this many at a time, each lane with its own client naming its case in a header. */
const LANES = 16;

/** The script of case `i` of a run: its own generator, so FUZZ_SEED with FUZZ_CASE replays one case alone. */
function scriptFor(i: number): ResponseScript {
  return randomScript(rng((SEED ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0));
}

describe(`client fuzz (seed ${SEED}, ${CASES} cases; FUZZ_SEED=${SEED} reproduces, FUZZ_CASE=i replays one)`, () => {
  let gw: TestGateway;
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(e);

  before(async () => {
    process.on('unhandledRejection', onUnhandled);
    gw = await startTestGateway();
    registerScenario('fuzz', (ctx) => scriptFor(Number(ctx.req.headers['x-fuzz-case'])));
  });
  after(async () => {
    process.off('unhandledRejection', onUnhandled);
    await gw.close();
  });

  it('every malformed stream ends in exactly one of done, error or interrupted', async () => {
    const counts: Record<Outcome, number> = { done: 0, interrupted: 0, error: 0 };
    const kinds = new Map<string, number>();
    const only = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
    const queue = only === undefined ? Array.from({ length: CASES }, (_, i) => i) : [only];
    const total = queue.length;

    async function runCase(client: GatewayClient, lane: { caseNo: number }, i: number): Promise<void> {
      lane.caseNo = i;
      const abort = new AbortController();
      let watchdog: ReturnType<typeof setTimeout> | undefined;
      const hang = new Promise<'hang'>((resolve) => {
        watchdog = setTimeout(() => resolve('hang'), CASE_LIMIT_MS);
      });
      const run = (async (): Promise<Outcome> => {
        try {
          for await (const ev of client.streamChat(
            { model: 'gpt-4o', messages: [{ role: 'user', content: 'fuzz' }] },
            abort.signal,
          )) {
            assert.ok(ev && typeof ev.type === 'string', 'every event has a type');
          }
          return 'done';
        } catch (e) {
          if (!(e instanceof GatewayError))
            throw new Error(`case ${i} (FUZZ_SEED=${SEED} FUZZ_CASE=${i}): not a GatewayError: ${String(e)}`, {
              cause: e,
            });
          kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
          return e.kind === 'interrupted' ? 'interrupted' : 'error';
        }
      })();
      const outcome = await Promise.race([run, hang]);
      clearTimeout(watchdog);
      // A held response stays open until the client leaves; leaving ends it on the server side too.
      abort.abort();
      if (outcome === 'hang') {
        const script = scriptFor(i);
        assert.fail(
          `case ${i} (FUZZ_SEED=${SEED} FUZZ_CASE=${i}) hung past ${CASE_LIMIT_MS} ms: ${JSON.stringify({ ...script, bodyBase64: undefined })}`,
        );
      }
      counts[outcome]++;
    }

    await Promise.all(
      Array.from({ length: LANES }, async () => {
        const lane = { caseNo: -1 };
        const client = createGatewayClient({
          baseUrl: gw.baseUrl,
          apiKey: 'sk-fuzz',
          headers: () => ({ 'x-test-scenario': 'fuzz', 'x-fuzz-case': String(lane.caseNo) }),
          timeouts: { connectMs: 2000, firstByteMs: IDLE_MS, idleMs: IDLE_MS },
          maxRetries: 0,
          maxEventSize: 150_000,
        });
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) await runCase(client, lane, i);
      }),
    );
    assert.deepEqual(unhandled, [], 'no unhandled rejections');
    assert.equal(counts.done + counts.interrupted + counts.error, total);
    console.log(
      `fuzz: ${total} cases, seed ${SEED}: done ${counts.done}, interrupted ${counts.interrupted}, error ${counts.error}; ` +
        `error kinds ${JSON.stringify(Object.fromEntries([...kinds].sort()))}`,
    );
    // A full run must reach each outcome, or the generator is not exploring.
    if (only === undefined)
      assert.ok(counts.done > 0 && counts.interrupted > 0 && counts.error > 0, JSON.stringify(counts));
  });
});
