// The chat session against the test gateway over loopback and a real history store in a temp folder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { createGatewayClient } from '../../../../src/core';
import {
  ChatSession,
  HistoryStore,
  chatSessionMessages,
  createConversation,
  type ChatAnswerVideos,
  type ChatSessionDeps,
  type ChatSessionEvent,
  type SessionTimers,
} from '../../../../src/core/chat';
import { t, quietLog } from '../../helpers';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

interface Harness {
  session: ChatSession;
  store: HistoryStore;
  dir: string;
  events: ChatSessionEvent[];
}

async function harness(over: Partial<ChatSessionDeps> & { key?: string; model?: string } = {}): Promise<Harness> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-session-'));
  const store = new HistoryStore(dir);
  const events: ChatSessionEvent[] = [];
  const key = over.key ?? 'sk-test';
  const client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: () => key, maxRetries: 0, logger: quietLog });
  const session = new ChatSession({
    client: () => client,
    store,
    readKey: async () => key,
    defaults: () => ({ model: over.model ?? 'gpt-4o', systemPrompt: 'Be brief.', sampling: { temperature: 0.5 } }),
    newId: () => randomUUID(),
    now: () => Date.now(),
    t,
    log: quietLog,
    listener: (e) => events.push(e),
    streamOptions: () => undefined,
    isVideoModel: (m) => m.includes('veo'),
    saveVideos: async () => undefined,
    ...over,
  });
  return { session, store, dir, events };
}

function lastRequestBody(): { model: string; messages: { role: string; content: unknown }[]; temperature?: number } {
  return gw.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.json as never;
}

describe('ChatSession', () => {
  it('sends a message, names the conversation after it, streams the answer and saves both', async () => {
    const h = await harness();
    await h.session.send('Hello there\nsecond line', []);
    const c = h.session.conversation;
    assert.equal(c.title, 'Hello there');
    assert.deepEqual(
      c.messages.map((m) => [m.role, m.status]),
      [
        ['user', 'done'],
        ['assistant', 'done'],
      ],
    );
    const answer = c.messages[1]!;
    assert.match(answer.text, /Hello there/, 'the default answer quotes the last user message');
    assert.ok(answer.usage?.totalTokens, 'usage is kept');
    assert.equal(answer.model, 'gpt-4o');
    const body = lastRequestBody();
    assert.deepEqual(
      body.messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.equal(body.temperature, 0.5);
    const started = h.events.find((e) => e.type === 'started');
    assert.ok(
      started &&
        started.type === 'started' &&
        started.title === 'Hello there' &&
        started.user?.text === 'Hello there\nsecond line',
    );
    const appended = h.events
      .filter((e) => e.type === 'appended')
      .map((e) => (e.type === 'appended' ? e.content : ''))
      .join('');
    assert.equal(appended, answer.text, 'the appended deltas add up to the answer');
    assert.equal(h.events.at(-1)?.type === 'finished' || h.events.some((e) => e.type === 'finished'), true);
    await h.store.flush();
    const saved = await new HistoryStore(h.dir).load(c.id);
    assert.equal(saved.kind === 'ok' && saved.conversation.messages[1]!.text, answer.text);
    assert.equal(saved.kind === 'ok' && saved.conversation.title, 'Hello there');
  });

  it('titles an image-only message after the image and an empty one "New chat"', async () => {
    const h = await harness();
    const img = {
      name: 'cat.png',
      mime: 'image/png' as const,
      dataUrl: 'data:image/png;base64,AAAA',
      width: 1,
      height: 1,
    };
    await h.session.send('', [img]);
    assert.equal(h.session.conversation.title, 'cat.png');
    h.session.newConversation();
    await h.session.send('   ', []);
    assert.equal(h.session.conversation.title, chatSessionMessages.newChatTitle);
  });

  it('keeps reasoning apart from content', async () => {
    const h = await harness({ model: 'scenario:reasoning-content' });
    await h.session.send('why?', []);
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.status, 'done');
    assert.ok(a.reasoning && a.reasoning.length > 0, 'reasoning kept');
    assert.ok(a.text.length > 0 && !a.text.includes(a.reasoning!), 'content kept apart');
    const reasoning = h.events.map((e) => (e.type === 'appended' ? e.reasoning : '')).join('');
    assert.equal(reasoning, a.reasoning);
  });

  it('retry cuts the answer and everything after it, then answers again', async () => {
    const h = await harness();
    await h.session.send('first', []);
    await h.session.send('second', []);
    const [u1, a1] = h.session.conversation.messages;
    await h.session.retry(a1!.id);
    const msgs = h.session.conversation.messages;
    assert.equal(msgs.length, 2);
    assert.equal(msgs[0]!.id, u1!.id);
    assert.notEqual(msgs[1]!.id, a1!.id);
    assert.equal(msgs[1]!.status, 'done');
    assert.deepEqual(
      lastRequestBody().messages.map((m) => m.content),
      ['Be brief.', 'first'],
    );
    // Retry on a user message keeps it and replaces what follows.
    await h.session.retry(u1!.id);
    assert.equal(h.session.conversation.messages.length, 2);
  });

  it('edit and resend replaces the user message (keeping its images) and what follows', async () => {
    const h = await harness();
    const img = {
      name: 'a.png',
      mime: 'image/png' as const,
      dataUrl: 'data:image/png;base64,AAAA',
      width: 1,
      height: 1,
    };
    await h.session.send('old text', [img]);
    await h.session.send('next', []);
    const u1 = h.session.conversation.messages[0]!;
    await h.session.editAndResend(u1.id, 'new text');
    const msgs = h.session.conversation.messages;
    assert.deepEqual(
      msgs.map((m) => m.role),
      ['user', 'assistant'],
    );
    assert.equal(msgs[0]!.text, 'new text');
    assert.notEqual(msgs[0]!.id, u1.id);
    assert.equal(msgs[0]!.images?.[0]?.name, 'a.png');
    assert.match(msgs[1]!.text, /new text/);
    assert.ok(
      h.events.some((e) => e.type === 'loaded'),
      'the cut conversation is shown whole',
    );
  });

  for (const [scenario, status, actions, pattern] of [
    ['http-401', 'error', ['setApiKey', 'showLog'], /无效的令牌/],
    ['http-429', 'error', ['retry', 'showLog'], /请求数限制/],
    ['http-500', 'error', ['retry', 'showLog'], /./],
    ['reset-after-3', 'interrupted', ['retry'], /./],
  ] as const) {
    it(`${scenario}: the answer is ${status} with ${actions.join(' and ')}`, async () => {
      const h = await harness({ model: `scenario:${scenario}` });
      await h.session.send('hi', []);
      const a = h.session.conversation.messages[1]!;
      assert.equal(a.status, status);
      assert.deepEqual(a.error?.actions, actions);
      assert.match(a.error!.message, pattern);
      if (status === 'interrupted') assert.ok(a.text.length > 0, 'the text so far is kept');
      if (scenario === 'http-401') assert.ok(a.error?.requestId, 'the gateway request id is kept');
      const finished = h.events.find((e) => e.type === 'finished');
      assert.equal(finished?.type === 'finished' && finished.message.status, status);
    });
  }

  it('no key: the answer asks for one and no request is made', async () => {
    const before = gw.requests.length;
    const h = await harness({ readKey: async () => undefined });
    await h.session.send('hi', []);
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.status, 'error');
    assert.equal(a.error?.message, chatSessionMessages.noKey);
    assert.deepEqual(a.error?.actions, ['setApiKey']);
    assert.equal(gw.requests.length, before);
  });

  it('a keyring that cannot be read gives its message with Set API Key and Show Log', async () => {
    const h = await harness({ readKey: async () => Promise.reject(new Error('keyring locked')) });
    await h.session.send('hi', []);
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.error?.message, 'keyring locked');
    assert.deepEqual(a.error?.actions, ['setApiKey', 'showLog']);
  });

  it('a second send while streaming is refused with a notice', async () => {
    const h = await harness({ model: 'scenario:stall' });
    const first = h.session.send('one', []);
    await waitFor(() => h.events.some((e) => e.type === 'started'));
    await h.session.send('two', []);
    assert.ok(h.events.some((e) => e.type === 'notice' && e.message === chatSessionMessages.busy));
    h.session.stop();
    await first;
    assert.equal(h.session.conversation.messages.length, 2);
  });

  it('Stop aborts the request, keeps the text so far and is not an error', async () => {
    const h = await harness({ model: 'scenario:stall', coalesceMs: 1 });
    const sent = h.session.send('hi', []);
    await waitFor(() => h.events.some((e) => e.type === 'appended'));
    h.session.cancel(h.session.streamingRequestId!);
    await sent;
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.status, 'stopped');
    assert.equal(a.error, undefined);
    assert.ok(a.text.length > 0);
    await waitFor(() => gw.requests.at(-1)?.closedEarly === true);
  });

  it('deltas are coalesced until the timer fires; the end flushes what is left', async () => {
    const pending: (() => void)[] = [];
    const timers: SessionTimers = {
      setTimeout: (fn) => pending.push(fn),
      clearTimeout: () => {},
      setInterval: () => 0,
      clearInterval: () => {},
    };
    const h = await harness({ timers });
    await h.session.send('coalesce me', []);
    const appended = h.events.filter((e) => e.type === 'appended');
    assert.equal(appended.length, 1, 'one append: the timer never fired, so the end flushed everything at once');
    assert.equal(appended[0]!.type === 'appended' && appended[0]!.content, h.session.conversation.messages[1]!.text);
    assert.ok(pending.length >= 1, 'a flush was scheduled');
  });

  it('a checkpoint saves the streaming answer while it streams', async () => {
    let tick: (() => void) | undefined;
    const timers: SessionTimers = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      setInterval: (fn) => ((tick = fn), 1),
      clearInterval: () => {},
    };
    const h = await harness({ model: 'scenario:stall', timers, coalesceMs: 1 });
    const sent = h.session.send('hi', []);
    await waitFor(() => h.events.some((e) => e.type === 'appended'));
    tick!();
    await h.store.flush();
    await waitFor(async () => {
      const r = await new HistoryStore(h.dir).load(h.session.conversation.id);
      return (
        r.kind === 'ok' &&
        r.conversation.messages[1]!.status === 'streaming' &&
        r.conversation.messages[1]!.text.length > 0
      );
    });
    h.session.stop();
    await sent;
  });

  it('a conversation saved mid-stream opens with the answer interrupted, Retry offered, and is saved so', async () => {
    const h = await harness();
    const c = createConversation('stale', 'gpt-4o', '');
    c.title = 'stale';
    c.messages.push({ id: 'u', role: 'user', text: 'q', status: 'done', createdAt: 1 });
    c.messages.push({ id: 'a', role: 'assistant', text: 'half an ans', status: 'streaming', createdAt: 1 });
    await h.store.save(c);
    assert.equal(await h.session.open('stale'), true);
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.status, 'interrupted');
    assert.equal(a.text, 'half an ans');
    assert.deepEqual(a.error?.actions, ['retry']);
    await h.store.flush();
    const r = await new HistoryStore(h.dir).load('stale');
    assert.equal(r.kind === 'ok' && r.conversation.messages[1]!.status, 'interrupted');
    assert.ok(h.events.some((e) => e.type === 'lastChanged' && e.id === 'stale'));
    assert.equal(await h.session.open('missing'), false);
  });

  it('a video still "saving" from an earlier window opens as failed, pointing to the gallery', async () => {
    const h = await harness();
    const c = createConversation('vid', 'veo-3.1', '');
    c.messages.push({ id: 'u', role: 'user', text: 'a cat', status: 'done', createdAt: 1 });
    c.messages.push({
      id: 'a',
      role: 'assistant',
      text: 'done',
      status: 'done',
      createdAt: 1,
      video: { state: 'saving', files: [] },
    } as never);
    await h.store.save(c);
    await h.session.open('vid');
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.video?.state, 'failed');
    assert.equal(a.error?.message, chatSessionMessages.videoInterrupted);
  });

  it('a veo answer hands its videos over and records the saved files', async () => {
    const handed: unknown[] = [];
    let result: ChatAnswerVideos = { state: 'completed', files: ['/tmp/v.mp4'], error: undefined };
    const h = await harness({
      model: 'scenario:fixture-veo_newapi_flow2api_success',
      isVideoModel: () => true,
      saveVideos: async (answer) => (handed.push(answer), result),
    });
    await h.session.send('a cat on a skateboard', []);
    await waitFor(() => h.events.some((e) => e.type === 'changed'));
    const a = h.session.conversation.messages[1]!;
    assert.deepEqual(a.video, { state: 'done', files: ['/tmp/v.mp4'] });
    assert.equal((handed[0] as { prompt: string }).prompt, 'a cat on a skateboard');
    // A cancelled save is said so, with Retry.
    result = { state: 'cancelled', files: [], error: undefined };
    h.events.length = 0;
    await h.session.retry(a.id);
    await waitFor(() => h.events.some((e) => e.type === 'changed'));
    const b = h.session.conversation.messages[1]!;
    assert.equal(b.video?.state, 'failed');
    assert.equal(b.error?.message, chatSessionMessages.videoCancelled);
  });

  it('a clean shutdown writes the streaming answer at once, with every word that arrived', async () => {
    // No checkpoint timer ever fires here: only the shutdown write can save the text.
    const timers: SessionTimers = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
      setInterval: () => 1,
      clearInterval: () => {},
    };
    const h = await harness({ model: 'scenario:stall', timers, coalesceMs: 1 });
    const sent = h.session.send('hi', []);
    await waitFor(() => h.events.some((e) => e.type === 'appended'));
    const shown = h.events.map((e) => (e.type === 'appended' ? e.content : '')).join('');
    await h.session.shutdown();
    await sent;
    await h.store.flush();
    const r = await new HistoryStore(h.dir).load(h.session.conversation.id);
    assert.equal(r.kind, 'ok');
    const saved = r.kind === 'ok' ? r.conversation.messages[1]! : undefined;
    assert.equal(saved?.status, 'streaming', 'saved as it stood; the next load marks it interrupted');
    assert.ok(shown.length > 0 && saved!.text.startsWith(shown), 'every word that was shown is on disk');
    await waitFor(() => gw.requests.at(-1)?.closedEarly === true);
    const reopened = await harness();
    await reopened.store.save((r as { conversation: Parameters<HistoryStore['save']>[0] }).conversation);
    assert.equal(await reopened.session.open(h.session.conversation.id), true);
    assert.equal(reopened.session.conversation.messages[1]!.status, 'interrupted');
  });

  it('errors are redacted before they are shown or saved: URL credentials and the key', async () => {
    const key = 'sk-secret-key-1234567890';
    const refused = 'http://admin:hunter2-password@127.0.0.1:9/v1';
    const client = createGatewayClient({ baseUrl: refused, apiKey: key, maxRetries: 0, logger: quietLog });
    const h = await harness({ key, client: () => client });
    await h.session.send('hi', []);
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.status, 'error');
    await h.store.flush();
    const file = await fs.readFile(path.join(h.dir, `${h.session.conversation.id}.json`), 'utf8');
    for (const text of [a.error!.message, file]) {
      assert.ok(!text.includes('hunter2-password'), `no password in: ${text.slice(0, 300)}`);
      assert.ok(!text.includes(key), 'no key');
    }
    // A gateway that quotes the key back in its error message.
    gw.enqueue({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { message: `bad key ${key} (Bearer ${key})`, type: 'invalid_request_error' } }),
    });
    const g = await harness({ key });
    await g.session.send('hi', []);
    const e = g.session.conversation.messages[1]!.error!.message;
    assert.match(e, /bad key/);
    assert.ok(!e.includes(key), e);
  });

  it('an answer past the size cap is cut there: the text so far is kept and the user is told', async () => {
    const body =
      Array.from(
        { length: 40 },
        () => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'x'.repeat(100) } }] })}\n\n`,
      ).join('') + 'data: [DONE]\n\n';
    gw.enqueue({ body, chunking: { every: 400 }, delayMs: 2 });
    const h = await harness({ maxAnswerChars: 1000 });
    await h.session.send('hi', []);
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.text.length, 1000);
    assert.equal(a.status, 'interrupted');
    assert.match(a.error!.message, /limit/);
    assert.deepEqual(a.error!.actions, ['showLog']);
  });

  it('a veo model asks before anything is sent; no means no request, yes sends it', async () => {
    const asked: string[] = [];
    let answer = false;
    const before = gw.requests.length;
    const h = await harness({ model: 'veo-3.1', confirmPaidGeneration: async (m) => (asked.push(m), answer) });
    await h.session.send('a cat on a skateboard', []);
    assert.deepEqual(asked, ['veo-3.1']);
    assert.equal(
      gw.requests.slice(before).filter((r) => r.path === '/v1/chat/completions').length,
      0,
      'nothing reached the gateway',
    );
    const a = h.session.conversation.messages[1]!;
    assert.equal(a.status, 'stopped');
    assert.deepEqual(a.error!.actions, ['retry']);
    answer = true;
    gw.enqueue({
      body: `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: 'queued' }, finish_reason: 'stop' }] })}\n\ndata: [DONE]\n\n`,
    });
    await h.session.retry(a.id);
    assert.equal(asked.length, 2);
    assert.equal(
      gw.requests.slice(before).filter((r) => r.path === '/v1/chat/completions').length,
      1,
      'sent once confirmed',
    );
    const chat = await harness({ model: 'gpt-4o', confirmPaidGeneration: async (m) => (asked.push(m), false) });
    await chat.session.send('hi', []);
    assert.equal(asked.length, 2, 'a chat model never asks');
    assert.equal(chat.session.conversation.messages[1]!.status, 'done');
  });

  it('rename updates the open conversation and says so', async () => {
    const h = await harness();
    await h.session.send('hello', []);
    await h.session.rename(h.session.conversation.id, 'Renamed');
    assert.equal(h.session.conversation.title, 'Renamed');
    assert.ok(h.events.some((e) => e.type === 'titleChanged' && e.title === 'Renamed'));
    assert.equal((await h.store.list())[0]!.title, 'Renamed');
  });
});

async function waitFor(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
