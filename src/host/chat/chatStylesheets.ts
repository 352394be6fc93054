// The chat view's stylesheets under media, in cascade order: the frame first, then one per part of the view.
export const CHAT_STYLESHEETS = [
  'chat.css',
  'chat-messages.css',
  'chat-composer.css',
  'chat-history.css',
  'chat-answers.css',
  'chat-tools.css',
  'chat-context.css',
] as const;
