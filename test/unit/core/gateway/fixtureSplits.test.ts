// Every recorded .sse fixture, replayed over loopback split into two writes at every byte offset.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createGatewayClient } from '../../../../src/core/gateway/client';
import type { GatewayClient } from '../../../../src/core/gateway/types';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { chat, drain } from './drain';

const dir = path.resolve(__dirname, '../../../fixtures/sse');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.sse'));

describe('recorded fixtures split at every byte offset', () => {
  let gw: TestGateway;
  let client: GatewayClient;
  before(async () => {
    gw = await startTestGateway();
    client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
  });
  after(() => gw.close());

  test('there are recorded fixtures', () => assert.ok(fixtures.length >= 4));

  for (const f of fixtures) {
    test(f, { timeout: 300_000 }, async () => {
      const body = readFileSync(path.join(dir, f), 'utf8');
      const size = Buffer.byteLength(body);
      gw.enqueue({ body });
      const whole = await drain(client, chat());
      assert.equal(whole.error, undefined, whole.error?.message);
      assert.equal(whole.finishes.length, 1);
      assert.ok(whole.content.length > 0 || whole.toolCalls.length > 0);
      const expected = JSON.stringify(whole.events);
      // Every request gets the same body cut at one offset; which request serves which offset does not matter.
      const offsets = Array.from({ length: size - 1 }, (_, i) => i + 1);
      for (const o of offsets) gw.enqueue({ body, chunking: [o], delayMs: 2 });
      const failures: string[] = [];
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < offsets.length) {
          next++;
          const d = await drain(client, chat());
          const got = JSON.stringify(d.events);
          if (got !== expected || d.error) failures.push(`${got.slice(0, 120)} ${d.error?.message ?? ''}`);
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      const served = gw.requests.filter((r) => r.scenario === '(enqueued)').length;
      assert.equal(served, size, 'every split was served');
      assert.deepEqual(failures, []);
      gw.reset();
    });
  }
});
