// The chat feature of the core: the conversation model and the history store.
export * from './conversation';
export * from './historyStore';
