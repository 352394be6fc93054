// Inline completions, plain logic: context within a budget, FIM or chat, post-processing, cache, debounce, the engine.
export { AdaptiveDebounce } from './adaptiveDebounce';
export { CompletionCache } from './completionCache';
export type { GatewayError } from '../gateway';
export {
  CompletionEngine,
  type CompletionRequest,
  type CompletionResult,
  type CompletionStats,
} from './completionEngine';
export {
  buildCompletionContext,
  chatCompletionMessages,
  fimBody,
  CODE_INTRO,
  CURSOR_MARK,
  type NeighborSnippet,
} from './completionPrompt';
export { chooseEndpoint, isFimModel, type CompletionEndpointSetting } from './fimModels';
export { cutCompletion, finishCompletion } from './postProcess';
export { DEFAULT_LANGUAGES, isLanguageEnabled } from './languagePolicy';
