// A small GET on the user's behalf (an image they asked to load): the fetch policy on every hop, no credentials,
// redirects followed by hand, a size cap and time limits.

import type * as http from 'node:http';
import { checkFetchUrl, RefusedUrlError, type FetchPolicy } from './fetchPolicy';
import { MAX_REDIRECTS, redirectHop, startHop } from './hop';

export type FetchBytesErrorKind = 'refused' | 'http' | 'type' | 'tooLarge' | 'timeout' | 'network' | 'aborted';

export class FetchBytesError extends Error {
  constructor(
    readonly kind: FetchBytesErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FetchBytesError';
  }
}

export interface FetchBytesOptions {
  url: string;
  policy: FetchPolicy;
  maxBytes: number;
  /** The `Accept` header, e.g. `image/png, image/jpeg`. */
  accept: string;
  /** Whether the response's media type (lower case, no parameters) is one the caller takes. */
  acceptType: (mediaType: string) => boolean;
  /** From the first byte sent to the last byte received (default 30 s). */
  timeoutMs?: number;
  /** An agent for http(s), e.g. a proxy agent (the proxy then resolves names). */
  agent?: http.Agent;
  signal?: AbortSignal;
  maxRedirects?: number;
}

export interface FetchedBytes {
  bytes: Buffer;
  mediaType: string;
  /** The URL that answered, after redirects. */
  url: string;
}

/** Fetches `url` within the policy: every redirect hop is checked again, names are checked after DNS. */
export async function fetchBytes(options: FetchBytesOptions): Promise<FetchedBytes> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  let url = refusedAs(() => checkFetchUrl(options.url, options.policy));
  for (let hop = 0; ; hop++) {
    const res = await get(url, options, signal, timeoutMs);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      if (hop >= maxRedirects) throw new FetchBytesError('http', 'too many redirects', status);
      // No credentials on any hop: the origin does not matter here.
      const location = res.headers.location;
      url = refusedAs(() => redirectHop(url, location, options.policy, false, url.origin).url);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new FetchBytesError('http', `HTTP ${status}`, status);
    }
    const mediaType = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (!options.acceptType(mediaType)) {
      res.resume();
      throw new FetchBytesError('type', `unexpected content type ${mediaType || '(none)'}`);
    }
    const length = Number(res.headers['content-length']);
    if (Number.isFinite(length) && length > options.maxBytes) {
      res.destroy();
      throw new FetchBytesError('tooLarge', `${length} bytes, more than the ${options.maxBytes}-byte limit`);
    }
    return { bytes: await readCapped(res, options.maxBytes, signal, timeoutMs), mediaType, url: url.href };
  }
}

function refusedAs<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new FetchBytesError('refused', e instanceof Error ? e.message : String(e));
  }
}

function abortError(signal: AbortSignal, timeoutMs: number): FetchBytesError {
  const reason: unknown = signal.reason;
  return reason instanceof DOMException && reason.name === 'TimeoutError'
    ? new FetchBytesError('timeout', `no complete answer within ${timeoutMs} ms`)
    : new FetchBytesError('aborted', 'cancelled');
}

/** One GET: no cookies, no credentials, no key; only `Accept` and identity encoding. */
async function get(
  url: URL,
  options: FetchBytesOptions,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<http.IncomingMessage> {
  if (signal.aborted) throw abortError(signal, timeoutMs);
  const req = await startHop(
    url,
    { accept: options.accept, 'accept-encoding': 'identity' },
    { policy: options.policy, agent: options.agent },
  ).catch((e: unknown) => {
    throw e instanceof RefusedUrlError ? new FetchBytesError('refused', e.message) : e;
  });
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      req.destroy();
      return reject(abortError(signal, timeoutMs));
    }
    const onAbort = (): void => {
      req.destroy();
      reject(abortError(signal, timeoutMs));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.on('response', (res) => {
      signal.removeEventListener('abort', onAbort);
      resolve(res);
    });
    req.on('error', (e) => {
      signal.removeEventListener('abort', onAbort);
      if (signal.aborted) return reject(abortError(signal, timeoutMs));
      reject(
        e instanceof RefusedUrlError
          ? new FetchBytesError('refused', e.message)
          : new FetchBytesError('network', e.message),
      );
    });
    req.end();
  });
}

function readCapped(
  res: http.IncomingMessage,
  maxBytes: number,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (e: FetchBytesError): void => {
      signal.removeEventListener('abort', onAbort);
      res.destroy();
      reject(e);
    };
    const onAbort = (): void => stop(abortError(signal, timeoutMs));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) return stop(new FetchBytesError('tooLarge', `more than the ${maxBytes}-byte limit`));
      chunks.push(c);
    });
    res.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(Buffer.concat(chunks));
    });
    res.on('error', (e) => stop(new FetchBytesError('network', e.message)));
  });
}
