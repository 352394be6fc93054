// Inline completions: a typing session replayed at human pace against the test gateway; requests, cancels, cache hits, added latency.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { AdaptiveDebounce, CompletionCache, CompletionEngine, type CompletionRequest } from '../src/core/completions';
import { estimateTokens } from '../src/core/completions/completionPrompt';
import { createGatewayClient } from '../src/core/gateway/client';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test/fixtures/completions');

interface Session {
  insertAt: string;
  typedUntil: string;
  keys: { t: number; key: string }[];
}

interface GatewayRecord {
  path: string;
  json?: { prompt?: string; suffix?: string };
  receivedAt: number;
  closedEarly?: boolean;
  writtenAt?: number[];
}

interface Figures {
  keystrokes: number;
  requests: number;
  cancelled: number;
  cacheHits: number;
  shown: number;
  promptTokens: number;
  answerTokens: number;
  addedMs: number[];
}

async function startGateway(): Promise<{ child: ChildProcess; origin: string; baseUrl: string }> {
  // Its own process, so that its work does not delay the client's event loop being measured.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/gateway/main.ts'), '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', () => reject(new Error('gateway exited')));
  });
  const { baseUrl, origin } = JSON.parse(line) as { baseUrl: string; origin: string };
  return { child, baseUrl, origin };
}

const sleepUntil = (start: number, t: number): Promise<void> =>
  new Promise((r) => setTimeout(r, Math.max(0, start + t - Date.now())));

/** Replays the keys like the editor does: each change cancels the request in flight and asks again. */
async function replay(
  session: Session,
  source: string,
  gw: { baseUrl: string; origin: string },
  frugal: boolean,
): Promise<Figures> {
  await fetch(`${gw.origin}/__control/reset`, { method: 'POST' });
  const at = source.indexOf(session.insertAt);
  const typed = source.slice(at, source.indexOf(session.typedUntil));
  let prefix = source.slice(0, at);
  const suffix = source.slice(at + typed.length);
  const targetLines = typed.split('\n');
  let line = 0;
  const engine = new CompletionEngine({
    client: () => createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-bench' }),
    model: () => 'codestral-latest',
    endpoint: () => 'completions',
    // The naive way: a request on every keystroke, nothing remembered.
    ...(frugal ? {} : { debounce: new AdaptiveDebounce({ minMs: 0, maxMs: 0 }), cache: new CompletionCache(0) }),
  });
  const shownAt: number[] = [];
  const pending: Promise<void>[] = [];
  let inFlight: AbortController | undefined;
  let shown = 0;
  const start = Date.now() + 200;
  for (const k of session.keys) {
    await sleepUntil(start, k.t);
    if (k.key === 'Backspace') prefix = prefix.slice(0, -1);
    else if (k.key === 'Enter') {
      line++;
      // The editor indents the new line as the file does.
      prefix += '\n' + /^\s*/.exec(targetLines[line] ?? '')![0];
    } else prefix += k.key;
    engine.keystroke();
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const req: CompletionRequest = {
      docKey: 'file:///bench/geometry.ts',
      prefix,
      suffix,
      path: 'src/geometry.ts',
      languageId: 'typescript',
    };
    pending.push(
      engine.complete(req, controller.signal).then((r) => {
        if (!r || controller.signal.aborted) return;
        shown++;
        if (r.source === 'gateway') shownAt.push(Date.now());
      }),
    );
  }
  await Promise.all(pending);
  const records = ((await (await fetch(`${gw.origin}/__control/requests`)).json()) as GatewayRecord[]).filter(
    (r) => r.path === '/v1/completions',
  );
  // The time we add: from the gateway's write of the last piece we used to the suggestion being ready.
  const addedMs: number[] = [];
  for (const t of shownAt) {
    const writes = records.flatMap((r) => r.writtenAt ?? []).filter((w) => w <= t);
    if (writes.length) addedMs.push(t - Math.max(...writes));
  }
  let promptTokens = 0;
  let answerTokens = 0;
  for (const r of records) {
    promptTokens += estimateTokens((r.json?.prompt ?? '') + (r.json?.suffix ?? ''));
    // One written piece is one event of about four characters, about a token; the last two are the finish and [DONE].
    answerTokens += Math.max(0, (r.writtenAt?.length ?? 0) - 2);
  }
  return {
    keystrokes: session.keys.length,
    requests: engine.stats.requests,
    cancelled: engine.stats.cancelled,
    cacheHits: engine.stats.cacheHits,
    shown,
    promptTokens,
    answerTokens,
    addedMs,
  };
}

function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

export async function run(): Promise<void> {
  const session = JSON.parse(readFileSync(path.join(FIXTURES, 'typing-session.json'), 'utf8')) as Session;
  const source = readFileSync(path.join(FIXTURES, 'geometry.ts'), 'utf8');
  const gw = await startGateway();
  try {
    const seconds = Math.round(session.keys[session.keys.length - 1]!.t / 1000);
    console.log(
      `typing session: ${session.keys.length} keystrokes over ${seconds} s, replayed at recorded pace against the test gateway (FIM, codestral-latest)`,
    );
    const frugal = await replay(session, source, gw, true);
    const naive = await replay(session, source, gw, false);
    const row = (label: string, f: (x: Figures) => string): void =>
      console.log(`  ${label.padEnd(44)}${f(frugal).padStart(14)}${f(naive).padStart(26)}`);
    console.log(`  ${''.padEnd(44)}${'this extension'.padStart(14)}${'one request per keystroke'.padStart(26)}`);
    row('requests per 100 keystrokes', (x) => ((x.requests / x.keystrokes) * 100).toFixed(1));
    row('requests sent', (x) => String(x.requests));
    row(
      'share of requests cancelled (typed on)',
      (x) => `${((x.cancelled / Math.max(1, x.requests)) * 100).toFixed(0)} %`,
    );
    row('suggestions from the cache', (x) => String(x.cacheHits));
    row('suggestions shown', (x) => String(x.shown));
    row('prompt tokens sent (≈ chars / 4)', (x) => String(x.promptTokens));
    row('answer tokens streamed (≈)', (x) => String(x.answerTokens));
    row('added ms, gateway answer → ghost text, median', (x) => quantile(x.addedMs, 0.5).toFixed(0));
    row('added ms, p95', (x) => quantile(x.addedMs, 0.95).toFixed(0));
  } finally {
    gw.child.kill('SIGTERM');
  }
}
