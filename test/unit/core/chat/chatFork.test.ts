// "Fork from here": the new conversation keeps exactly the messages up to the chosen one and says where it came from.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { ChatSession, HistoryStore, type ChatSessionEvent } from '../../../../src/core/chat';
import { sessionDeps } from './sessionDeps';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

async function harness(): Promise<{ s: ChatSession; store: HistoryStore; dir: string; events: ChatSessionEvent[] }> {
  const events: ChatSessionEvent[] = [];
  const { deps, dir } = await sessionDeps(gw.baseUrl, {
    defaults: () => ({ model: 'gpt-4o', systemPrompt: 'Be brief.', sampling: {} }),
    listener: (e) => events.push(e),
  });
  return { s: new ChatSession(deps), store: deps.store, dir, events };
}

describe('ChatSession.fork', () => {
  it('keeps exactly the messages up to the chosen one; the original is unchanged; both are in the history', async () => {
    const { s, store } = await harness();
    await s.send('first question', []);
    await s.send('second question', []);
    await s.send('third question', []);
    const original = structuredClone(s.conversation);
    assert.equal(original.messages.length, 6);
    const chosen = original.messages[3]!; // the second answer
    assert.equal(await s.fork(chosen.id), true);
    const fork = s.conversation;
    assert.notEqual(fork.id, original.id);
    assert.deepEqual(fork.messages, original.messages.slice(0, 4));
    assert.deepEqual(fork.forkedFrom, { id: original.id, title: original.title, messageId: chosen.id });
    assert.equal(fork.systemPrompt, original.systemPrompt);
    const saved = await store.load(original.id);
    assert.equal(saved.kind === 'ok' && saved.conversation.messages.length, 6);
    const entries = await store.list();
    assert.deepEqual(entries.find((e) => e.id === fork.id)?.forkedFrom, { id: original.id, title: original.title });
    assert.equal(entries.find((e) => e.id === original.id)?.forkedFrom, undefined);
  });

  it('the fork continues from its own messages: the next request carries only them', async () => {
    const { s } = await harness();
    await s.send('alpha', []);
    await s.send('beta', []);
    assert.equal(await s.fork(s.conversation.messages[1]!.id), true);
    gw.reset();
    await s.send('gamma', []);
    const body = gw.requests.at(-1)!.json as { messages: { role: string; content: string }[] };
    assert.deepEqual(
      body.messages.map((m) => m.role),
      ['system', 'user', 'assistant', 'user'],
    );
    assert.equal(body.messages[1]!.content, 'alpha');
    assert.equal(body.messages[3]!.content, 'gamma');
  });

  it('the fork origin survives an index rebuild, and an unknown message id forks nothing', async () => {
    const { s, dir } = await harness();
    await s.send('one', []);
    const originalId = s.conversation.id;
    assert.equal(await s.fork('no-such-message'), false);
    assert.equal(s.conversation.id, originalId);
    assert.equal(await s.fork(s.conversation.messages[0]!.id), true);
    assert.equal(s.conversation.messages.length, 1);
    await fs.unlink(path.join(dir, 'index.json'));
    const entries = await new HistoryStore(dir).list();
    assert.equal(entries.find((e) => e.id === s.conversation.id)?.forkedFrom?.id, originalId);
  });

  it('a summary of earlier messages goes along when the fork holds all it covers, and not when it does not', async () => {
    const { s } = await harness();
    await s.send('one', []);
    await s.send('two', []);
    await s.send('three', []);
    const original = s.conversation;
    const compaction = {
      summary: 'SUMMARY-OF-ONE',
      throughId: original.messages[1]!.id,
      messageCount: 2,
      model: 'gpt-4o',
      createdAt: 1,
    };
    original.compaction = structuredClone(compaction);
    const originalId = original.id;
    assert.equal(await s.fork(original.messages[3]!.id), true);
    assert.deepEqual(s.conversation.compaction, compaction);
    gw.reset();
    await s.send('four', []);
    const body = gw.requests.at(-1)!.json as { messages: { role: string; content: string }[] };
    const contents = body.messages.map((m) => m.content);
    assert.ok(
      contents.some((c) => c.includes('SUMMARY-OF-ONE')),
      'the request carries the summary',
    );
    assert.ok(!contents.includes('one'), 'the summarized message is not sent again');
    assert.ok(contents.includes('two') && contents.includes('four'), 'what follows the summary is sent whole');

    // Forked at the first message, before the end of what the summary covers: it would speak of later messages.
    assert.equal(await s.open(originalId), true);
    assert.equal(await s.fork(s.conversation.messages[0]!.id), true);
    assert.equal(s.conversation.compaction, undefined);
  });
});
