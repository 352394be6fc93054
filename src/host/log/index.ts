// The log's public entry: the AppleRouter output channel (the core's describeError describes what goes into it).
export { HostLogger } from './logger';
