// Long conversations against the test gateway's window-enforcing models (tokens counted their own way): the window
// learned from a refusal, tool results shortened first, the summary request, the newest message always kept, the
// history file unchanged by compaction, and one automatic retry only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { ChatSession, createConversation, type ChatSessionEvent, type SessionMessage } from '../../../../src/core/chat';
import { ContextWindows, TokenCounter } from '../../../../src/core/context';
import { sessionDeps } from './sessionDeps';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

/** A note of about `words` words of varied English (so the tokenizers see ordinary text). */
function note(n: number, words: number): string {
  const vocabulary =
    'river stone garden window market letter station summer winter valley bridge candle pocket silver harbor ' +
    'engine ticket forest lantern meadow copper orchard pillar signal thunder velvet anchor basket cellar';
  const list = vocabulary.split(' ');
  let seed = n * 7919;
  const out = [`NOTE-${n}:`];
  for (let i = 0; i < words; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push(list[seed % list.length]!);
  }
  return out.join(' ');
}

async function contextSession(model: string, over: Parameters<typeof sessionDeps>[1] = {}) {
  const learned = new Map<string, number>();
  const windows = new ContextWindows({
    learned: { get: (p, m) => learned.get(`${p}/${m}`), set: (p, m, n) => void learned.set(`${p}/${m}`, n) },
  });
  const events: ChatSessionEvent[] = [];
  const { deps, dir } = await sessionDeps(gw.baseUrl, {
    defaults: () => ({ model, systemPrompt: 'Be brief.', sampling: {} }),
    context: { windows, counter: new TokenCounter() },
    listener: (e) => events.push(e),
    ...over,
  });
  return { session: new ChatSession(deps), learned, events, dir, deps };
}

interface Body {
  model: string;
  messages: { role: string; content: unknown; tool_call_id?: string }[];
}
const chatBodies = (mark: number): Body[] =>
  gw.requests
    .slice(mark)
    .filter((r) => r.path === '/v1/chat/completions')
    .map((r) => r.json as Body);
const isSummary = (b: Body) => String(b.messages[0]?.content).startsWith('You condense');
const text = (b: Body) => b.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');

describe('context compaction against a window-enforcing gateway', () => {
  for (const model of ['window-8k', 'window-8k-anthropic', 'window-8k-gemini', 'window-8k-newapi', 'window-8k-bare']) {
    it(`${model}: a refusal teaches the window; the conversation is compacted and answered without the user`, async () => {
      const h = await contextSession(model);
      for (let n = 1; n <= 2; n++) await h.session.send(note(n, 3000), []);
      const mark = gw.requests.length;
      await h.session.send(note(3, 3000), []);
      const answer = h.session.conversation.messages.at(-1)!;
      assert.equal(answer.status, 'done', answer.error?.message);
      assert.match(answer.text, /NOTE-3/);
      const learned = h.learned.get(`default/${model}`);
      if (model.endsWith('-bare')) assert.ok(learned! < 32 * 1024, `learned ${learned}`);
      else assert.equal(learned, 8192);
      const bodies = chatBodies(mark);
      const refusedOrAccepted = bodies.filter((b) => !isSummary(b));
      assert.equal(refusedOrAccepted.length, 2, 'refused once, then accepted');
      assert.ok(bodies.some(isSummary), 'a summary was asked for');
    });
  }

  it('sends the summary request with the oldest turns, and keeps the newest message verbatim', async () => {
    const h = await contextSession('window-8k');
    await h.session.send(note(1, 3000), []);
    await h.session.send(note(2, 3000), []);
    const mark = gw.requests.length;
    await h.session.send(note(3, 3000), []);
    const bodies = chatBodies(mark);
    const summary = bodies.find(isSummary)!;
    assert.match(text(summary), /NOTE-1/);
    assert.match(text(summary), /NOTE-2/);
    assert.doesNotMatch(text(summary), /NOTE-3/, 'the newest note is not summarized');
    const accepted = bodies.at(-1)!;
    assert.ok(!isSummary(accepted));
    assert.equal(accepted.messages.at(-1)!.content, note(3, 3000), 'the newest message is sent whole');
    assert.ok(
      accepted.messages.some((m) => m.role === 'system' && String(m.content).startsWith('Summary of the')),
      'the summary stands for the earlier messages',
    );
    assert.doesNotMatch(text(accepted), /NOTE-1:/);
    const c = h.session.conversation.compaction!;
    assert.equal(c.messageCount, 4);
    assert.match(c.summary, /Summary note/);
  });

  it('the history file keeps every original message; the summary is metadata; undo drops it', async () => {
    const h = await contextSession('window-8k');
    for (let n = 1; n <= 3; n++) await h.session.send(note(n, 3000), []);
    const file = path.join(h.dir, `${h.session.conversation.id}.json`);
    await h.deps.store.flush();
    const saved = JSON.parse(await fs.readFile(file, 'utf8')) as { messages: SessionMessage[]; compaction?: unknown };
    assert.ok(saved.compaction, 'the summary is saved with the conversation');
    assert.deepEqual(
      saved.messages.filter((m) => m.role === 'user').map((m) => m.text),
      [note(1, 3000), note(2, 3000), note(3, 3000)],
    );
    assert.equal(saved.messages.length, 6);
    assert.ok(saved.messages.every((m) => m.status === 'done'));
    await h.session.undoCompaction();
    await h.deps.store.flush();
    const undone = JSON.parse(await fs.readFile(file, 'utf8')) as { messages: SessionMessage[]; compaction?: unknown };
    assert.equal(undone.compaction, undefined);
    assert.deepEqual(undone.messages, saved.messages);
    assert.ok(h.events.filter((e) => e.type === 'compacted').length >= 2);
  });

  it('shortens old tool results first (call kept, a stub says what was left out) and asks for no summary', async () => {
    const h = await contextSession('window-8k');
    const conv = createConversation('tools-conv', 'window-8k', '', 1);
    const big = note(9, 9000);
    conv.messages.push(
      { id: 'u1', role: 'user', text: 'Read the file.', status: 'done', createdAt: 1 },
      {
        id: 'a1',
        role: 'assistant',
        text: '',
        status: 'done',
        createdAt: 2,
        toolCalls: [
          { id: 'call_big', name: 'read_file', arguments: '{"path":"big.txt"}', status: 'done', result: big },
        ],
      },
      { id: 'a2', role: 'assistant', text: 'It is a long list of words.', status: 'done', createdAt: 3 },
    );
    await h.deps.store.save(conv);
    assert.ok(await h.session.open('tools-conv'));
    h.learned.set('default/window-8k', 8192);
    const mark = gw.requests.length;
    await h.session.send('And now NOTE-10 please.', []);
    const bodies = chatBodies(mark);
    assert.ok(!bodies.some(isSummary), 'no summary was needed');
    const accepted = bodies.at(-1)!;
    const tool = accepted.messages.find((m) => m.role === 'tool')!;
    assert.equal(tool.tool_call_id, 'call_big', 'the call and its result message are kept');
    assert.match(
      String(tool.content),
      new RegExp(`left out to fit the context window: \\d+ of ${big.length} characters`),
    );
    assert.ok(String(tool.content).length < 1000);
    assert.equal(h.session.conversation.messages.at(-1)!.status, 'done');
    assert.equal(h.session.conversation.messages[1]!.toolCalls![0]!.result, big, 'the conversation keeps the result');
  });

  it('retries once only: a newest message larger than the window ends in one sentence without Retry', async () => {
    const h = await contextSession('window-8k');
    await h.session.send(note(1, 300), []);
    const mark = gw.requests.length;
    await h.session.send(note(2, 9000), []);
    const answer = h.session.conversation.messages.at(-1)!;
    assert.equal(answer.status, 'error');
    assert.match(answer.error!.message, /still too long for the context window of window-8k \(8192 tokens\)/);
    assert.deepEqual(answer.error!.actions, ['showLog']);
    const sent = chatBodies(mark).filter((b) => !isSummary(b));
    assert.equal(sent.length, 2, 'the first try and one automatic retry');
    for (const b of sent) assert.equal(b.messages.at(-1)!.content, note(2, 9000), 'the newest message is never cut');
  });
});
