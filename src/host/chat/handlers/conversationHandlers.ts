// Handlers for the open conversation: ready, send, stop, retry, edit and resend, new, model, system prompt.
import { DEFAULT_PROFILE_ID } from '../../../core/profiles';
import type { ChatHandlers, ChatHost } from '../chatHost';

type ConversationTypes =
  | 'webview/ready'
  | 'chat/send'
  | 'chat/cancel'
  | 'chat/retry'
  | 'chat/editAndResend'
  | 'chat/setModel'
  | 'chat/setSystemPrompt';

export function conversationHandlers(host: ChatHost): Pick<ChatHandlers, ConversationTypes> {
  const { session } = host;
  return {
    'webview/ready': () => host.replay(),
    // The composer's context chips go before the typed message, then are cleared.
    'chat/send': (msg) => session.send(host.chips.takeForMessage(msg.text).text, msg.images),
    'chat/cancel': (msg) => session.cancel(msg.requestId),
    'chat/retry': (msg) => session.retry(msg.messageId),
    'chat/editAndResend': (msg) => session.editAndResend(msg.messageId, msg.text),
    // Only a profile the user set up is recorded; an unknown id means the default profile.
    'chat/setModel': (msg) => {
      const profile = host.services.profiles.get(msg.profile).id;
      return session.setModel(msg.model, profile === DEFAULT_PROFILE_ID ? undefined : profile);
    },
    'chat/setSystemPrompt': (msg) => session.setSystemPrompt(msg.text),
  };
}
