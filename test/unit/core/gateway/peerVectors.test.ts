// The 80 peer streaming vectors, each served over loopback by the test gateway exactly as peer-vectors.md says.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createGatewayClient } from '../../../../src/core/gateway/client';
import type { GatewayClient } from '../../../../src/core/gateway/types';
import { startTestGateway, type ResponseScript, type TestGateway } from '../../../gateway/server';
import { chat, drain, waitFor, type Drained } from './drain';

interface Expect {
  content?: string;
  contentIncludes?: string;
  reasoning?: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
  finish?: string | null;
  error?: string | string[];
  errorMessageIncludes?: string;
  usage?: Record<string, number>;
  anyOf?: Expect[];
}

interface Vector {
  id: string;
  category: string;
  response?: { status?: number; headers?: Record<string, string>; end?: 'close' | 'hold' | 'reset'; delayMs?: number };
  repeat?: { marker: string; unit: string; count: number };
  body?: string;
  bodyBase64?: string;
  chunking?: ResponseScript['chunking'];
  timeoutMs?: number;
  expect: Expect;
}

const file = JSON.parse(readFileSync(path.resolve(__dirname, '../../../fixtures/peer-vectors.json'), 'utf8')) as {
  vectors: Vector[];
};

function expand(s: string, v: Vector): string {
  return v.repeat ? s.split(v.repeat.marker).join(v.repeat.unit.repeat(v.repeat.count)) : s;
}

function argsEqual(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return a === b;
  }
}

/** Returns undefined when `d` meets `e`, else what differs. */
function mismatch(d: Drained, e: Expect, v: Vector): string | undefined {
  if (e.anyOf) {
    const reasons = e.anyOf.map((alt) => mismatch(d, alt, v));
    return reasons.some((r) => r === undefined) ? undefined : `no alternative matched: ${reasons.join(' | ')}`;
  }
  if (e.content !== undefined && d.content !== expand(e.content, v)) {
    return `content ${JSON.stringify(d.content.slice(0, 200))} != ${JSON.stringify(expand(e.content, v).slice(0, 200))}`;
  }
  if (e.contentIncludes !== undefined && !d.content.includes(e.contentIncludes))
    return `content lacks ${JSON.stringify(e.contentIncludes)}`;
  if (e.reasoning !== undefined && d.reasoning !== e.reasoning) return `reasoning ${JSON.stringify(d.reasoning)}`;
  const expectedCalls = e.toolCalls ?? [];
  if (d.toolCalls.length !== expectedCalls.length) return `tool calls ${JSON.stringify(d.toolCalls)}`;
  for (const c of expectedCalls) {
    if (!d.toolCalls.some((x) => x.id === c.id && x.name === c.name && argsEqual(x.arguments, c.arguments)))
      return `missing call ${JSON.stringify(c)} in ${JSON.stringify(d.toolCalls)}`;
  }
  if (e.finish === null && d.finishes.length) return `unexpected finish ${d.finishes.join()}`;
  if (typeof e.finish === 'string') {
    if (d.finishes.length !== 1 || d.finishes[0].toLowerCase() !== e.finish.toLowerCase())
      return `finishes ${JSON.stringify(d.finishes)}`;
    const fi = d.events.findIndex((x) => x.type === 'finish');
    const lastContent = d.events.map((x) => x.type).lastIndexOf('content');
    if (fi < lastContent) return 'finish before the last content';
  }
  if (e.finish === undefined && d.finishes.length > 1) return 'more than one finish';
  if (e.error === undefined && d.error) return `unexpected error ${d.error.kind}: ${d.error.message}`;
  if (e.error !== undefined) {
    const kinds = Array.isArray(e.error) ? e.error : [e.error];
    if (!d.error) return `expected error ${kinds.join('|')}, got none`;
    if (!kinds.includes(d.error.kind))
      return `error kind ${d.error.kind} (${d.error.message}) not in ${kinds.join('|')}`;
    if (e.errorMessageIncludes && !d.error.message.includes(e.errorMessageIncludes))
      return `error message ${JSON.stringify(d.error.message)}`;
  }
  if (e.usage) {
    if (!d.usage) return 'no usage event';
    for (const [k, n] of Object.entries(e.usage)) {
      if (d.usage[k] !== n && !Object.values(d.usage).includes(n))
        return `usage ${JSON.stringify(d.usage)} lacks ${k}=${n}`;
    }
  }
  return undefined;
}

describe('peer vectors over loopback', () => {
  let gw: TestGateway;
  let client: GatewayClient;
  before(async () => {
    gw = await startTestGateway();
    client = createGatewayClient({
      baseUrl: gw.baseUrl,
      apiKey: 'sk-test',
      maxRetries: 0,
      timeouts: { connectMs: 10_000, firstByteMs: 10_000, idleMs: 10_000 },
      // The vectors are about parsing (one holds an 8 MiB event); the 4 MiB answer cap has its own tests.
      answerLimits: { maxAnswerChars: 64 * 1024 * 1024 },
    });
  });
  after(() => gw.close());

  test('the file holds the 80 vectors', () => {
    assert.equal(file.vectors.length, 80);
  });

  for (const v of file.vectors) {
    test(v.id, { timeout: Math.max(v.timeoutMs ?? 0, 30_000) }, async () => {
      const protoBefore = Object.getOwnPropertyNames(Object.prototype).join();
      const r = v.response ?? {};
      gw.enqueue({
        status: r.status,
        headers: r.headers,
        end: r.end,
        delayMs: r.delayMs ?? (v.chunking === 'bytes' ? 1 : 3),
        body: v.body,
        bodyBase64: v.bodyBase64,
        chunking: v.chunking,
        repeat: v.repeat,
      });
      const d = await drain(client, chat());
      assert.equal(mismatch(d, v.expect, v), undefined);
      assert.equal(Object.getOwnPropertyNames(Object.prototype).join(), protoBefore, 'Object.prototype changed');
      assert.equal(({} as Record<string, unknown>).sdktoolcallPrototypePollution, undefined);
      if (r.end === 'hold') {
        // The client finished at [DONE] by itself and closed the connection the server held open.
        const rec = gw.requests.at(-1)!;
        await waitFor(() => rec.closedEarly === true);
      }
    });
  }
});
