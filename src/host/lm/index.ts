// The language-model provider feature's public entry: the gateway's chat models as VS Code language models.
export { registerLanguageModelProvider } from './registerLanguageModelProvider';
