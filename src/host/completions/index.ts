// Inline completions' public entry: what the composition root uses.
export { registerCompletions } from './registerCompletions';
