// The chat feature's public entry: what the composition root and other host features use.
export { registerChat } from './registerChat';
