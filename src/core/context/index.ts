// The context-window feature of the core: each model's window, counting a request, refusals, and compaction.
export * from './contextWindow';
export * from './contextRefusal';
export * from './tokenCounter';
export * from './compaction';
export * from './summaryRequest';
