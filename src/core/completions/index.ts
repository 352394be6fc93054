// Inline completions, plain logic: context within a budget, FIM or chat, post-processing, cache, debounce, the engine.
export { AdaptiveDebounce } from './adaptiveDebounce';
export { CompletionCache } from './completionCache';
export type { GatewayError } from '../gateway';
export { CompletionEngine, type CompletionRequest, type CompletionStats } from './completionEngine';
export { type NeighborSnippet } from './completionPrompt';
export { type CompletionEndpointSetting } from './fimModels';
export { DEFAULT_LANGUAGES, isLanguageEnabled } from './languagePolicy';
