// Parameters, profiles and prices (issue 12): the pure helpers' speed, and a chat answer on one gateway measured
// side by side with answers that alternate between two gateways (two profiles), against two loopback test gateways.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createGatewayClient, type GatewayClient } from '../src/core';
import { ChatSession, HistoryStore } from '../src/core/chat';
import { resolveParameters } from '../src/core/params';
import { estimateCostUsd, parsePricing } from '../src/core/pricing';
import { parseProfiles } from '../src/core/profiles';
import { startTestGateway } from '../test/gateway/server';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

function perOp(label: string, n: number, fn: (i: number) => void): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0) / n;
  console.log(`${label.padEnd(56)} ${(ns / 1000).toFixed(2)} µs/op (${n} ops)`);
  return ns;
}

export async function run(): Promise<void> {
  const modelParameters: Record<string, unknown> = {
    '*': { temperature: 0.5 },
    'gpt-4o*': { stop: ['<END>'], seed: 7 },
    'deepseek-r1': { temperature: null },
  };
  for (let i = 0; i < 50; i++) modelParameters[`vendor-${i}-*`] = { top_p: 0.9, max_tokens: 1000 + i };
  perOp('resolveParameters (53 keys, 3 layers)', 50_000, (i) =>
    resolveParameters(i % 2 ? 'gpt-4o-mini' : 'vendor-7-large', {
      global: { temperature: 0.7 },
      modelParameters,
      conversation: { n: 2 },
    }),
  );
  const raw = Array.from({ length: 20 }, (_, i) => ({
    id: `p${i}`,
    name: `Gateway ${i}`,
    baseUrl: `https://gw${i}.example.com/v1`,
    headers: { 'X-Team': 't' },
  }));
  const defaults = {
    defaultProfile: { name: 'api.applerouter.ai', baseUrl: 'https://api.applerouter.ai/v1', headers: {} },
    sanitizeHeaders: (v: unknown) => v as Record<string, string>,
  };
  perOp('parseProfiles (20 profiles; done on every request)', 20_000, () => parseProfiles(raw, defaults));
  const pricingBody = {
    success: true,
    data: Array.from({ length: 5000 }, (_, i) => ({
      model_name: `model-${i}`,
      quota_type: i % 10 === 0 ? 1 : 0,
      model_ratio: 0.5 + (i % 7),
      model_price: 0.04,
      completion_ratio: 4,
    })),
    group_ratio: { default: 1 },
  };
  perOp('parsePricing (5 000 models, once an hour)', 50, () => parsePricing(pricingBody));
  const pricing = parsePricing(pricingBody)!;
  perOp('estimateCostUsd (per answer shown)', 200_000, (i) =>
    estimateCostUsd(pricing, `model-${i % 5000}`, { promptTokens: 1000, completionTokens: 500 }),
  );

  // One answer on one gateway versus answers alternating between two gateways, measured in the same run.
  const [home, work] = await Promise.all([startTestGateway(), startTestGateway()]);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-bench-params-'));
  try {
    const clients: Record<string, GatewayClient> = {
      default: createGatewayClient({ baseUrl: home.baseUrl, apiKey: 'sk-home', maxRetries: 0, logger: quiet }),
      work: createGatewayClient({ baseUrl: work.baseUrl, apiKey: 'sk-work', maxRetries: 0, logger: quiet }),
    };
    const session = new ChatSession({
      client: (p) => clients[p ?? 'default']!,
      store: new HistoryStore(dir),
      readKey: async (p) => (p ? 'sk-work' : 'sk-home'),
      defaults: () => ({ model: 'scenario:text', systemPrompt: '', sampling: {} }),
      parameterLayers: () => ({ global: { temperature: 0.7 }, modelParameters }),
      newId: randomUUID,
      now: Date.now,
      t: (m) => m,
      log: quiet,
      listener: () => undefined,
      streamOptions: () => undefined,
      isVideoModel: () => false,
      saveVideos: async () => undefined,
    });
    const answers = async (n: number, alternate: boolean): Promise<number> => {
      session.newConversation();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        if (alternate) await session.setModel('scenario:text', i % 2 ? 'work' : undefined);
        await session.send(`question ${i}`, []);
      }
      return (performance.now() - t0) / n;
    };
    await answers(5, false);
    const rounds: { one: number; two: number }[] = [];
    for (let r = 0; r < 3; r++) rounds.push({ one: await answers(20, false), two: await answers(20, true) });
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const one = med(rounds.map((r) => r.one));
    const two = med(rounds.map((r) => r.two));
    console.log(
      `answer on one gateway                                    ${one.toFixed(1)} ms/answer (median of 3 × 20)`,
    );
    console.log(`answers alternating between two gateways (two profiles)  ${two.toFixed(1)} ms/answer`);
    console.log(`ratio two gateways / one                                 ${(two / one).toFixed(2)}×`);
  } finally {
    await Promise.all([home.close(), work.close()]);
    await fs.rm(dir, { recursive: true, force: true });
  }
}
