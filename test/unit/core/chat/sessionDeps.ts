// The parts of a ChatSession's dependencies that the session tests share: a real client on a loopback test gateway,
// a real history store in a fresh temp folder, English `{0}` templates and a silent log (test/unit/helpers.ts).
// Tests pass what differs.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createGatewayClient } from '../../../../src/core';
import { HistoryStore, type ChatSessionDeps } from '../../../../src/core/chat';
import { t, quietLog } from '../../helpers';

/** A client for the gateway at `baseUrl` with key `sk-test` and no retries. */
export function testClient(baseUrl: string): ReturnType<typeof createGatewayClient> {
  return createGatewayClient({ baseUrl, apiKey: 'sk-test', maxRetries: 0, logger: quietLog });
}

/** Dependencies for one session against `baseUrl`, with a store in a new temp folder (`dir`); `overrides` win. */
export async function sessionDeps(
  baseUrl: string,
  overrides: Partial<ChatSessionDeps> = {},
): Promise<{ deps: ChatSessionDeps; dir: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-session-'));
  const client = testClient(baseUrl);
  const deps: ChatSessionDeps = {
    client: () => client,
    store: new HistoryStore(dir),
    readKey: async () => 'sk-test',
    defaults: () => ({ model: 'gpt-4o', systemPrompt: '', sampling: {} }),
    newId: () => randomUUID(),
    now: () => Date.now(),
    t,
    log: quietLog,
    listener: () => undefined,
    streamOptions: () => undefined,
    isVideoModel: () => false,
    saveVideos: async () => undefined,
    ...overrides,
  };
  return { deps, dir };
}
