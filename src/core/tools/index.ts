// The tools feature of the core: call records, argument checks, path rules, secrets, guards, search, result caps.
export * from './toolTypes';
export * from './toolArguments';
export * from './toolResult';
export * from './workspacePaths';
export * from './realPaths';
export * from './secretFiles';
export * from './gitignore';
export * from './globMatch';
export * from './writeGuard';
export * from './consentText';
export * from './lineSearch';
export * from './ruleFiles';
export * from './toolLoop';
export * from './builtinTools';
