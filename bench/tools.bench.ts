// Tools benchmark: the tool loop's cost per round against the in-process test gateway, and the pure helpers' speed.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createGatewayClient } from '../src/core';
import { ChatSession, HistoryStore } from '../src/core/chat';
import {
  BUILTIN_TOOL_DEFINITIONS,
  capToolResult,
  confinePath,
  parseToolArguments,
  type ToolHost,
} from '../src/core/tools';
import { startTestGateway } from '../test/gateway/server';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function perOp(label: string, n: number, fn: (i: number) => void): void {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`${label.padEnd(48)} ${(ns / 1000).toFixed(2)} µs/op (${n} ops)`);
}

export async function run(): Promise<void> {
  const schema = BUILTIN_TOOL_DEFINITIONS[0]!.function.parameters;
  perOp('parseToolArguments (read_file, valid)', 100_000, () =>
    parseToolArguments('{"path":"src/a.ts","startLine":10,"endLine":20}', schema),
  );
  const roots = [{ name: 'ws', fsPath: '/work/ws' }];
  perOp('confinePath (inside and outside)', 100_000, (i) =>
    confinePath(roots, i % 2 ? 'src/a/b/c.ts' : '../../etc/passwd'),
  );
  const big = 'x'.repeat(5 * 1024 * 1024);
  perOp('capToolResult (5 MB result to 100 000 chars)', 200, () => capToolResult(big));

  const gw = await startTestGateway();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-bench-tools-'));
  try {
    const host: ToolHost = {
      definitions: () => [...BUILTIN_TOOL_DEFINITIONS],
      run: async (call) => ({ status: 'done', content: `result of ${call.name}` }),
      maxRounds: () => 10,
      confirmMoreRounds: async () => false,
      markUnsupported: () => undefined,
    };
    const client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-bench', maxRetries: 0, logger: quiet });
    const session = new ChatSession({
      client: () => client,
      store: new HistoryStore(dir),
      readKey: async () => 'sk-bench',
      defaults: () => ({ model: 'scenario:tools-parallel', systemPrompt: '', sampling: {} }),
      newId: randomUUID,
      now: Date.now,
      t: (m) => m,
      log: quiet,
      listener: () => undefined,
      streamOptions: () => undefined,
      isVideoModel: () => false,
      saveVideos: async () => undefined,
      tools: host,
    });
    const ROUNDS = 30;
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    for (let i = 0; i < ROUNDS; i++) await session.send(`round ${i}`, []);
    const cpu = process.cpuUsage(cpu0);
    const wall = Date.now() - t0;
    const requests = gw.requests.filter((r) => r.path === '/v1/chat/completions').length;
    console.log(`tool loop: ${ROUNDS} turns (2 parallel calls each), ${requests} requests, growing conversation`);
    console.log(
      `  wall ${(wall / ROUNDS).toFixed(1)} ms/turn (gateway paces 3 ms per event), CPU ${((cpu.user + cpu.system) / 1000 / ROUNDS).toFixed(1)} ms/turn (client, session, history writes and the in-process gateway)`,
    );
    console.log(
      `  saved conversation: ${(await fs.stat(path.join(dir, `${session.conversation.id}.json`)).catch(() => undefined))?.size ?? '?'} bytes for ${session.conversation.messages.length} messages`,
    );
  } finally {
    await gw.close();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
