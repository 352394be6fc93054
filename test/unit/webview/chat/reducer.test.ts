// The chat webview's reducer: the state after each host message type and each webview event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToWebview } from '../../../../src/shared/chat/protocol';
import { reduce } from '../../../../src/webview/chat/state/reducer';
import {
  initialState,
  isVideoModelSelected,
  lastAssistantId,
  type ChatEvent,
  type ChatState,
} from '../../../../src/webview/chat/state/chatState';
import { ChatStore } from '../../../../src/webview/chat/state/chatStore';
import { conversation, message, strings } from './domHarness';

const ready = (): ChatState => reduce(initialState(), { type: 'init/didInit', strings, hasKey: true });
const run = (events: ChatEvent[], from = ready()): ChatState => events.reduce(reduce, from);
const loaded = (): ChatState =>
  run([
    {
      type: 'conversation/didLoad',
      conversation: conversation([message('u1', 'user', 'hi'), message('a1', 'assistant', 'hello')]),
    },
  ]);
const started: HostToWebview = {
  type: 'chat/didStart',
  requestId: 'r1',
  user: message('u2', 'user', 'more'),
  assistant: message('a2', 'assistant', '', { status: 'streaming', requestId: 'r1' }),
  title: 'Named by the host',
};

test('nothing but init/didInit counts before the strings arrive (the host replays after webview/ready)', () => {
  const s = run(
    [
      { type: 'key/didChange', hasKey: false },
      { type: 'notice/didShow', message: 'x' },
    ],
    initialState(),
  );
  assert.deepEqual(s, initialState());
  const init = reduce(initialState(), { type: 'init/didInit', strings, hasKey: false });
  assert.equal(init.strings, strings);
  assert.equal(init.hasKey, false);
});

test('key/didChange', () => {
  assert.equal(run([{ type: 'key/didChange', hasKey: false }]).hasKey, false);
  assert.equal(
    run([
      { type: 'key/didChange', hasKey: false },
      { type: 'key/didChange', hasKey: true },
    ]).hasKey,
    true,
  );
});

test('conversation/didLoad takes the conversation, its title and model; a streaming answer is live again', () => {
  const s = loaded();
  assert.equal(s.conversation?.messages.length, 2);
  assert.equal(s.title, 'A title');
  assert.equal(s.selectedModel, 'gpt-4o');
  assert.equal(s.streaming, undefined);
  const replay = run([
    {
      type: 'conversation/didLoad',
      conversation: conversation([message('a9', 'assistant', 'half', { status: 'streaming', requestId: 'r9' })], {
        model: 'deepseek',
      }),
    },
  ]);
  assert.deepEqual(replay.streaming, { requestId: 'r9', messageId: 'a9' });
  assert.equal(replay.selectedModel, 'deepseek');
});

test('conversation/didChangeTitle', () => {
  const s = run([{ type: 'conversation/didChangeTitle', title: 'Renamed' }], loaded());
  assert.equal(s.title, 'Renamed');
  assert.equal(s.conversation?.title, 'Renamed');
});

test('chat/didStart appends both messages, takes the host-named title and starts streaming', () => {
  const s = run([started], loaded());
  assert.deepEqual(
    s.conversation?.messages.map((m) => m.id),
    ['u1', 'a1', 'u2', 'a2'],
  );
  assert.equal(s.title, 'Named by the host');
  assert.deepEqual(s.streaming, { requestId: 'r1', messageId: 'a2' });
  assert.equal(lastAssistantId(s), 'a2');
  // A retry has no new user message.
  const retry = run([{ ...started, user: undefined }], loaded());
  assert.deepEqual(
    retry.conversation?.messages.map((m) => m.id),
    ['u1', 'a1', 'a2'],
  );
  // Without a conversation there is nothing to append to.
  assert.equal(run([started]).streaming, undefined);
});

test('chat/didAppend grows the streaming answer and its reasoning; another request id is ignored', () => {
  const before = run([started], loaded());
  const s = run(
    [
      { type: 'chat/didAppend', requestId: 'r1', messageId: 'a2', content: 'Hel', reasoning: 'think ' },
      { type: 'chat/didAppend', requestId: 'r1', messageId: 'a2', content: 'lo', reasoning: '' },
      { type: 'chat/didAppend', requestId: 'old', messageId: 'a2', content: 'XX', reasoning: 'YY' },
    ],
    before,
  );
  const a2 = s.conversation?.messages.find((m) => m.id === 'a2');
  assert.equal(a2?.text, 'Hello');
  assert.equal(a2?.reasoning, 'think ');
  // Pure: the earlier state is untouched.
  assert.equal(before.conversation?.messages.find((m) => m.id === 'a2')?.text, '');
});

test('chat/didFinish replaces the message and ends streaming only for its own request', () => {
  const s1 = run(
    [started, { type: 'chat/didFinish', requestId: 'other', message: message('a1', 'assistant', 'changed') }],
    loaded(),
  );
  assert.deepEqual(s1.streaming, { requestId: 'r1', messageId: 'a2' });
  assert.equal(s1.conversation?.messages[1]?.text, 'changed');
  const s2 = run(
    [
      {
        type: 'chat/didFinish',
        requestId: 'r1',
        message: message('a2', 'assistant', 'done text', { status: 'stopped' }),
      },
    ],
    s1,
  );
  assert.equal(s2.streaming, undefined);
  assert.equal(s2.conversation?.messages[3]?.status, 'stopped');
});

test('message/didChange replaces a finished message (a veo answer gets its videos)', () => {
  const video = { state: 'done' as const, files: [{ name: 'v.mp4', src: 'https://file/v.mp4' }] };
  const s = run([{ type: 'message/didChange', message: message('a1', 'assistant', 'hello', { video }) }], loaded());
  assert.deepEqual(s.conversation?.messages[1]?.video, video);
  const unknown = run([{ type: 'message/didChange', message: message('nope', 'assistant', 'x') }], loaded());
  assert.deepEqual(unknown.conversation, loaded().conversation);
});

test('models/didLoad sets the list and the selection; its error becomes a notice', () => {
  const models = [
    { id: 'gpt-4o', video: false },
    { id: 'veo-3.1', video: true },
  ];
  const s = run([{ type: 'models/didLoad', models, selected: 'veo-3.1' }]);
  assert.deepEqual(s.models, models);
  assert.equal(s.selectedModel, 'veo-3.1');
  assert.equal(isVideoModelSelected(s), true);
  assert.deepEqual(s.notices, []);
  const failed = run([
    { type: 'models/didLoad', models: [], selected: 'gpt-4o', error: 'The gateway said no (request id r-1).' },
  ]);
  assert.deepEqual(
    failed.notices.map((n) => n.message),
    ['The gateway said no (request id r-1).'],
  );
});

test('history/didList, view/showHistory, and the composer messages that leave the history', () => {
  const items = [{ id: 'h1', title: 'Old chat', updatedAt: 1, messageCount: 2 }];
  const listed = run([{ type: 'history/didList', items, query: '' }]);
  assert.deepEqual(listed.history, items);
  const shown = run([{ type: 'view/showHistory' }], listed);
  assert.equal(shown.historyVisible, true);
  assert.equal(run([{ type: 'composer/didRequestFocus' }], shown).historyVisible, false);
  assert.equal(run([{ type: 'composer/didInsert', text: 'x' }], shown).historyVisible, false);
});

test('notice/didShow and ui/notice add notices with distinct ids; ui/dismissNotice removes one', () => {
  const s = run([
    { type: 'notice/didShow', message: 'one' },
    { type: 'ui/notice', message: 'two' },
  ]);
  assert.deepEqual(
    s.notices.map((n) => n.message),
    ['one', 'two'],
  );
  assert.notEqual(s.notices[0]!.id, s.notices[1]!.id);
  const after = run([{ type: 'ui/dismissNotice', id: s.notices[0]!.id }], s);
  assert.deepEqual(
    after.notices.map((n) => n.message),
    ['two'],
  );
});

test('image/didLoad leaves the state alone (the transcript swaps the placeholder)', () => {
  const s = loaded();
  assert.equal(reduce(s, { type: 'image/didLoad', url: 'https://x/a.png', dataUrl: 'data:image/png;base64,AA==' }), s);
});

test('context/didChange replaces the chips', () => {
  const chips = [{ id: 'k1', kind: 'selection' as const, label: 'a.ts:1-3', detail: 'code', truncated: false }];
  assert.deepEqual(run([{ type: 'context/didChange', chips }]).chips, chips);
  assert.deepEqual(
    run([
      { type: 'context/didChange', chips },
      { type: 'context/didChange', chips: [] },
    ]).chips,
    [],
  );
});

test('ui/selectModel changes the selection and the conversation model; ui/showHistory toggles the view', () => {
  const s = run([{ type: 'ui/selectModel', model: 'claude' }], loaded());
  assert.equal(s.selectedModel, 'claude');
  assert.equal(s.conversation?.model, 'claude');
  assert.equal(run([{ type: 'ui/showHistory', show: true }]).historyVisible, true);
  assert.equal(
    run([
      { type: 'ui/showHistory', show: true },
      { type: 'ui/showHistory', show: false },
    ]).historyVisible,
    false,
  );
});

test('the store runs the reducer and tells subscribers the event and the previous state, until they unsubscribe', () => {
  const store = new ChatStore();
  const seen: string[] = [];
  const off = store.subscribe((state, event, previous) =>
    seen.push(`${event.type}:${String(previous.hasKey)}->${String(state.hasKey)}`),
  );
  store.dispatch({ type: 'init/didInit', strings, hasKey: true });
  store.dispatch({ type: 'key/didChange', hasKey: false });
  off();
  store.dispatch({ type: 'key/didChange', hasKey: true });
  assert.deepEqual(seen, ['init/didInit:true->true', 'key/didChange:true->false']);
  assert.equal(store.state.hasKey, true);
});
