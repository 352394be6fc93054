// Retry and timeout policy of gateway requests: which failures are retried, how long to wait, the limits.
import { GatewayError } from './errors';
import type { Timeouts } from './types';

const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 60_000, firstByteMs: 300_000, idleMs: 120_000 };
/** A Retry-After longer than this is not waited for: the error says how long instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Wait from `retry-after-ms`, else `Retry-After` (seconds or an HTTP date); undefined when absent. */
export function retryAfterMs(h: Headers, now = Date.now()): number | undefined {
  const ms = h.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = h.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  if (Number.isFinite(Number(ra))) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Defaults, then the client's, then the call's; only positive finite numbers count. */
export function mergeTimeouts(...layers: (Partial<Timeouts> | undefined)[]): Timeouts {
  const t: Timeouts = { ...DEFAULT_TIMEOUTS };
  for (const layer of layers) {
    for (const k of ['connectMs', 'firstByteMs', 'idleMs'] as const) {
      const v = layer?.[k];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) t[k] = v;
    }
  }
  return t;
}

/** openai-node's policy: 408, 409, 429 and every 5xx may succeed on a second try. */
export function shouldRetryStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** min(0.5·2ⁿ, 8) s minus up to 25 % jitter. */
export function backoffMs(retryIndex: number): number {
  return Math.min(0.5 * 2 ** retryIndex, 8) * (1 - Math.random() * 0.25) * 1000;
}

/** Waits `ms`; a stop (`signal`) ends the wait at once with GatewayError 'aborted'. The one abortable sleep. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolveSleep, reject) => {
    if (signal?.aborted) return reject(abortedError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolveSleep();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortedError(): GatewayError {
  return new GatewayError('aborted', 'the request was stopped');
}

/** An error's message with its cause's code (undici puts ECONNREFUSED and friends there). */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const c = cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.message}` : '';
    return `${e.message}${c}`;
  }
  return String(e);
}
