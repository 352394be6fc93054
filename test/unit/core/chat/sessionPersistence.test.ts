// Persistence of the open conversation against a real history store in a temp folder: writes, failed writes, repairs
// after a reload, and updating a conversation that is no longer open.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  HistoryStore,
  createConversation,
  type ChatSessionEvent,
  type Conversation,
  type SessionMessage,
} from '../../../../src/core/chat';
import {
  repairStale,
  reportStoreError,
  saveConversation,
  updateOnDisk,
  type PersistenceDeps,
} from '../../../../src/core/chat/sessionPersistence';
import { NewerSchemaError } from '../../../../src/core/chat/historyStore';
import { quietLog, t } from '../../helpers';

async function setup(): Promise<{ deps: PersistenceDeps; store: HistoryStore; events: ChatSessionEvent[] }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-persist-'));
  const store = new HistoryStore(dir);
  const events: ChatSessionEvent[] = [];
  return { deps: { store, now: () => 42, listener: (e) => events.push(e), log: quietLog, t }, store, events };
}

function conv(...messages: SessionMessage[]): Conversation {
  const c = createConversation('c1', 'gpt-4o', '', 1);
  c.messages.push(...messages);
  return c;
}
const user: SessionMessage = { id: 'u', role: 'user', text: 'hi', status: 'done', createdAt: 1 };

describe('session persistence', () => {
  it('writes the conversation with its time and names it the one to reopen; never an empty or read-only one', async () => {
    const { deps, store, events } = await setup();
    await saveConversation(deps, conv(), false, (x) => x);
    await saveConversation(deps, conv(user), true, (x) => x);
    assert.equal((await store.list()).length, 0);
    await saveConversation(deps, conv(user), false, (x) => x);
    const r = await store.load('c1');
    assert.equal(r.kind === 'ok' && r.conversation.updatedAt, 42);
    assert.deepEqual(events, [{ type: 'lastChanged', id: 'c1' }]);
  });

  it('a failed write is one redacted notice; a newer file says read-only', async () => {
    const { deps, events } = await setup();
    reportStoreError(deps, new Error('disk full at sk-secret'), (x) => x.replace('sk-secret', '***'));
    reportStoreError(deps, new NewerSchemaError('c1.json', 2, 1), (x) => x);
    const notices = events.map((e) => (e.type === 'notice' ? e.message : ''));
    assert.match(notices[0]!, /could not be saved \(Error: disk full at \*\*\*\)/);
    assert.match(notices[1]!, /newer version/);
  });

  it('after a reload a streaming answer is interrupted with Retry and a video still saving elsewhere failed', () => {
    const c = conv(
      user,
      { id: 'a', role: 'assistant', text: 'half', status: 'streaming', createdAt: 2 },
      { id: 'v', role: 'assistant', text: '', status: 'done', createdAt: 3, video: { state: 'saving', files: [] } },
      { id: 'w', role: 'assistant', text: '', status: 'done', createdAt: 4, video: { state: 'saving', files: [] } },
    );
    assert.equal(repairStale(c, new Map([['w', 'c1']]), t), true);
    const [, a, v, w] = c.messages as SessionMessage[];
    assert.equal(a!.status, 'interrupted');
    assert.deepEqual(a!.error?.actions, ['retry']);
    assert.equal(v!.video?.state, 'failed');
    assert.equal(w!.video?.state, 'saving');
    assert.equal(repairStale(c, new Map([['w', 'c1']]), t), false);
  });

  it('updates a message of a conversation that is no longer open, on disk', async () => {
    const { deps, store } = await setup();
    await saveConversation(deps, conv(user), false, (x) => x);
    await updateOnDisk(store, 'c1', 'u', (m) => (m.text = 'changed'));
    await updateOnDisk(store, 'c1', 'missing', (m) => (m.text = 'never'));
    const r = await store.load('c1');
    assert.equal(r.kind === 'ok' && r.conversation.messages[0]!.text, 'changed');
  });
});
