// The context meter and the summary divider in jsdom: a reachable meter with its parts, the warning from 80 %,
// Compact now, and the divider that opens the summary and offers Undo.
/// <reference lib="dom" />
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview } from '../../../../src/shared/chat/protocol';
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
  const host = recordingHost();
  const store = new ChatStore();
  const root = dom.document.getElementById('app')!;
  const s = { ...strings, contextMeter: '{0} of {1} ({2} %)', contextMeterDetail: '{0}: {1}', summaryBy: '{0} by {1}' };
  store.dispatch({ type: 'init/didInit', strings: s, hasKey: true });
  unmount = mountChatApp(root, s, store, host);
  const send = (m: HostToWebview) => store.dispatch(m);
  const $ = <E extends Element = HTMLElement>(sel: string) => root.querySelector<E>(sel);
  const click = (el: Element | null) => {
    assert.ok(el);
    el.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true, cancelable: true }));
  };
  return { host, send, $, click };
}

const fourMessages = conversation([
  message('u1', 'user', 'one'),
  message('a1', 'assistant', 'first'),
  message('u2', 'user', 'two'),
  message('a2', 'assistant', 'second'),
]);

test('the meter shows used of the window by part, is keyboard-reachable, and warns from 80 %', () => {
  const { send, $ } = mount();
  send({ type: 'conversation/didLoad', conversation: fourMessages });
  send({
    type: 'context/didMeasure',
    usage: { used: 4000, window: 8000, system: 1000, tools: 1000, messages: 2000, exact: false },
  });
  const bar = $('[role="meter"]')!;
  assert.equal($('.context-meter')!.hidden, false);
  assert.equal(bar.getAttribute('tabindex'), '0');
  assert.equal(bar.getAttribute('aria-label'), 'contextWindow');
  assert.equal(bar.getAttribute('aria-valuenow'), '4000');
  assert.equal(bar.getAttribute('aria-valuemax'), '8000');
  assert.match(bar.getAttribute('aria-valuetext')!, /4[,.]?000 of 8[,.]?000 \(50 %\) · contextEstimated/);
  assert.match($('#context-meter-detail')!.textContent!, /contextSystem: 1[,.]?000; contextTools: 1[,.]?000/);
  assert.equal($('.context-tools')!.style.width, '12.5%');
  assert.equal($('.context-warning')!.hidden, true);
  send({
    type: 'context/didMeasure',
    usage: { used: 6500, window: 8000, system: 500, tools: 3000, messages: 3000, exact: true },
  });
  assert.equal($('.context-warning')!.hidden, false);
  assert.ok($('.context-meter')!.classList.contains('warn'));
  send({ type: 'context/didMeasure' });
  assert.equal($('.context-meter')!.hidden, true);
});

test('Compact now asks the host; the divider follows the last summarized message and Undo asks the host', () => {
  const { send, $, click, host } = mount();
  send({ type: 'conversation/didLoad', conversation: fourMessages });
  send({
    type: 'context/didMeasure',
    usage: { used: 100, window: 8000, system: 0, tools: 0, messages: 100, exact: true },
  });
  click($('[data-action="compact-now"]'));
  assert.deepEqual(host.posted.at(-1), { type: 'context/compact' });
  send({
    type: 'conversation/didCompact',
    compaction: { summary: 'They said one and first.', throughId: 'a1', messageCount: 2, model: 'cheap-model' },
  });
  const divider = $('.compaction-divider')!;
  assert.equal(divider.previousElementSibling?.getAttribute('data-id'), 'a1');
  assert.equal(divider.getAttribute('role'), 'listitem');
  assert.equal(divider.querySelector('summary')!.textContent, 'earlierSummarized');
  assert.equal(divider.querySelector('.compaction-summary')!.textContent, 'They said one and first.');
  assert.equal(divider.querySelector('.compaction-note')!.textContent, '2 by cheap-model');
  click(divider.querySelector('[data-action="undo-compaction"]'));
  assert.deepEqual(host.posted.at(-1), { type: 'context/undoCompaction' });
  send({ type: 'conversation/didCompact' });
  assert.equal($('.compaction-divider'), null);
  send({
    type: 'conversation/didLoad',
    conversation: { ...fourMessages, compaction: { summary: 'x', throughId: 'a1', messageCount: 2, model: 'm' } },
  });
  assert.ok($('.compaction-divider'), 'a loaded conversation shows its divider');
});
