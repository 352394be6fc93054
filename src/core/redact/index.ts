// The redaction feature of the core: credentials removed from any text that leaves the extension's memory.
export * from './redact';
