// Handlers for the open conversation: ready, send, stop, retry, edit and resend, new, model, system prompt.
import type { ChatHandlers, ChatHost } from '../chatHost';

type ConversationTypes = 'webview/ready' | 'chat/send' | 'chat/cancel' | 'chat/retry' | 'chat/editAndResend' | 'chat/new' | 'chat/setModel' | 'chat/setSystemPrompt';

export function conversationHandlers(host: ChatHost): Pick<ChatHandlers, ConversationTypes> {
  const { session } = host;
  return {
    'webview/ready': () => host.replay(),
    // The composer's context chips go before the typed message, then are cleared.
    'chat/send': (msg) => session.send(host.chips.takeForMessage(msg.text).text, msg.images),
    'chat/cancel': (msg) => session.cancel(msg.requestId),
    'chat/retry': (msg) => session.retry(msg.messageId),
    'chat/editAndResend': (msg) => session.editAndResend(msg.messageId, msg.text),
    'chat/new': () => host.newConversation(),
    'chat/setModel': (msg) => session.setModel(msg.model),
    'chat/setSystemPrompt': (msg) => session.setSystemPrompt(msg.text),
  };
}
