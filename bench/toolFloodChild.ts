// One run of the tool-flood bench in its own process (so its peak memory is its own): `before` or `after`, a scenario.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createGatewayClient } from '../src/core';
import { ChatSession, HistoryStore } from '../src/core/chat';
import { BUILTIN_TOOL_DEFINITIONS, type ToolHost } from '../src/core/tools';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const [mode, baseUrl, scenario] = process.argv.slice(2) as ['before' | 'after', string, string];
/** The old code path: no answer limits in the stream, every call of an answer run at once. */
const before = mode === 'before';

async function main(): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-bench-flood-'));
  let ran = 0;
  let changes = 0;
  // A read that takes a moment and returns a 1 KB file, as read_file does.
  const content = 'x'.repeat(1024);
  const host: ToolHost = {
    definitions: () => [...BUILTIN_TOOL_DEFINITIONS],
    run: async () => {
      ran++;
      await new Promise((r) => setTimeout(r, 1));
      return { status: 'done', content };
    },
    maxRounds: () => 10,
    confirmMoreRounds: async () => false,
    markUnsupported: () => undefined,
    ...(before ? { runLimits: () => ({ maxCalls: Infinity, concurrency: Infinity }) } : {}),
  };
  const client = createGatewayClient({
    baseUrl,
    apiKey: 'sk-bench',
    maxRetries: 0,
    logger: quiet,
    ...(before
      ? { answerLimits: { maxToolCalls: Infinity, maxArgumentChars: Infinity, maxAnswerChars: Infinity } }
      : {}),
  });
  const session = new ChatSession({
    client: () => client,
    store: new HistoryStore(dir),
    readKey: async () => 'sk-bench',
    defaults: () => ({ model: `scenario:${scenario}`, systemPrompt: '', sampling: {} }),
    newId: randomUUID,
    now: Date.now,
    t: (m) => m,
    log: quiet,
    // The host posts the whole message to the view on every change: counted, not done, so the figures are the core's.
    listener: (e) => void (e.type === 'changed' && changes++),
    streamOptions: () => undefined,
    isVideoModel: () => false,
    saveVideos: async () => undefined,
    tools: host,
  });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await session.send('go', []);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const answer = session.conversation.messages.find((m) => m.role === 'assistant')!;
  const out = {
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    ran,
    changes,
    calls: answer.toolCalls?.length ?? 0,
    status: answer.status,
  };
  // A history write of the last answer may still be landing: retried until the folder can go.
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  process.stdout.write(JSON.stringify(out));
}

void main().catch((e) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exitCode = 1;
});
