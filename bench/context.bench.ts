// Figures for the context window: the token count's error against the gateway's own usage numbers (estimate,
// calibrated estimate, usage plus estimate, the family tokenizer), and the time compaction adds before a request.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startTestGateway } from '../test/gateway/server';
import { createGatewayClient } from '../src/core';
import { ChatSession, createConversation, HistoryStore, type Conversation } from '../src/core/chat';
import { RequestBuilder } from '../src/core/chat/requestBuilder';
import { ContextWindows, TokenCounter, splitTotal } from '../src/core/context';
import { tokenizers } from '../src/core/context/openaiTokenizers';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';

const quietLog = { debug() {}, info() {}, warn() {}, error() {} };
const root = path.resolve(__dirname, '..');

/** Pieces of real text of four kinds: English prose, TypeScript, Simplified Chinese, JSON. */
function corpus(): { kind: string; text: string }[] {
  const prose = readFileSync(path.join(root, 'README.md'), 'utf8');
  const code = readFileSync(path.join(root, 'src/core/chat/chatSession.ts'), 'utf8');
  const zh = Object.values(
    JSON.parse(readFileSync(path.join(root, 'l10n/bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>,
  ).join('\n');
  const json = readFileSync(path.join(root, 'package.json'), 'utf8');
  const out: { kind: string; text: string }[] = [];
  const cut = (kind: string, text: string) => {
    for (let i = 0; i + 1500 <= text.length && out.filter((p) => p.kind === kind).length < 12; i += 1500)
      out.push({ kind, text: text.slice(i, i + 1500) });
  };
  cut('prose', prose);
  cut('code', code);
  cut('chinese', zh);
  cut('json', json);
  return out;
}

function memoryWindows(): ContextWindows {
  const learned = new Map<string, number>();
  return new ContextWindows({
    learned: { get: (p, m) => learned.get(`${p}/${m}`), set: (p, m, n) => void learned.set(`${p}/${m}`, n) },
  });
}

const pct = (ours: number, theirs: number) => ((ours - theirs) / theirs) * 100;
const summary = (errors: number[]) => {
  const abs = errors.map(Math.abs);
  const mean = abs.reduce((a, b) => a + b, 0) / abs.length;
  const bias = errors.reduce((a, b) => a + b, 0) / errors.length;
  return `mean |error| ${mean.toFixed(1).padStart(5)} %, max ${Math.max(...abs)
    .toFixed(1)
    .padStart(5)} %, bias ${bias >= 0 ? '+' : ''}${bias.toFixed(1)} %`;
};

async function estimateError(baseUrl: string): Promise<void> {
  const pieces = corpus();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-bench-'));
  // The gateway counts with o200k plus the chat format; the model id has no public tokenizer for us to use.
  // The same gateway scenario answers both: a model without a public tokenizer, and gpt-4o (o200k) by its header.
  for (const [label, model] of [
    ['estimate (a model without a public tokenizer)', 'window-1000k'],
    ['o200k tokenizer (an OpenAI-family model)', 'gpt-4o'],
  ] as const) {
    const counter = new TokenCounter((enc) => tokenizers[enc]);
    const client = createGatewayClient({
      baseUrl,
      apiKey: 'sk-test',
      maxRetries: 0,
      logger: quietLog,
      headers: () => ({ 'x-test-scenario': 'context-window' }),
    });
    const raw: number[] = [];
    const calibrated: number[] = [];
    const anchored: number[] = [];
    const session = new ChatSession({
      client: () => client,
      store: new HistoryStore(dir),
      readKey: async () => 'sk-test',
      defaults: () => ({ model, systemPrompt: 'Be brief.', sampling: {} }),
      newId: () => Math.random().toString(36).slice(2),
      now: Date.now,
      t: (m) => m,
      log: quietLog,
      listener: () => undefined,
      streamOptions: () => undefined,
      isVideoModel: () => false,
      saveVideos: async () => undefined,
      context: { windows: memoryWindows(), counter },
    });
    const builder = (session as unknown as { requests: RequestBuilder }).requests;
    for (const p of pieces) {
      const next = session.conversation;
      // What the next request would be, counted three ways before it is sent.
      const probe = {
        ...next,
        messages: [
          ...next.messages,
          { id: 'x', role: 'user' as const, text: p.text, status: 'done' as const, createdAt: 0 },
        ],
      };
      const request = builder.peek(probe);
      const rawCount = splitTotal(counter.rawSplit(request));
      const calibratedCount = counter.count(request);
      const anchoredCount = builder.fitter!.tokens(request);
      await session.send(p.text, []);
      const usage = session.conversation.messages.at(-1)!.usage?.promptTokens;
      if (!usage) throw new Error('the gateway reported no usage');
      raw.push(pct(rawCount, usage));
      calibrated.push(pct(calibratedCount, usage));
      anchored.push(pct(anchoredCount, usage));
    }
    // Each kind of text alone: one request per piece, our count against the gateway's.
    const kinds = new Map<string, number[]>();
    for (const p of pieces) {
      const one = { model, messages: [{ role: 'user' as const, content: p.text }] };
      const usage = (await client.complete(one)).usage?.prompt_tokens;
      if (!usage) throw new Error('the gateway reported no usage');
      kinds.set(p.kind, [...(kinds.get(p.kind) ?? []), pct(splitTotal(counter.rawSplit(one)), usage)]);
    }
    console.log(`${label}, ${pieces.length} requests against the gateway's usage.prompt_tokens:`);
    console.log(`  ${'uncalibrated'.padEnd(34)} ${summary(raw)}`);
    console.log(`  ${'calibrated by earlier usage'.padEnd(34)} ${summary(calibrated)}`);
    console.log(`  ${'last usage + estimate of the new'.padEnd(34)} ${summary(anchored)}`);
    for (const [kind, errors] of kinds)
      console.log(`  ${`one ${kind} message, uncalibrated`.padEnd(34)} ${summary(errors)}`);
  }
}

function longConversation(turns: number, toolChars: number): Conversation {
  const c = createConversation('bench', 'window-32k', 'Be brief.', 0);
  for (let i = 0; i < turns; i++) {
    c.messages.push({
      id: `u${i}`,
      role: 'user',
      text: `Question ${i}: ${'explain the river stone '.repeat(10)}`,
      status: 'done',
      createdAt: i,
    });
    c.messages.push({
      id: `a${i}`,
      role: 'assistant',
      text: '',
      status: 'done',
      createdAt: i,
      toolCalls: [
        {
          id: `c${i}`,
          name: 'read_file',
          arguments: `{"path":"f${i}.ts"}`,
          status: 'done',
          result: 'const x = 1;\n'.repeat(toolChars / 13),
        },
      ],
    });
    c.messages.push({
      id: `b${i}`,
      role: 'assistant',
      text: `Answer ${i}: ${'it flows '.repeat(30)}`,
      status: 'done',
      createdAt: i,
    });
  }
  c.messages.push({ id: 'last', role: 'user', text: 'And now?', status: 'done', createdAt: turns });
  return c;
}

async function compactionTime(baseUrl: string): Promise<void> {
  const client = createGatewayClient({ baseUrl, apiKey: 'sk-test', maxRetries: 0, logger: quietLog });
  const builder = (windows: ContextWindows) =>
    new RequestBuilder({
      defaults: () => ({ model: 'window-32k', systemPrompt: '', sampling: {} }),
      log: quietLog,
      listener: () => undefined,
      t: (m) => m,
      now: Date.now,
      client: () => client,
      context: { windows, counter: new TokenCounter() },
    });
  const plain = new RequestBuilder({
    defaults: () => ({ model: 'window-32k', systemPrompt: '', sampling: {} }),
    log: quietLog,
    listener: () => undefined,
    t: (m) => m,
    now: Date.now,
    client: () => client,
  });
  const time = async (label: string, runs: number, make: () => Conversation, b: () => RequestBuilder) => {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const conv = make();
      const rb = b();
      const start = process.hrtime.bigint();
      await rb.build(conv, conv.messages.length);
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, z) => a - z);
    console.log(`  ${label.padEnd(62)} median ${samples[Math.floor(runs / 2)]!.toFixed(2).padStart(7)} ms`);
    return samples[Math.floor(runs / 2)]!;
  };
  console.log('Time before the request is sent (301 messages, window 32k, test gateway on loopback):');
  const base = await time(
    'no window known (the request as it was)',
    21,
    () => longConversation(100, 200),
    () => plain,
  );
  await time(
    'fits: counted, nothing compacted',
    21,
    () => longConversation(100, 40),
    () => builder(memoryWindows()),
  );
  await time(
    'old tool results shortened (100 × 4,000 characters)',
    21,
    () => longConversation(100, 4000),
    () => builder(memoryWindows()),
  );
  const big = await time(
    'shortened, then the oldest turns summarized (one gateway round trip)',
    11,
    () => longConversation(100, 40),
    () => {
      const w = memoryWindows();
      void w.learn('default', 'window-32k', 4096);
      return builder(w);
    },
  );
  console.log(`  ${'summary path over the plain request'.padEnd(62)} ${(big / Math.max(base, 0.001)).toFixed(0)} ×`);
}

export async function run(): Promise<void> {
  const gw = await startTestGateway();
  try {
    await estimateError(gw.baseUrl);
    await compactionTime(gw.baseUrl);
  } finally {
    await gw.close();
  }
}
