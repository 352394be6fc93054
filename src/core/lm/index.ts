// The language-model provider's plain logic: which models are chat models, request conversion, token estimates.
export * from './modelCatalog';
export * from './lmRequest';
export * from './tokenEstimate';
