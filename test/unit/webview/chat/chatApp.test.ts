// The whole chat view in jsdom: host messages drawn by the components, clicks routed through the action registry.
/// <reference lib="dom" />
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview } from '../../../../src/shared/chat/protocol';
import { mountChatApp } from '../../../../src/webview/chat/chatApp';
import { ACTION_NAMES, runAction, type ActionHandlers } from '../../../../src/webview/chat/actions';
import { ChatStore } from '../../../../src/webview/chat/state/chatStore';
import { conversation, installDom, message, nextFrame, recordingHost, strings } from './domHarness';

let dom: ReturnType<typeof installDom>;
let unmount: (() => void) | undefined;
beforeEach(() => (dom = installDom()));
afterEach(() => {
  unmount?.();
  dom.close();
});

function mount(hasKey = true) {
  const host = recordingHost();
  const store = new ChatStore();
  const root = dom.document.getElementById('app')!;
  store.dispatch({ type: 'init/didInit', strings, hasKey });
  unmount = mountChatApp(root, strings, store, host);
  const send = (m: HostToWebview) => store.dispatch(m);
  const $ = <E extends Element = HTMLElement>(sel: string) => root.querySelector<E>(sel);
  const $$ = <E extends Element = HTMLElement>(sel: string) => Array.from(root.querySelectorAll<E>(sel));
  const click = (el: Element | null) => {
    assert.ok(el, 'the element to click exists');
    el.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true }));
  };
  return { host, store, root, send, $, $$, click };
}

const twoTurns = () =>
  conversation([
    message('u1', 'user', 'Hi'),
    message('a1', 'assistant', 'Hello **there**', {
      usage: { totalTokens: 30, promptTokens: 10, completionTokens: 20 },
      durationMs: 1200,
    }),
    message('u2', 'user', 'Code?'),
    message(
      'a2',
      'assistant',
      'Sure:\n\n```ts\nconst x = 1;\n```\n\nSee [docs](https://example.com/docs) and ![pic](https://example.com/a.png)',
    ),
  ]);

test('the layout: model picker, transcript, composer; the no-key panel follows key/didChange', () => {
  const { $, send } = mount(false);
  assert.ok($('.model-input[role="combobox"]'));
  assert.ok($('.transcript[role="list"]'));
  assert.ok($('.composer-input'));
  assert.equal($('.no-key')!.hidden, false);
  send({ type: 'key/didChange', hasKey: true });
  assert.equal($('.no-key')!.hidden, true);
});

test('a loaded conversation: messages, title, meta, and Regenerate on the last answer only', () => {
  const { $, $$, send } = mount();
  assert.equal($('.empty')!.hidden, false);
  send({ type: 'conversation/didLoad', conversation: twoTurns() });
  assert.equal($('.empty')!.hidden, true);
  assert.deepEqual(
    $$('.message').map((m) => m.getAttribute('data-id')),
    ['u1', 'a1', 'u2', 'a2'],
  );
  assert.equal($('.conversation-title')!.textContent, 'A title');
  assert.equal($('.message[data-id="a1"] strong')?.textContent, 'there');
  assert.equal($('.message[data-id="a1"] .meta')?.textContent, '1.2 s · 30 tokens (10 in, 20 out)');
  assert.deepEqual(
    $$('.icon-button[data-action="retry"]').map((b) => b.getAttribute('data-message')),
    ['a2'],
  );
  assert.equal($$('[data-action="edit-message"]').length, 2);
});

test('a streamed answer: deltas drawn once per frame, Stop while streaming, footer and title when it finishes', async () => {
  const { $, send } = mount();
  send({ type: 'conversation/didLoad', conversation: twoTurns() });
  send({
    type: 'chat/didStart',
    requestId: 'r1',
    user: message('u3', 'user', 'Stream'),
    assistant: message('a3', 'assistant', '', { status: 'streaming', requestId: 'r1' }),
    title: 'Host title',
  });
  assert.equal($('.conversation-title')!.textContent, 'Host title');
  assert.equal($('.send-button')!.getAttribute('aria-label'), 'stop');
  assert.equal($('.icon-button[data-action="retry"][data-message="a2"]'), null, 'the previous answer lost Regenerate');
  send({ type: 'chat/didAppend', requestId: 'r1', messageId: 'a3', content: '# Head', reasoning: 'Let me think' });
  send({ type: 'chat/didAppend', requestId: 'r1', messageId: 'a3', content: 'ing\n\nBody text', reasoning: '' });
  send({ type: 'chat/didAppend', requestId: 'other', messageId: 'a3', content: 'NOT MINE', reasoning: '' });
  await nextFrame();
  const body = $('.message[data-id="a3"] .message-body')!;
  assert.equal(body.querySelector('h1')?.textContent, 'Heading');
  assert.ok(body.textContent!.includes('Body text'));
  assert.ok(!body.textContent!.includes('NOT MINE'));
  assert.equal($('.message[data-id="a3"] .reasoning-text')!.textContent, 'Let me think');
  send({
    type: 'chat/didFinish',
    requestId: 'r1',
    message: message('a3', 'assistant', '# Heading\n\nBody text', { status: 'done' }),
  });
  assert.equal($('.send-button')!.getAttribute('aria-label'), 'send');
  assert.ok($('.message[data-id="a3"] [data-action="retry"]'));
  assert.equal($('.message[data-id="a3"] .reasoning')!.hasAttribute('open'), false);
});

test('an interrupted or failed answer shows its status, its error sentence and the error actions', () => {
  const { $, send } = mount();
  send({
    type: 'conversation/didLoad',
    conversation: conversation([
      message('u1', 'user', 'Hi'),
      message('a1', 'assistant', 'Part', {
        status: 'error',
        error: { message: 'Invalid key (request id req-1).', actions: ['setApiKey', 'showLog'] },
      }),
    ]),
  });
  const err = $('.message[data-id="a1"] .message-error')!;
  assert.equal(err.getAttribute('role'), 'alert');
  assert.equal(err.querySelector('.error-text')?.textContent, 'Invalid key (request id req-1).');
  assert.ok(err.querySelector('[data-action="set-api-key"]'));
  assert.ok(err.querySelector('[data-action="show-log"]'));
  send({ type: 'message/didChange', message: message('a1', 'assistant', 'Part', { status: 'interrupted' }) });
  assert.equal($('.message[data-id="a1"] .message-status')!.textContent, 'interrupted');
  assert.ok($('.message[data-id="a1"] .message-error [data-action="retry"]'));
});

test('clicks go through the action registry to the right host messages', () => {
  const { $, host, send, click } = mount();
  send({ type: 'conversation/didLoad', conversation: twoTurns() });
  click($('[data-action="copy-message"][data-message="a1"]'));
  click($('.icon-button[data-action="retry"]'));
  click($('.message[data-id="a2"] [data-action="code-copy"]'));
  click($('.message[data-id="a2"] [data-action="code-open"]'));
  click($('.message[data-id="a2"] [data-action="code-apply"]'));
  click($('.message[data-id="a2"] .md-link'));
  click($('.message[data-id="a2"] [data-action="image-load"]'));
  assert.deepEqual(
    host.posted.filter((m) => m.type !== 'webview/ready'),
    [
      { type: 'message/copy', messageId: 'a1' },
      { type: 'chat/retry', messageId: 'a2' },
      { type: 'code/copy', code: 'const x = 1;\n' },
      { type: 'code/open', code: 'const x = 1;\n', language: 'ts' },
      { type: 'code/apply', code: 'const x = 1;\n', language: 'ts' },
      { type: 'link/open', url: 'https://example.com/docs' },
      { type: 'image/load', url: 'https://example.com/a.png' },
    ],
  );
  // The host's answer replaces the placeholder with the image.
  send({ type: 'image/didLoad', url: 'https://example.com/a.png', dataUrl: 'data:image/png;base64,AAAA' });
  assert.equal($('.remote-image'), null);
  assert.equal($('.message[data-id="a2"] img.md-image')?.getAttribute('src'), 'data:image/png;base64,AAAA');
});

test('edit and resend: the user message becomes an editor; Send posts chat/editAndResend, Cancel restores it', () => {
  const { $, host, send, click } = mount();
  send({ type: 'conversation/didLoad', conversation: twoTurns() });
  click($('[data-action="edit-message"][data-message="u1"]'));
  const ta = $<HTMLTextAreaElement>('.message[data-id="u1"] .edit-input')!;
  assert.equal(ta.value, 'Hi');
  ta.value = 'Hi again';
  click($('[data-action="edit-save"]'));
  assert.deepEqual(host.sent('chat/editAndResend'), [
    { type: 'chat/editAndResend', messageId: 'u1', text: 'Hi again' },
  ]);
  click($('[data-action="edit-cancel"]'));
  assert.equal($('.edit-input'), null);
  assert.equal($('.message[data-id="u1"] .message-body')!.textContent, 'Hi');
});

test('history: shown by the host, listed, opened; Back returns to the chat', () => {
  const { $, $$, host, send, click } = mount();
  send({ type: 'view/showHistory' });
  assert.equal($('.history-view')!.hidden, false);
  assert.equal($('.chat-view')!.hidden, true);
  assert.deepEqual(host.sent('history/list'), [{ type: 'history/list', query: '' }]);
  assert.equal(dom.document.activeElement, $('.history-search'));
  send({ type: 'history/didList', items: [{ id: 'h1', title: 'Old chat', updatedAt: 0, messageCount: 4 }], query: '' });
  assert.deepEqual(
    $$('.history-item .history-title').map((t) => t.textContent),
    ['Old chat'],
  );
  assert.ok($('.history-meta')!.textContent!.endsWith('4 messages'));
  click($('[data-action="history-export"]'));
  click($('[data-action="history-delete"]'));
  click($('[data-action="history-open"]'));
  assert.deepEqual(host.posted.slice(-3), [
    { type: 'history/export', id: 'h1' },
    { type: 'history/delete', id: 'h1' },
    { type: 'history/open', id: 'h1' },
  ]);
  assert.equal($('.history-view')!.hidden, true);
  assert.equal($('.chat-view')!.hidden, false);
  send({ type: 'view/showHistory' });
  click($('[data-action="hide-history"]'));
  assert.equal($('.chat-view')!.hidden, false);
  assert.equal(dom.document.activeElement, $('.composer-input'));
  // A list for another query than the one typed (pushed after another window's change) is not shown.
  send({ type: 'history/didList', items: [], query: 'x' });
  assert.equal($('.history-list .empty'), null);
  send({ type: 'history/didList', items: [], query: '' });
  assert.equal($('.history-list .empty')!.textContent, 'noHistory');
});

test('notices appear from the host and are dismissed by their close button', () => {
  const { $$, send, click } = mount();
  send({ type: 'notice/didShow', message: 'First' });
  send({ type: 'models/didLoad', models: [], selected: 'gpt-4o', error: 'Models failed (request id m-1).' });
  assert.deepEqual(
    $$('.notice-text').map((n) => n.textContent),
    ['First', 'Models failed (request id m-1).'],
  );
  click($$('.notice [data-action="dismiss-notice"]')[0]!);
  assert.deepEqual(
    $$('.notice-text').map((n) => n.textContent),
    ['Models failed (request id m-1).'],
  );
});

test('context chips: the label toggles a preview of exactly what is sent; × posts context/remove; + posts context/add', () => {
  const { $, $$, host, send, click } = mount();
  send({
    type: 'context/didChange',
    chips: [
      { id: 'k1', kind: 'selection', label: 'a.ts:1-2', detail: 'const a = 1;', truncated: false },
      { id: 'k2', kind: 'problems', label: 'Problems', detail: '2 errors', truncated: true },
    ],
  });
  assert.equal($$('.context-chip').length, 2);
  assert.ok($$('.context-chip')[1]!.classList.contains('truncated'));
  const label = $('.chip-label[data-id="k1"]')!;
  assert.equal(label.getAttribute('aria-label'), 'Show a.ts:1-2');
  click(label);
  assert.equal($('.context-preview')!.hidden, false);
  assert.equal($('.context-preview')!.textContent, 'const a = 1;');
  assert.equal(label.getAttribute('aria-expanded'), 'true');
  click(label);
  assert.equal($('.context-preview')!.hidden, true);
  click($('[data-action="context-remove"][data-id="k2"]'));
  click($('[data-action="context-add"]'));
  assert.deepEqual(host.posted.slice(-2), [{ type: 'context/remove', id: 'k2' }, { type: 'context/add' }]);
  assert.equal(dom.document.activeElement, $('.composer-input'));
});

test('a veo answer shows "saving" and then its videos', () => {
  const { $, send } = mount();
  send({
    type: 'conversation/didLoad',
    conversation: conversation([message('a1', 'assistant', 'Video', { video: { state: 'saving', files: [] } })]),
  });
  assert.equal($('.video-saving')?.textContent, 'videoSaving');
  send({
    type: 'message/didChange',
    message: message('a1', 'assistant', 'Video', {
      video: { state: 'done', files: [{ name: 'clip.mp4', src: 'https://file+.vscode-resource/clip.mp4' }] },
    }),
  });
  const video = $('.message-videos video')!;
  assert.equal(video.getAttribute('aria-label'), 'Video clip.mp4');
  assert.equal($('.message-videos figcaption')?.textContent, 'clip.mp4');
});

test('the registry runs only declared actions, and after unmount nothing is routed', () => {
  const calls: string[] = [];
  const handlers = Object.fromEntries(ACTION_NAMES.map((n) => [n, () => calls.push(n)])) as unknown as ActionHandlers;
  const btn = dom.document.createElement('button');
  btn.setAttribute('data-action', 'no-such-action');
  assert.equal(runAction(handlers, btn), false);
  btn.setAttribute('data-action', 'show-log');
  const inner = dom.document.createElement('span');
  btn.append(inner);
  assert.equal(runAction(handlers, inner), true);
  assert.deepEqual(calls, ['show-log']);
  const { $, host, click } = mount();
  unmount!();
  unmount = undefined;
  click($('[data-action="context-add"]'));
  assert.deepEqual(host.sent('context/add'), []);
});

test('a pasted image in a user message has an Edit button that asks the host to edit that image', () => {
  const { $, $$, send, click, host } = mount();
  const png = (name: string) => ({
    name,
    mime: 'image/png' as const,
    dataUrl: 'data:image/png;base64,iVBORw0KGgo=',
    width: 1,
    height: 1,
  });
  send({
    type: 'conversation/didLoad',
    conversation: conversation([
      message('u1', 'user', 'What is this?', { images: [png('a.png'), png('b.png')] }),
      message('a1', 'assistant', 'A cat.'),
    ]),
  });
  const buttons = $$('.message[data-id="u1"] .thumb-box [data-image-action="edit"]');
  assert.deepEqual(
    buttons.map((b) => b.getAttribute('aria-label')),
    ['Edit a.png', 'Edit b.png'],
  );
  assert.equal($('.message[data-id="a1"] [data-image-action]'), null);
  click(buttons[1]!);
  assert.deepEqual(host.sent('image/act'), [{ type: 'image/act', messageId: 'u1', index: 1, action: 'edit' }]);
});
