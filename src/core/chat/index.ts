// The chat feature of the core: the conversation model, the history store and the chat session.
export * from './conversation';
export * from './historyStore';
export * from './chatSessionTypes';
export { ChatSession } from './chatSession';
export * from './answerUrls';
export { chooseAlternative } from './answerChoices';
export { chatToolMessages } from './toolRound';
