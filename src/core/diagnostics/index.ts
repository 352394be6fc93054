// Connection diagnostics of the core: a recorded request as curl, DNS and TLS timing of the gateway's host.
export { buildCurlCommand, type RecordedRequest } from './curlCommand';
export { probeConnection, type ProbeResult } from './probeConnection';
