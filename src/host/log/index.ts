// The log's public entry: the AppleRouter output channel and the one-line description of an error.
export { HostLogger, describeError } from './logger';
