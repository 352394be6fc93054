// Public API of the gateway client core (plain Node, no 'vscode').
export * from './types';
export { GatewayError, type GatewayErrorKind } from './errors';
export { createGatewayClient } from './client';
