// The composer in jsdom: Enter sends, Shift+Enter does not, Send becomes Stop while streaming, Esc stops.
/// <reference lib="dom" />
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createComposer } from '../../../../src/webview/chat/components/composer';
import { conversation, context, installDom, key, message, recordingHost } from './domHarness';

let dom: ReturnType<typeof installDom>;
beforeEach(() => (dom = installDom()));
afterEach(() => dom.close());

function mount(draft = '') {
  const ctx = context(recordingHost(draft));
  let sends = 0;
  const composer = createComposer(ctx, { above: [], onSend: () => sends++ });
  dom.document.body.append(composer.element);
  // The app delegates clicks through the action registry; here the composer's own actions are enough.
  composer.element.addEventListener('click', (e) => {
    const el = (e.target as Element).closest<HTMLElement>('[data-action]');
    const name = el?.getAttribute('data-action') as keyof typeof composer.actions | undefined;
    if (el && name && name in composer.actions) composer.actions[name](el);
  });
  const button = composer.element.querySelector<HTMLButtonElement>('.send-button')!;
  const type = (text: string) => {
    composer.input.value = text;
    composer.input.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
  };
  const startStreaming = () => {
    ctx.store.dispatch({ type: 'conversation/didLoad', conversation: conversation() });
    ctx.store.dispatch({
      type: 'chat/didStart',
      requestId: 'r1',
      user: message('u1', 'user', 'hi'),
      assistant: message('a1', 'assistant', '', { status: 'streaming', requestId: 'r1' }),
      title: 't',
    });
  };
  return { ctx, composer, button, type, startStreaming, sends: () => sends };
}

test('the draft survives a reload: it is restored, and saved as the user types', () => {
  const { ctx, composer, type } = mount('half a thought');
  assert.equal(composer.input.value, 'half a thought');
  type('half a thought, finished');
  assert.deepEqual(ctx.host.drafts, ['half a thought, finished']);
});

test('Enter sends chat/send with the text, then clears the box and the draft', () => {
  const { ctx, composer, type, sends } = mount();
  type('Hello there');
  const e = key(composer.input, 'Enter');
  assert.equal(e.defaultPrevented, true);
  assert.deepEqual(ctx.host.sent('chat/send'), [{ type: 'chat/send', text: 'Hello there', images: [] }]);
  assert.equal(composer.input.value, '');
  assert.equal(ctx.host.drafts.at(-1), '');
  assert.equal(sends(), 1);
});

test('Shift+Enter does not send (the textarea makes a new line); nor does Enter while composing, or on blank text', () => {
  const { ctx, composer, type } = mount();
  type('line one');
  const e = key(composer.input, 'Enter', { shiftKey: true });
  assert.equal(e.defaultPrevented, false);
  key(composer.input, 'Enter', { isComposing: true });
  type('   \n ');
  key(composer.input, 'Enter');
  assert.deepEqual(ctx.host.sent('chat/send'), []);
});

test('the Send button sends; while an answer streams it is Stop and posts chat/cancel with the request id', () => {
  const { ctx, composer, button, type, startStreaming } = mount();
  assert.equal(button.getAttribute('aria-label'), 'send');
  assert.ok(button.querySelector('.codicon-send'));
  type('first');
  button.click();
  assert.equal(ctx.host.sent('chat/send').length, 1);
  startStreaming();
  assert.equal(button.getAttribute('aria-label'), 'stop');
  assert.equal(button.title, 'stop');
  assert.ok(button.classList.contains('stop'));
  assert.ok(button.querySelector('.codicon-debug-stop'));
  // While streaming, Enter does not send a second message.
  type('second');
  key(composer.input, 'Enter');
  assert.equal(ctx.host.sent('chat/send').length, 1);
  button.click();
  assert.deepEqual(ctx.host.sent('chat/cancel'), [{ type: 'chat/cancel', requestId: 'r1' }]);
  ctx.store.dispatch({
    type: 'chat/didFinish',
    requestId: 'r1',
    message: message('a1', 'assistant', 'ok', { status: 'stopped' }),
  });
  assert.equal(button.getAttribute('aria-label'), 'send');
  assert.ok(!button.classList.contains('stop'));
});

test('Esc stops the answer once, from the message box or from anywhere else; not when nothing streams', () => {
  const { ctx, composer, startStreaming } = mount();
  key(composer.input, 'Escape');
  assert.deepEqual(ctx.host.sent('chat/cancel'), []);
  startStreaming();
  key(composer.input, 'Escape');
  assert.deepEqual(ctx.host.sent('chat/cancel'), [{ type: 'chat/cancel', requestId: 'r1' }]);
  key(dom.document.body, 'Escape');
  assert.equal(ctx.host.sent('chat/cancel').length, 2);
  // Esc in the model picker closes its list instead.
  const picker = dom.document.createElement('div');
  picker.className = 'model-picker';
  const input = dom.document.createElement('input');
  picker.append(input);
  dom.document.body.append(picker);
  key(input, 'Escape');
  assert.equal(ctx.host.sent('chat/cancel').length, 2);
});

test('composer/didInsert appends text after a blank line and saves the draft; composer/didRequestFocus focuses', () => {
  const { ctx, composer, type } = mount();
  ctx.store.dispatch({ type: 'composer/didInsert', text: 'From the editor' });
  assert.equal(composer.input.value, 'From the editor\n\n');
  type('Question');
  ctx.store.dispatch({ type: 'composer/didInsert', text: 'More' });
  assert.equal(composer.input.value, 'Question\n\nMore');
  assert.equal(ctx.host.drafts.at(-1), 'Question\n\nMore');
  composer.input.blur();
  ctx.store.dispatch({ type: 'composer/didRequestFocus' });
  assert.equal(dom.document.activeElement, composer.input);
});

test('a video model shows the video hint, and the message box is described by it', () => {
  const { ctx, composer } = mount();
  const hint = composer.element.querySelector<HTMLElement>('.video-hint')!;
  assert.equal(hint.hidden, true);
  ctx.store.dispatch({
    type: 'models/didLoad',
    models: [
      { id: 'gpt-4o', video: false },
      { id: 'veo-3.1', video: true },
    ],
    selected: 'veo-3.1',
  });
  assert.equal(hint.hidden, false);
  assert.equal(composer.input.getAttribute('aria-describedby'), 'video-hint');
  ctx.store.dispatch({ type: 'ui/selectModel', model: 'gpt-4o' });
  assert.equal(hint.hidden, true);
  assert.equal(composer.input.getAttribute('aria-describedby'), null);
});

test('the attach button opens the file chooser; the buttons are labelled', () => {
  const { composer } = mount();
  const file = composer.element.querySelector<HTMLInputElement>('input[type="file"]')!;
  let chooser = 0;
  file.addEventListener('click', () => chooser++);
  composer.actions.attach(composer.element);
  assert.equal(chooser, 1);
  assert.equal(composer.element.querySelector('[data-action="attach"]')?.getAttribute('aria-label'), 'attachImage');
  assert.equal(composer.element.querySelector('[data-action="context-add"]')?.getAttribute('aria-label'), 'addContext');
});
