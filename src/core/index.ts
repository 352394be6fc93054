// Public API of the core (plain Node, no 'vscode'): the gateway client; features have their own index.ts.
export * from './gateway';
