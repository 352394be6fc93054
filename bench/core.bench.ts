// Core benchmark: the client's CPU per event vs a bare receive and the openai SDK, and the extension bundle's size and load time.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { createGatewayClient } from '../src/core/gateway/client';
import type { ResponseScript } from '../test/gateway/server';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = 5;
const UNPACED_EVENTS = 20_000;
const PACED_EVENTS = 2_000;

interface Sample {
  events: number;
  cpuUs: number;
  wallMs: number;
}

const EVENT =
  'data: {"id":"chatcmpl-9tZXEmwtoDf6vqCqEWSvDP8jx9OXe","object":"chat.completion.chunk","created":1723031664,"model":"gpt-4o-2024-08-06","system_fingerprint":"fp_845eaabc1f","choices":[{"index":0,"delta":{"content":" token"},"logprobs":null,"finish_reason":null}]}\n\n';
const TAIL =
  'data: {"id":"chatcmpl-9tZXEmwtoDf6vqCqEWSvDP8jx9OXe","object":"chat.completion.chunk","created":1723031664,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]}\n\n' +
  'data: {"id":"chatcmpl-9tZXEmwtoDf6vqCqEWSvDP8jx9OXe","object":"chat.completion.chunk","created":1723031664,"model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":17,"completion_tokens":10,"total_tokens":27}}\n\n' +
  'data: [DONE]\n\n';

function script(events: number, paced: boolean): ResponseScript {
  return {
    body: '@@E@@' + TAIL,
    repeat: { marker: '@@E@@', unit: EVENT, count: events },
    // Paced: one event per write, 1 ms apart (about 1,000 events/s). Unpaced: 64 KiB writes back to back.
    chunking: { every: paced ? Buffer.byteLength(EVENT) : 65_536 },
    delayMs: paced ? 1 : 0,
  };
}

async function startGateway(): Promise<{ child: ChildProcess; baseUrl: string; origin: string }> {
  // In its own process, so that process.cpuUsage() here counts the client only.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/gateway/main.ts'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', () => reject(new Error('gateway exited')));
  });
  const { baseUrl, origin } = JSON.parse(line) as { baseUrl: string; origin: string };
  return { child, baseUrl, origin };
}

async function enqueue(origin: string, s: ResponseScript): Promise<void> {
  const r = await fetch(`${origin}/__control/enqueue`, { method: 'POST', body: JSON.stringify(s) });
  if (!r.ok) throw new Error(`enqueue: ${r.status}`);
}

const KEY = 'sk-bench';
const REQUEST = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'bench' }] };

/** Reads one streamed answer from `baseUrl`; the content events it counted, or -1 for the bare reader. */
export type Receiver = (baseUrl: string) => Promise<number>;

/** Bare receive: fetch and read the bytes, no decoding or parsing; counts events by their blank lines only for the report. */
export const bare: Receiver = async (baseUrl) => {
  const res = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...REQUEST, stream: true }),
  });
  const reader = res.body!.getReader();
  let bytes = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  return bytes > 0 ? -1 : 0;
};

export const core: Receiver = async (baseUrl) => {
  const client = createGatewayClient({ baseUrl, apiKey: KEY, maxRetries: 0 });
  let n = 0;
  for await (const e of client.streamChat(REQUEST)) if (e.type === 'content') n++;
  return n;
};

export const sdk: Receiver = async (baseUrl) => {
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ baseURL: baseUrl, apiKey: KEY, maxRetries: 0 });
  const stream = await client.chat.completions.create({
    ...REQUEST,
    stream: true,
    stream_options: { include_usage: true },
  });
  let n = 0;
  for await (const chunk of stream) if (chunk.choices[0]?.delta?.content) n++;
  return n;
};

async function measure(
  recv: Receiver,
  baseUrl: string,
  origin: string,
  events: number,
  paced: boolean,
): Promise<Sample> {
  await enqueue(origin, script(events, paced));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const n = await recv(baseUrl);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (n !== -1 && n !== events) throw new Error(`expected ${events} content events, got ${n}`);
  return { events, cpuUs: cpu.user + cpu.system, wallMs };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function series(
  names: string[],
  recvs: Receiver[],
  gw: { baseUrl: string; origin: string },
  events: number,
  paced: boolean,
): Promise<Map<string, { cpuPerEventUs: number; rate: number }>> {
  const samples = new Map<string, Sample[]>(names.map((n) => [n, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Rotate the order each round so that no receiver always runs first.
    for (let i = 0; i < recvs.length; i++) {
      const k = (i + r) % recvs.length;
      samples.get(names[k])!.push(await measure(recvs[k], gw.baseUrl, gw.origin, events, paced));
    }
  }
  const out = new Map<string, { cpuPerEventUs: number; rate: number }>();
  for (const [n, s] of samples) {
    out.set(n, {
      cpuPerEventUs: median(s.map((x) => x.cpuUs / x.events)),
      rate: median(s.map((x) => (x.events / x.wallMs) * 1000)),
    });
  }
  return out;
}

/** Peak heap + buffer growth while the core refuses a 20 MiB event (default cap 16 MiB). */
async function bigEventMemory(gw: { baseUrl: string; origin: string }): Promise<{ peakMb: number; kind: string }> {
  await enqueue(gw.origin, {
    body: 'data: {"choices":[{"index":0,"delta":{"content":"@@X@@"},"finish_reason":null}]}\n\ndata: [DONE]\n\n',
    repeat: { marker: '@@X@@', unit: 'x', count: 20 * 1024 * 1024 },
    chunking: { every: 256 * 1024 },
  });
  (globalThis as { gc?: () => void }).gc?.();
  const mem = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = mem();
  let peak = base;
  const sampler = setInterval(() => (peak = Math.max(peak, mem())), 5);
  let kind = 'none';
  try {
    for await (const _ of createGatewayClient({ baseUrl: gw.baseUrl, apiKey: KEY, maxRetries: 0 }).streamChat(REQUEST))
      void _;
  } catch (e) {
    kind = (e as { kind?: string }).kind ?? String(e);
  } finally {
    clearInterval(sampler);
  }
  return { peakMb: (Math.max(peak, mem()) - base) / 1048576, kind };
}

function bundleFigures(): { sizeKb: number; requireMs: number } | string {
  const dir = mkdtempSync(path.join(tmpdir(), 'applerouter-bench-'));
  try {
    const out = path.join(dir, 'extension.js');
    // The same options as `node esbuild.mjs --production` for dist/extension.js, into a temporary file.
    const build = spawnSync(
      process.execPath,
      [
        '-e',
        `require('esbuild').buildSync({ entryPoints: ['src/extension.ts'], outfile: ${JSON.stringify(out)}, bundle: true, minify: true, sourcemap: false, legalComments: 'none', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error' })`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (build.status !== 0) return `build failed: ${build.stderr}`;
    const sizeKb = statSync(out).size / 1024;
    const stub = path.join(dir, 'vscode-stub.js');
    // The stub has every top-level name of the vscode API (from @types/vscode); each one, and any
    // property of it, is again a stub that can be called, constructed and extended.
    const api = readFileSync(path.join(ROOT, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
    const names = [
      ...new Set([...api.matchAll(/^\texport (?:namespace|class|enum|const|function|let) (\w+)/gm)].map((m) => m[1])),
    ];
    writeFileSync(
      stub,
      `const make = () => new Proxy(function () {}, {
  get: (t, k) => (k === 'prototype' ? t.prototype : k === '__esModule' || k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : make()),
  apply: () => make(),
  construct: () => make(),
});
for (const name of ${JSON.stringify(names)}) exports[name] = make();\n`,
    );
    const probe = path.join(dir, 'probe.js');
    writeFileSync(
      probe,
      `const Module = require('module');
const orig = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) { return req === 'vscode' ? ${JSON.stringify(stub)} : orig.call(this, req, ...rest); };
const t0 = process.hrtime.bigint();
require(${JSON.stringify(out)});
process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6));\n`,
    );
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = spawnSync(process.execPath, [probe], { encoding: 'utf8' });
      if (r.status !== 0)
        return `require failed: ${(r.stderr.split('\n').find((l) => /Error/.test(l)) ?? r.stderr).slice(0, 300)}`;
      times.push(Number(r.stdout));
    }
    return { sizeKb, requireMs: median(times) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<void> {
  const gw = await startGateway();
  try {
    const names = ['bare', 'core', 'openai'];
    const recvs = [bare, core, sdk];
    // Warm up each receiver (JIT, connection pools, the SDK's lazy modules).
    for (const r of recvs) await measure(r, gw.baseUrl, gw.origin, 2000, false);

    const unpaced = await series(names, recvs, gw, UNPACED_EVENTS, false);
    const paced = await series(names.slice(0, 2), recvs.slice(0, 2), gw, PACED_EVENTS, true);
    const fmt = (x: number, d = 2): string => x.toFixed(d);
    const u = (n: string) => unpaced.get(n)!;
    const p = (n: string) => paced.get(n)!;
    console.log(
      `gateway client core, medians of ${ROUNDS} rounds, side by side over loopback (CPU = user+system of this process)`,
    );
    console.log(`event: ${Buffer.byteLength(EVENT)} bytes of a real gpt-4o chunk`);
    console.log('');
    console.log(
      `paced (~1,000 events/s, one event per write, ${PACED_EVENTS} events; the gateway in a child process):`,
    );
    console.log(
      `  bare receive   ${fmt(p('bare').rate, 0).padStart(7)} events/s  ${fmt(p('bare').cpuPerEventUs)} µs CPU/event`,
    );
    console.log(
      `  core           ${fmt(p('core').rate, 0).padStart(7)} events/s  ${fmt(p('core').cpuPerEventUs)} µs CPU/event`,
    );
    // Bare CPU over core CPU: 1.00 would mean streamChat costs nothing beyond receiving the bytes.
    const pacedRatio = p('bare').cpuPerEventUs / p('core').cpuPerEventUs;
    console.log(
      `  CPU ratio bare/core = ${fmt(pacedRatio)} (target ≥ 0.80) ${pacedRatio >= 0.8 ? 'MET' : 'MISSED'}; core adds ${fmt(p('core').cpuPerEventUs - p('bare').cpuPerEventUs)} µs CPU/event`,
    );
    console.log('');
    console.log(`unpaced, client-bound (${UNPACED_EVENTS} events in 64 KiB writes):`);
    for (const n of names)
      console.log(
        `  ${n.padEnd(14)} ${fmt(u(n).rate, 0).padStart(7)} events/s  ${fmt(u(n).cpuPerEventUs)} µs CPU/event`,
      );
    const unpacedRatio = u('core').rate / u('bare').rate;
    console.log(
      `  core rate / bare rate = ${fmt(unpacedRatio)}; core CPU/event − bare = ${fmt(u('core').cpuPerEventUs - u('bare').cpuPerEventUs)} µs`,
    );
    const sdkRatio = u('openai').cpuPerEventUs / u('core').cpuPerEventUs;
    console.log(
      `  openai SDK CPU/event ÷ core CPU/event = ${fmt(sdkRatio)}× (target ≥ 3×) ${sdkRatio >= 3 ? 'MET' : 'MISSED'}`,
    );
    console.log(
      `  CPU ratio bare/core = ${fmt(u('bare').cpuPerEventUs / u('core').cpuPerEventUs)} (bulk: the parsing is the cost here, not the reads)`,
    );
    console.log('');
    const big = await bigEventMemory(gw);
    console.log(
      `a 20 MiB single event: refused as ${big.kind}; peak heap+buffer growth ${fmt(big.peakMb, 1)} MB (cap 16 MiB)`,
    );
    console.log('');
    const b = bundleFigures();
    if (typeof b === 'string') console.log(`dist/extension.js (production): ${b}`);
    else {
      console.log(
        `dist/extension.js (production build, minified): ${fmt(b.sizeKb, 1)} KB (target ≤ 150 KB) ${b.sizeKb <= 150 ? 'MET' : 'MISSED'}`,
      );
      console.log(`require() time with a stubbed vscode, median of 7 cold processes: ${fmt(b.requireMs)} ms`);
    }
  } finally {
    gw.child.kill();
  }
}
