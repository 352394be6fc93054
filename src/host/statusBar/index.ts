// The status bar feature's public entry: the model and balance entry and its commands.
export { registerStatusBar } from './registerStatusBar';
