// The diagnostics feature's public entry: Test Connection, Copy Last Request as curl, Show Log.
export { registerDiagnostics } from './registerDiagnostics';
export { registerShowLogCommand } from './showLogCommand';
