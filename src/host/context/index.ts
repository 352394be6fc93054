// The context-window feature's public entry: the knowledge the chat and the language-model provider share.
export { contextKnowledge } from './contextKnowledge';
