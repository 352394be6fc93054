// The diagnostics feature's public entry: Test Connection, Copy Last Request as curl, the request recorder.
export { registerDiagnostics } from './registerDiagnostics';
export { RequestRecorder } from './requestRecorder';
