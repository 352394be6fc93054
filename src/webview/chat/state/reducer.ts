// The pure reducer: the next state after a host message or a webview event. No DOM, no side effects.
import { assertNever, type ConversationView, type MessageView, type NoticeAction } from '../../../shared/chat/protocol';
import type { ChatEvent, ChatState } from './chatState';

function replaceMessage(
  conversation: ConversationView | undefined,
  message: MessageView,
): ConversationView | undefined {
  if (!conversation) return conversation;
  const i = conversation.messages.findIndex((x) => x.id === message.id);
  if (i < 0) return conversation;
  const messages = conversation.messages.slice();
  messages[i] = message;
  return { ...conversation, messages };
}

function withNotice(state: ChatState, message: string, action?: NoticeAction): ChatState {
  return {
    ...state,
    notices: [...state.notices, { id: state.nextNoticeId, message, ...(action ? { action } : {}) }],
    nextNoticeId: state.nextNoticeId + 1,
  };
}

export function reduce(state: ChatState, event: ChatEvent): ChatState {
  // Anything posted before the strings arrive is replayed after `webview/ready` anyway.
  if (!state.strings && event.type !== 'init/didInit') return state;
  switch (event.type) {
    case 'init/didInit':
      return { ...state, strings: event.strings, hasKey: event.hasKey };
    case 'key/didChange':
      return { ...state, hasKey: event.hasKey };
    case 'conversation/didLoad': {
      const conversation = event.conversation;
      // A reload in the middle of an answer: the host replays it as streaming, and its deltas follow.
      const live = conversation.messages.filter((m) => m.status === 'streaming' && m.requestId).at(-1);
      return {
        ...state,
        conversation,
        title: conversation.title,
        selectedModel: conversation.model,
        selectedProfile: conversation.profile,
        streaming: live ? { requestId: live.requestId!, messageId: live.id } : undefined,
      };
    }
    case 'conversation/didChangeTitle':
      return {
        ...state,
        title: event.title,
        conversation: state.conversation && { ...state.conversation, title: event.title },
      };
    case 'chat/didStart': {
      if (!state.conversation) return state;
      const added = event.user ? [event.user, event.assistant] : [event.assistant];
      return {
        ...state,
        conversation: {
          ...state.conversation,
          title: event.title,
          messages: [...state.conversation.messages, ...added],
        },
        title: event.title,
        streaming: { requestId: event.requestId, messageId: event.assistant.id },
      };
    }
    case 'chat/didAppend': {
      const st = state.streaming;
      if (!st || st.requestId !== event.requestId) return state;
      const m = state.conversation?.messages.find((x) => x.id === st.messageId);
      if (!m) return state;
      const next: MessageView = { ...m, text: m.text + event.content };
      if (event.reasoning) next.reasoning = (m.reasoning ?? '') + event.reasoning;
      return { ...state, conversation: replaceMessage(state.conversation, next) };
    }
    case 'chat/didFinish':
      return {
        ...state,
        conversation: replaceMessage(state.conversation, event.message),
        streaming: state.streaming?.requestId === event.requestId ? undefined : state.streaming,
      };
    case 'message/didChange':
      return { ...state, conversation: replaceMessage(state.conversation, event.message) };
    case 'models/didLoad': {
      const next = {
        ...state,
        models: event.models,
        selectedModel: event.selected,
        selectedProfile: event.selectedProfile,
      };
      return event.error ? withNotice(next, event.error) : next;
    }
    case 'history/didList':
      return { ...state, history: event.items };
    case 'notice/didShow':
      return withNotice(state, event.message, event.action);
    case 'view/showHistory':
      return { ...state, historyVisible: true };
    case 'parameters/didChange':
      // The parameters popover renders its rows from the event itself.
      return state;
    case 'image/didLoad':
      // The loaded image replaces its placeholder in the transcript's DOM; the conversation keeps the markdown.
      return state;
    case 'image/didReadForCopy':
      // The transcript puts the bytes on the clipboard; nothing to keep.
      return state;
    case 'composer/didRequestFocus':
    case 'composer/didInsert':
      return { ...state, historyVisible: false };
    case 'context/didChange':
      return { ...state, chips: event.chips };
    case 'context/didMeasure': {
      const { contextUsage: _old, ...rest } = state;
      return event.usage ? { ...rest, contextUsage: event.usage } : rest;
    }
    case 'conversation/didCompact': {
      if (!state.conversation) return state;
      const { compaction: _old, ...conversation } = state.conversation;
      return {
        ...state,
        conversation: event.compaction ? { ...conversation, compaction: event.compaction } : conversation,
      };
    }
    case 'ui/selectModel':
      return {
        ...state,
        selectedModel: event.model,
        selectedProfile: event.profile,
        conversation: state.conversation && { ...state.conversation, model: event.model },
      };
    case 'ui/showHistory':
      return { ...state, historyVisible: event.show };
    case 'ui/notice':
      return withNotice(state, event.message);
    case 'ui/dismissNotice':
      return { ...state, notices: state.notices.filter((n) => n.id !== event.id) };
    default:
      return assertNever(event);
  }
}
