// A long transcript in jsdom with a hand-driven IntersectionObserver: the end drawn first, older batches on demand.
/// <reference lib="dom" />
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview, MessageView } from '../../../../src/shared/chat/protocol';
import { mountChatApp } from '../../../../src/webview/chat/chatApp';
import { ChatStore } from '../../../../src/webview/chat/state/chatStore';
import { conversation, installDom, message, nextFrame, recordingHost, strings } from './domHarness';

/** Records what is observed; `show(el)` reports it as scrolled into view, as the browser would. */
class FakeObserver {
  static all: FakeObserver[] = [];
  readonly targets = new Set<Element>();
  constructor(private readonly callback: (entries: IntersectionObserverEntry[]) => void) {
    FakeObserver.all.push(this);
  }
  observe(el: Element): void {
    this.targets.add(el);
  }
  disconnect(): void {
    this.targets.clear();
  }
  static show(el: Element): void {
    for (const o of FakeObserver.all) {
      if (o.targets.has(el)) o.callback([{ target: el, isIntersecting: true } as unknown as IntersectionObserverEntry]);
    }
  }
}

let dom: ReturnType<typeof installDom>;
let unmount: (() => void) | undefined;
beforeEach(() => {
  dom = installDom();
  FakeObserver.all = [];
  (globalThis as Record<string, unknown>).IntersectionObserver = FakeObserver;
});
afterEach(() => {
  unmount?.();
  delete (globalThis as Record<string, unknown>).IntersectionObserver;
  dom.close();
});

function mount() {
  const store = new ChatStore();
  const root = dom.document.getElementById('app')!;
  store.dispatch({ type: 'init/didInit', strings, hasKey: true });
  unmount = mountChatApp(root, strings, store, recordingHost());
  return { root, send: (m: HostToWebview) => store.dispatch(m) };
}

const long = (n: number): MessageView[] =>
  Array.from({ length: n }, (_, i) => message(`m${i}`, i % 2 ? 'assistant' : 'user', `message ${i}`));
const drawnIds = (root: HTMLElement): string[] =>
  Array.from(root.querySelectorAll('.transcript .message')).map((m) => m.getAttribute('data-id') ?? '');

test('a 1,000-message conversation opens with only its last messages drawn, in order', () => {
  const { root, send } = mount();
  send({ type: 'conversation/didLoad', conversation: conversation(long(1000)) });
  const ids = drawnIds(root);
  assert.equal(ids.length, 30);
  assert.equal(ids[0], 'm970');
  assert.equal(ids[29], 'm999');
});

test('scrolling up draws the older messages a batch at a time, above the ones shown', () => {
  const { root, send } = mount();
  send({ type: 'conversation/didLoad', conversation: conversation(long(1000)) });
  const above = root.querySelector('.transcript-above')!;
  FakeObserver.show(above);
  const ids = drawnIds(root);
  assert.equal(ids.length, 50);
  assert.equal(ids[0], 'm950');
  assert.equal(ids[49], 'm999');
  // All the way up: at most the window's size stays drawn, and the first message is reached.
  for (let i = 0; i < 60; i++) FakeObserver.show(above);
  const after = drawnIds(root);
  assert.ok(after.length <= 140, `${after.length} drawn`);
  assert.equal(after[0], 'm0');
});

test('a new message goes at the end even when the end had been let go', () => {
  const { root, send } = mount();
  send({ type: 'conversation/didLoad', conversation: conversation(long(400)) });
  const above = root.querySelector('.transcript-above')!;
  for (let i = 0; i < 30; i++) FakeObserver.show(above);
  send({
    type: 'chat/didStart',
    requestId: 'r1',
    user: message('u-new', 'user', 'a new question'),
    assistant: message('a-new', 'assistant', '', { status: 'streaming', requestId: 'r1' }),
    title: 't',
  });
  const ids = drawnIds(root);
  assert.deepEqual(ids.slice(-3), ['m399', 'u-new', 'a-new']);
});

const compaction = (throughId: string) => ({ summary: 'Summary.', throughId, messageCount: 10, model: 'cheap-model' });
/** The message right before the divider, or null without one in the list. */
const dividerAfter = (root: HTMLElement): string | null | undefined => {
  const divider = root.querySelector('.transcript > .compaction-divider');
  return divider && divider.previousElementSibling?.getAttribute('data-id');
};

test('the compaction divider follows its message in and out of the drawn part, never elsewhere', () => {
  const { root, send } = mount();
  send({ type: 'conversation/didLoad', conversation: conversation(long(1000), { compaction: compaction('m960') }) });
  // m960 is not drawn yet: no divider at the top of what is shown.
  assert.equal(dividerAfter(root), null);
  const above = root.querySelector('.transcript-above')!;
  FakeObserver.show(above);
  assert.equal(dividerAfter(root), 'm960');
  // The divider is not a message: the drawn ones stay a contiguous run of the conversation.
  const ids = drawnIds(root);
  assert.equal(ids.length, 50);
  assert.deepEqual(
    ids,
    Array.from({ length: 50 }, (_, i) => `m${950 + i}`),
  );
  for (let i = 0; i < 60; i++) {
    FakeObserver.show(above);
    const at = dividerAfter(root);
    assert.ok(at === null || at === 'm960', `divider after ${at}`);
    assert.equal(drawnIds(root).includes('m960'), at === 'm960');
  }
});

test('a compaction through a message not drawn yet shows once that message is drawn', () => {
  const { root, send } = mount();
  send({ type: 'conversation/didLoad', conversation: conversation(long(1000)) });
  send({ type: 'conversation/didCompact', compaction: compaction('m900') });
  assert.equal(dividerAfter(root), null);
  send({ type: 'conversation/didCompact', compaction: compaction('m980') });
  assert.equal(dividerAfter(root), 'm980');
  assert.equal(root.querySelectorAll('.compaction-divider').length, 1);
  send({ type: 'conversation/didCompact' });
  assert.equal(root.querySelector('.compaction-divider'), null);
});

test('a conversation loaded while its last answer streams keeps drawing the deltas into that answer', async () => {
  const { root, send } = mount();
  const messages = long(400);
  messages[399] = message('m399', 'assistant', 'So far', { status: 'streaming', requestId: 'r1' });
  send({ type: 'conversation/didLoad', conversation: conversation(messages) });
  send({ type: 'chat/didAppend', requestId: 'r1', messageId: 'm399', content: ' and more', reasoning: '' });
  await nextFrame();
  const last = root.querySelector('.transcript .message[data-id="m399"] .message-body')!;
  assert.match(last.textContent ?? '', /So far and more/);
  // Scrolling far up never lets the streaming answer go.
  const above = root.querySelector('.transcript-above')!;
  for (let i = 0; i < 30; i++) FakeObserver.show(above);
  assert.ok(drawnIds(root).includes('m399'));
});
