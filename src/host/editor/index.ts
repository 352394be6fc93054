// The editor integration's public entry: what the composition root and other host features use.
export { ContextChips } from './contextChips';
export { registerEditorIntegration } from './registerEditorIntegration';
export type { ProposeChange } from './applyToFile';
