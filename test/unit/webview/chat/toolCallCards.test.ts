// Tool-call cards in jsdom: drawn from the message, updated while the answer is live, hostile output shown as text.
/// <reference lib="dom" />
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview, ToolCallView } from '../../../../src/shared/chat/protocol';
import { mountChatApp } from '../../../../src/webview/chat/chatApp';
import { ChatStore } from '../../../../src/webview/chat/state/chatStore';
import { conversation, installDom, message, recordingHost, strings } from './domHarness';

let dom: ReturnType<typeof installDom>;
let unmount: (() => void) | undefined;
beforeEach(() => (dom = installDom()));
afterEach(() => {
  unmount?.();
  dom.close();
});

function mount() {
  const store = new ChatStore();
  const root = dom.document.getElementById('app')!;
  store.dispatch({ type: 'init/didInit', strings, hasKey: true });
  unmount = mountChatApp(root, strings, store, recordingHost());
  return { root, send: (m: HostToWebview) => store.dispatch(m) };
}

const call = (over: Partial<ToolCallView> = {}): ToolCallView => ({
  id: 'call_1',
  name: 'read_file',
  arguments: '{"path":"a.txt"}',
  status: 'running',
  ...over,
});

test('a live answer gets its cards and their status changes without a finish', () => {
  const { root, send } = mount();
  send({ type: 'conversation/didLoad', conversation: conversation([message('u1', 'user', 'read')]) });
  send({
    type: 'chat/didStart',
    requestId: 'r1',
    assistant: message('a1', 'assistant', '', { status: 'streaming', requestId: 'r1' }),
    title: 't',
  });
  send({
    type: 'message/didChange',
    message: message('a1', 'assistant', '', { status: 'streaming', requestId: 'r1', toolCalls: [call()] }),
  });
  const card = () => root.querySelector('.message[data-id="a1"] .tool-call[data-call="call_1"]')!;
  assert.equal(card().querySelector('.tool-name')!.textContent, 'read_file');
  assert.equal(card().querySelector('.tool-status')!.textContent, 'toolRunning');
  send({
    type: 'message/didChange',
    message: message('a1', 'assistant', '', {
      status: 'streaming',
      requestId: 'r1',
      toolCalls: [call({ status: 'denied', result: 'The user denied this tool call.', durationMs: 1500 })],
    }),
  });
  assert.equal(card().querySelector('.tool-status')!.textContent, 'toolDenied');
  assert.equal(card().querySelector('.tool-duration')!.textContent, '1.5 s');
  assert.ok(card().classList.contains('tool-denied'));
});

test("a tool's output is text, never markup, and the arguments are shown exactly", () => {
  const { root, send } = mount();
  const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  send({
    type: 'conversation/didLoad',
    conversation: conversation([
      message('a1', 'assistant', 'Done', {
        toolCalls: [call({ status: 'done', result: hostile, arguments: '{"path":"<b>x</b>"}' })],
      }),
    ]),
  });
  const card = root.querySelector('.tool-call')!;
  assert.equal(card.querySelector('img, script, b'), null);
  assert.equal(card.querySelector('.tool-result')!.textContent, hostile);
  assert.equal(card.querySelector('.tool-arguments')!.textContent, '{"path":"<b>x</b>"}');
});

test('calls that were not run (past the per-answer limit) are one line after the cards', () => {
  const { root, send } = mount();
  send({
    type: 'conversation/didLoad',
    conversation: conversation([
      message('u1', 'user', 'read'),
      message('a1', 'assistant', '', { toolCalls: [call({ status: 'done' })], toolCallsNotRun: 19_968 }),
    ]),
  });
  const box = root.querySelector('.message[data-id="a1"] .tool-calls')!;
  assert.equal(box.querySelectorAll('.tool-call').length, 1);
  assert.equal(box.querySelector('.tool-calls-not-run')!.textContent, 'toolCallsNotRun'.replace('{0}', '19968'));
});
