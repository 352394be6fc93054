// Public API of the gateway client core (plain Node, no 'vscode').
export * from './types';
export { GatewayError, coreMessages, type GatewayErrorKind, type TimeoutPhase } from './errors';
export { createGatewayClient } from './client';
