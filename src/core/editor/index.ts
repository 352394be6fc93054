// The editor feature of the core: editor context (snippets, chips) and the prompts built from it.
export * from './editorContext';
export * from './editorContextStrings';
export * from './prompts';
