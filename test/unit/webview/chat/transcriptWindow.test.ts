// A long transcript in jsdom with a hand-driven IntersectionObserver: the end drawn first, older batches on demand.
/// <reference lib="dom" />
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview, MessageView } from '../../../../src/shared/chat/protocol';
import { mountChatApp } from '../../../../src/webview/chat/chatApp';
import { ChatStore } from '../../../../src/webview/chat/state/chatStore';
import { conversation, installDom, message, recordingHost, strings } from './domHarness';

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
