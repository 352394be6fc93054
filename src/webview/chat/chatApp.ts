// Builds the chat view from its components once the host's strings arrive, and routes every action to its owner.
import type { WebviewStrings } from '../../shared/chat/protocol';
import { h } from '../shared/dom';
import { listenForActions, type ActionHandlers } from './actions';
import { createParametersPanel } from './components/parametersPanel';
import { createComposer } from './components/composer';
import { createContextChips } from './components/contextChips';
import { createContextMeter } from './components/contextMeter';
import { createConversationHeader } from './components/conversationHeader';
import { createHistory } from './components/history';
import { createModelPicker } from './components/modelPicker';
import { createNotices } from './components/notices';
import { createTranscript } from './components/transcript';
import { subscribe, type ChatContext } from './components/chatContext';
import { createMarkdownKit } from './markdownKit';
import type { ChatStore } from './state/chatStore';
import type { ChatHost } from './vscodeApi';

/** Mounts the chat view into `root`; the returned function unmounts it (listeners, subscriptions, timers). */
export function mountChatApp(root: HTMLElement, strings: WebviewStrings, store: ChatStore, host: ChatHost): () => void {
  const lifetime = new AbortController();
  const ctx: ChatContext = { store, host, strings, signal: lifetime.signal };
  // Landmarks for screen readers: the model picker is the banner, the rest is the main content, in two labelled regions.
  const chatView = h('section', { class: 'chat-view', 'aria-label': strings.conversation });
  const historyView = h('section', { class: 'history-view', hidden: '', 'aria-label': strings.history });
  // Registered before the components: a component focusing its input needs its view shown first.
  subscribe(ctx, (state) => {
    historyView.hidden = !state.historyVisible;
    chatView.hidden = state.historyVisible;
  });
  const kit = createMarkdownKit(window, strings);
  const picker = createModelPicker(ctx);
  const notices = createNotices(ctx);
  const header = createConversationHeader(ctx);
  const transcript = createTranscript(ctx, kit);
  const chips = createContextChips(ctx, () => composer.focus());
  const parameters = createParametersPanel(ctx);
  const meter = createContextMeter(ctx);
  const composer = createComposer(ctx, {
    above: [meter.element, parameters.element, chips.list, chips.preview],
    onSend: () => transcript.followEnd(),
  });
  const history = createHistory(ctx, historyView);
  chatView.append(
    header.title,
    header.origin,
    header.usage,
    header.systemDetails,
    notices.noKey,
    transcript.empty,
    transcript.list,
    composer.element,
  );
  root.replaceChildren(
    h('header', { class: 'header' }, h('h1', { class: 'sr-only' }, strings.chatTitle), picker.element),
    h('main', { class: 'chat-main' }, notices.element, chatView, historyView, transcript.live),
  );

  const handlers: ActionHandlers = {
    ...composer.actions,
    ...chips.actions,
    ...history.actions,
    ...transcript.actions,
    ...notices.actions,
    ...meter.actions,
    'set-api-key': () => host.post({ type: 'command/setApiKey' }),
    'show-log': () => host.post({ type: 'command/showLog' }),
    'manage-trust': () => host.post({ type: 'command/manageTrust' }),
  };
  listenForActions(root, handlers, lifetime.signal);
  return () => lifetime.abort();
}
