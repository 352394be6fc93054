// The API key feature's public entry: the Set API Key and Clear API Key commands.
export { registerApiKeyCommands } from './apiKeyCommands';
