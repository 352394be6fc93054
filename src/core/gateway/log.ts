// The log's two helpers: a logger whose lines carry a component tag, and the one-line description of any error.
import type { Logger } from './types';

/** `log` with `[tag] ` in front of every line: the one way lines say which component wrote them. */
export function taggedLogger(log: Logger, tag: string): Logger {
  const prefix = `[${tag}] `;
  return {
    trace: (m) => log.trace?.(prefix + m),
    debug: (m) => log.debug(prefix + m),
    info: (m) => log.info(prefix + m),
    warn: (m) => log.warn(prefix + m),
    error: (m) => log.error(prefix + m),
  };
}

/** A one-line description of any thrown value for the log (name, message, cause), never a stack of secrets. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : '';
  return `${error.name}: ${error.message}${cause}`;
}
