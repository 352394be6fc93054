// The model picker in jsdom: search filtering, keyboard selection, and the chat/setModel it posts.
/// <reference lib="dom" />
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { createModelPicker } from '../../../../src/webview/chat/components/modelPicker';
import { context, installDom, key } from './domHarness';

let dom: ReturnType<typeof installDom>;
beforeEach(() => (dom = installDom()));
afterEach(() => dom.close());

const MODELS = [
  { id: 'gpt-4o', video: false },
  { id: 'gpt-4o-mini', video: false },
  { id: 'deepseek-chat', video: false },
  { id: 'veo-3.1', video: true },
];

function mount() {
  const ctx = context();
  const picker = createModelPicker(ctx);
  dom.document.body.append(picker.element);
  ctx.store.dispatch({ type: 'models/didLoad', models: MODELS, selected: 'gpt-4o' });
  const options = () => Array.from(picker.element.querySelectorAll<HTMLElement>('[role="option"]'));
  const list = picker.element.querySelector<HTMLElement>('[role="listbox"]')!;
  const type = (text: string) => {
    picker.input.value = text;
    picker.input.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
  };
  return { ctx, picker, options, list, type };
}

test('shows the selected model, labelled as a combobox; focusing opens the whole list', () => {
  const { picker, options, list } = mount();
  assert.equal(picker.input.value, 'gpt-4o');
  assert.equal(picker.input.getAttribute('role'), 'combobox');
  assert.equal(picker.input.getAttribute('aria-label'), 'model');
  assert.equal(list.hidden, true);
  picker.input.focus();
  assert.equal(list.hidden, false);
  assert.equal(picker.input.getAttribute('aria-expanded'), 'true');
  assert.deepEqual(
    options().map((o) => o.getAttribute('data-model')),
    MODELS.map((m) => m.id),
  );
  assert.equal(
    options()
      .find((o) => o.getAttribute('aria-selected') === 'true')
      ?.getAttribute('data-model'),
    'gpt-4o',
  );
  // veo models carry the video badge.
  assert.equal(options()[3]!.querySelector('.badge')?.textContent, 'videoModel');
  assert.equal(options()[0]!.querySelector('.badge'), null);
});

test('typing filters the models case-insensitively (the selected one stays listed)', () => {
  const { ctx, picker, options, type } = mount();
  picker.input.focus();
  type('DEEP');
  assert.deepEqual(
    options().map((o) => o.getAttribute('data-model')),
    ['gpt-4o', 'deepseek-chat'],
  );
  type('mini');
  assert.deepEqual(
    options().map((o) => o.getAttribute('data-model')),
    ['gpt-4o', 'gpt-4o-mini'],
  );
  type('');
  assert.equal(options().length, MODELS.length);
  // Model ids are not always lower case.
  ctx.store.dispatch({
    type: 'models/didLoad',
    models: [...MODELS, { id: 'Qwen-Max', video: false }],
    selected: 'gpt-4o',
  });
  type('qwen-m');
  assert.deepEqual(
    options().map((o) => o.getAttribute('data-model')),
    ['gpt-4o', 'Qwen-Max'],
  );
});

test('arrow keys move the active option (wrapping) and Enter picks it: chat/setModel is posted', () => {
  const { ctx, picker, options, type } = mount();
  picker.input.focus();
  type('e');
  // gpt-4o (selected), deepseek-chat, veo-3.1
  assert.deepEqual(
    options().map((o) => o.getAttribute('data-model')),
    ['gpt-4o', 'deepseek-chat', 'veo-3.1'],
  );
  key(picker.input, 'ArrowDown');
  key(picker.input, 'ArrowDown');
  assert.equal(picker.input.getAttribute('aria-activedescendant'), options()[1]!.id);
  assert.ok(options()[1]!.classList.contains('active'));
  key(picker.input, 'ArrowUp');
  key(picker.input, 'ArrowUp');
  assert.equal(
    picker.input.getAttribute('aria-activedescendant'),
    options()[2]!.id,
    'ArrowUp from the first wraps to the last',
  );
  const enter = key(picker.input, 'Enter');
  assert.equal(enter.defaultPrevented, true);
  assert.deepEqual(ctx.host.sent('chat/setModel'), [{ type: 'chat/setModel', model: 'veo-3.1' }]);
  assert.equal(ctx.store.state.selectedModel, 'veo-3.1');
  assert.equal(picker.input.value, 'veo-3.1');
  assert.equal(picker.input.getAttribute('aria-expanded'), 'false');
});

test('Enter without an active option takes the first match', () => {
  const { ctx, picker, type } = mount();
  picker.input.focus();
  type('seek');
  key(picker.input, 'Enter');
  assert.deepEqual(ctx.host.sent('chat/setModel'), [{ type: 'chat/setModel', model: 'gpt-4o' }]);
  type('veo');
  key(picker.input, 'ArrowDown');
  key(picker.input, 'ArrowDown');
  key(picker.input, 'Enter');
  assert.equal(ctx.host.sent('chat/setModel').at(-1)?.model, 'veo-3.1');
});

test('Escape closes the list and restores the selected model without posting', () => {
  const { ctx, picker, list, type } = mount();
  picker.input.focus();
  type('deep');
  key(picker.input, 'Escape');
  assert.equal(list.hidden, true);
  assert.equal(picker.input.value, 'gpt-4o');
  assert.deepEqual(ctx.host.sent('chat/setModel'), []);
});

test('a click on an option picks it', () => {
  const { ctx, picker, options } = mount();
  picker.input.focus();
  options()[2]!.dispatchEvent(new dom.window.MouseEvent('click', { bubbles: true }));
  assert.deepEqual(ctx.host.sent('chat/setModel'), [{ type: 'chat/setModel', model: 'deepseek-chat' }]);
});

test('a model list arriving while the user types keeps the search; a loaded conversation sets its model', () => {
  const { ctx, picker, type } = mount();
  picker.input.focus();
  type('dee');
  ctx.store.dispatch({ type: 'models/didLoad', models: MODELS, selected: 'gpt-4o-mini' });
  assert.equal(picker.input.value, 'dee');
  picker.input.blur();
  ctx.store.dispatch({
    type: 'conversation/didLoad',
    conversation: { id: 'c', title: '', model: 'deepseek-chat', systemPrompt: '', messages: [] },
  });
  assert.equal(picker.input.value, 'deepseek-chat');
});

test('with several gateway profiles: models grouped under each profile, the same id told apart, the profile posted', () => {
  const ctx = context();
  const picker = createModelPicker(ctx);
  dom.document.body.append(picker.element);
  const both = [
    { id: 'gpt-4o', video: false, profile: 'default', profileName: 'api.example' },
    { id: 'gpt-4o-mini', video: false, profile: 'default', profileName: 'api.example' },
    { id: 'gpt-4o', video: false, profile: 'work', profileName: 'Work gateway' },
  ];
  ctx.store.dispatch({ type: 'models/didLoad', models: both, selected: 'gpt-4o', selectedProfile: 'work' });
  const profileLabel = picker.element.querySelector<HTMLElement>('.model-profile')!;
  assert.equal(profileLabel.hidden, false);
  assert.equal(profileLabel.textContent, 'Work gateway');
  picker.input.focus();
  const rows = Array.from(picker.element.querySelectorAll<HTMLElement>('[role="listbox"] > li'));
  assert.deepEqual(
    rows.map((r) =>
      r.getAttribute('role') === 'option'
        ? `${r.getAttribute('data-profile')}:${r.getAttribute('data-model')}`
        : `[${r.textContent}]`,
    ),
    ['[api.example]', 'default:gpt-4o', 'default:gpt-4o-mini', '[Work gateway]', 'work:gpt-4o'],
  );
  // Only the work gateway's gpt-4o is the selected one; each option names its profile for screen readers.
  const selected = rows.filter((r) => r.getAttribute('aria-selected') === 'true');
  assert.deepEqual(
    selected.map((r) => r.getAttribute('aria-label')),
    ['gpt-4o (Work gateway)'],
  );
  // Typing a profile's name narrows to its models.
  picker.input.value = 'work gate';
  picker.input.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
  assert.deepEqual(
    Array.from(picker.element.querySelectorAll('[role="option"]')).map((o) => o.getAttribute('aria-label')),
    ['gpt-4o (Work gateway)'],
  );
  picker.input.value = '';
  picker.input.dispatchEvent(new dom.window.Event('input', { bubbles: true }));
  picker.element.querySelector<HTMLElement>('[data-profile="default"][data-model="gpt-4o"]')!.click();
  assert.deepEqual(ctx.host.sent('chat/setModel'), [{ type: 'chat/setModel', model: 'gpt-4o', profile: 'default' }]);
  assert.equal(ctx.store.state.selectedProfile, 'default');
  assert.equal(profileLabel.textContent, 'api.example');
});
