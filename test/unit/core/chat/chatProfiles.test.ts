// Several gateways: a conversation's profile picks the gateway and the key of each request; it survives a reload,
// a fork and "continue in a new conversation"; a new conversation starts on the profile the defaults name.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { createGatewayClient, type GatewayClient } from '../../../../src/core';
import { ChatSession, HistoryStore } from '../../../../src/core/chat';
import { quietLog } from '../../helpers';
import { sessionDeps } from './sessionDeps';

let home: TestGateway;
let work: TestGateway;
before(async () => {
  [home, work] = await Promise.all([startTestGateway(), startTestGateway()]);
});
after(async () => {
  await Promise.all([home.close(), work.close()]);
});

const keys: Record<string, string> = { default: 'sk-home', work: 'sk-work' };

/** A session whose store is in `dir` (shared by sessions that stand for a reload). */
async function session(dir: string, defaultProfile?: string): Promise<ChatSession> {
  const clients: Record<string, GatewayClient> = {
    default: createGatewayClient({ baseUrl: home.baseUrl, apiKey: keys.default, maxRetries: 0, logger: quietLog }),
    work: createGatewayClient({ baseUrl: work.baseUrl, apiKey: keys.work, maxRetries: 0, logger: quietLog }),
  };
  const { deps } = await sessionDeps(home.baseUrl, {
    client: (profile) => clients[profile ?? 'default']!,
    store: new HistoryStore(dir),
    readKey: async (profile) => keys[profile ?? 'default'],
    defaults: () => ({
      model: 'gpt-4o',
      systemPrompt: '',
      sampling: {},
      ...(defaultProfile ? { profile: defaultProfile } : {}),
    }),
  });
  return new ChatSession(deps);
}

const chats = (gw: TestGateway, from: number) =>
  gw.requests.slice(from).filter((r) => r.path === '/v1/chat/completions');
const bearer = (r: { headers: Record<string, string | string[] | undefined> }) => r.headers.authorization;

describe('chat session with gateway profiles', () => {
  it("each request goes to its conversation's gateway with that gateway's key", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-profiles-'));
    const [h, w] = [home.requests.length, work.requests.length];
    const s = await session(dir);
    await s.send('to home', []);
    assert.equal(chats(home, h).length, 1);
    assert.equal(bearer(chats(home, h)[0]!), 'Bearer sk-home');
    assert.equal(chats(work, w).length, 0);

    await s.setModel('gpt-4o-mini', 'work');
    await s.send('to work', []);
    assert.equal(chats(work, w).length, 1);
    assert.equal(bearer(chats(work, w)[0]!), 'Bearer sk-work');
    assert.equal((JSON.parse(chats(work, w)[0]!.bodyText) as { model: string }).model, 'gpt-4o-mini');
    assert.equal(chats(home, h).length, 1, 'nothing more reached the other gateway');
    // Each answer records the gateway that gave it (its cost is estimated with that gateway's prices).
    assert.deepEqual(
      s.conversation.messages.filter((m) => m.role === 'assistant').map((m) => m.profile),
      [undefined, 'work'],
    );

    // The profile is saved with the conversation: a new session (a reload) keeps using it.
    const again = await session(dir);
    assert.equal(await again.open(s.conversation.id), true);
    assert.equal(again.conversation.profile, 'work');
    await again.send('still work', []);
    assert.equal(chats(work, w).length, 2);

    // Back to the default profile: the field is gone, requests go home again.
    await again.setModel('gpt-4o');
    assert.equal('profile' in again.conversation, false);
    await again.send('home again', []);
    assert.equal(chats(home, h).length, 2);
  });

  it('a fork keeps the profile; a new conversation starts on the profile the defaults name', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-profiles-'));
    const s = await session(dir, 'work');
    assert.equal(s.conversation.profile, 'work');
    await s.send('first', []);
    const first = s.conversation.messages.find((m) => m.role === 'assistant')!;
    assert.equal(await s.fork(first.id), true);
    assert.equal(s.conversation.profile, 'work');
    const w = work.requests.length;
    await s.send('after the fork', []);
    assert.equal(chats(work, w).length, 1);
    const plain = await session(dir);
    assert.equal(plain.conversation.profile, undefined);
  });
});
