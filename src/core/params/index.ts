// Request parameters: their specs, model-id globs, and resolution from conversation, model defaults and settings.
export * from './parameterSpecs';
export * from './modelGlob';
export * from './resolveParameters';
export * from './parameterRows';
