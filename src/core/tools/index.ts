// The tools feature of the core: call records, argument checks, path confinement, result caps, the loop's bookkeeping.
export * from './toolTypes';
export * from './toolArguments';
export * from './toolResult';
export * from './workspacePaths';
export * from './toolLoop';
export * from './builtinTools';
