// The request/response plumbing of every gateway call: settings read per request, retries, timeouts, redirects, error bodies.
import { GatewayError, htmlExcerpt, kindForStatus, splitRequestId, type TimeoutPhase } from './errors';
import { taggedLogger } from './log';
import { ReadDeadline } from './readDeadline';
import {
  abortedError,
  backoffMs,
  errorText,
  MAX_RETRY_AFTER_MS,
  mergeTimeouts,
  retryAfterMs,
  shouldRetryStatus,
  sleep,
} from './retry';
import type { FetchLike, GatewayClientOptions, StreamOptions, Timeouts, ValueOrGetter } from './types';

/** Error bodies are read up to this many bytes. */
export const MAX_ERROR_BODY = 256 * 1024;
/** JSON bodies (model lists, whole completions) are read up to this many bytes. */
export const MAX_JSON_BODY = 64 * 1024 * 1024;

/** A body the client sends: JSON text, or bytes with their content-type (a multipart form). */
type RequestBody = string | { bytes: Uint8Array<ArrayBuffer>; contentType: string };

export interface Opened {
  response: Response;
  controller: AbortController;
  requestId?: string;
  timeouts: Timeouts;
  /** Set when one of our timers aborted the request. */
  timedOut(): TimeoutPhase | undefined;
  /** Arms the first-byte (then idle) limit for one body read. */
  beforeRead(): void;
  /** Disarms it once the read returned. */
  afterRead(): void;
  done(): void;
}

export interface ReadResult {
  value?: Uint8Array;
  done: boolean;
}

/** One call's options: the public StreamOptions, and whether the key stays home (a request that does not need it). */
interface RequestCall extends StreamOptions {
  withoutKey?: boolean;
}

export interface Requester {
  open(
    method: 'GET' | 'POST',
    path: string,
    body: RequestBody | undefined,
    signal: AbortSignal | undefined,
    call: RequestCall | undefined,
  ): Promise<Opened>;
  /** A JSON answer read whole, up to `maxBytes`; HTML, invalid JSON and a larger body are `protocol` errors. */
  json(
    method: 'GET' | 'POST',
    path: string,
    body: RequestBody | undefined,
    signal: AbortSignal | undefined,
    call?: RequestCall & { maxBytes?: number },
  ): Promise<{ json: unknown; requestId?: string; status: number }>;
  /** The URL and headers of a request, as open() would send it (for callers with their own transport). */
  target(path: string): Promise<{ url: string; headers: Record<string, string> }>;
}

/** A setting given as a value or as a getter (read on every request). */
export async function resolve<T>(v: ValueOrGetter<T>): Promise<T> {
  return typeof v === 'function' ? await (v as () => T | Promise<T>)() : v;
}

/** A fetch function and a getter are both functions: a getter takes no parameters. */
async function resolveFetch(v: ValueOrGetter<FetchLike> | undefined): Promise<FetchLike> {
  if (v === undefined) return globalThis.fetch as FetchLike;
  if (typeof v === 'function' && v.length === 0) return await (v as () => FetchLike | Promise<FetchLike>)();
  return v as FetchLike;
}

function requestIdOf(h: Headers): string | undefined {
  return h.get('x-oneapi-request-id') ?? h.get('x-request-id') ?? undefined;
}

class BodyTooLarge extends Error {}

export function createRequester(options: GatewayClientOptions): Requester {
  const log = options.logger && taggedLogger(options.logger, 'http');

  async function target(path: string, withoutKey = false): Promise<{ url: string; headers: Record<string, string> }> {
    const baseUrl = (await resolve(options.baseUrl)).trim().replace(/\/+$/, '');
    const apiKey = withoutKey ? undefined : await resolve(options.apiKey);
    const extraHeaders = (options.headers !== undefined ? await resolve(options.headers) : undefined) ?? {};
    let url: string;
    try {
      url = new URL(baseUrl + path).href;
    } catch {
      throw new GatewayError('badRequest', `invalid base URL "${baseUrl}"`);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(extraHeaders)) {
      // Custom headers may add to a request, never replace the credentials.
      if (k.toLowerCase() !== 'authorization' && typeof v === 'string') headers[k] = v;
    }
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    return { url, headers };
  }

  async function open(
    method: 'GET' | 'POST',
    path: string,
    body: RequestBody | undefined,
    signal: AbortSignal | undefined,
    call: RequestCall | undefined,
  ): Promise<Opened> {
    if (signal?.aborted) throw abortedError();
    const t = await target(path, call?.withoutKey);
    const url = t.url;
    const fetchFn = await resolveFetch(options.fetch);
    const timeouts = mergeTimeouts(
      options.timeouts !== undefined ? await resolve(options.timeouts) : undefined,
      call?.timeouts,
    );
    const maxRetries = call?.maxRetries ?? options.maxRetries ?? 2;
    const headers: Record<string, string> = {
      accept: method === 'POST' ? 'application/json, text/event-stream' : 'application/json',
      ...t.headers,
    };
    if (body !== undefined) headers['content-type'] = typeof body === 'string' ? 'application/json' : body.contentType;
    const payload = typeof body === 'string' || body === undefined ? body : body.bytes;

    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      let phase: TimeoutPhase | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
        phase = 'connect';
        controller.abort();
      }, timeouts.connectMs);
      const started = Date.now();
      const cleanup = (): void => {
        if (timer) clearTimeout(timer);
        timer = undefined;
        signal?.removeEventListener('abort', onAbort);
      };
      let response: Response;
      try {
        response = await fetchFollowingSameOrigin(fetchFn, url, {
          method,
          headers,
          body: payload,
          signal: controller.signal,
        });
      } catch (e) {
        cleanup();
        if (signal?.aborted) throw abortedError();
        if (e instanceof GatewayError) throw e;
        const err =
          phase === 'connect'
            ? new GatewayError('timeout', `no response within ${Math.round(timeouts.connectMs / 1000)} s`, {
                timeoutPhase: 'connect',
                timeoutMs: timeouts.connectMs,
              })
            : new GatewayError('network', errorText(e), { cause: e });
        log?.warn(`${method} ${path} failed after ${Date.now() - started} ms: ${err.message}`);
        if (attempt < maxRetries) {
          const wait = backoffMs(attempt);
          log?.info(`retry ${attempt + 1}/${maxRetries} in ${Math.round(wait)} ms`);
          await sleep(wait, signal);
          continue;
        }
        throw err;
      }
      if (timer) clearTimeout(timer);
      timer = undefined;
      const requestId = requestIdOf(response.headers);
      log?.info(
        `${method} ${path} ${response.status} ${Date.now() - started} ms${requestId ? ` id=${requestId}` : ''}`,
      );
      if (response.status >= 400) {
        const wait = retryAfterMs(response.headers);
        if (
          shouldRetryStatus(response.status) &&
          attempt < maxRetries &&
          (wait === undefined || wait <= MAX_RETRY_AFTER_MS)
        ) {
          await response.body?.cancel().catch(() => undefined);
          cleanup();
          const delay = wait ?? backoffMs(attempt);
          log?.info(`retry ${attempt + 1}/${maxRetries} in ${Math.round(delay)} ms after ${response.status}`);
          await sleep(delay, signal);
          continue;
        }
        try {
          throw await httpError(response, requestId, wait, timeouts, controller, signal);
        } finally {
          cleanup();
        }
      }
      const deadline = new ReadDeadline(timeouts, (which) => {
        phase = which;
        controller.abort();
      });
      return {
        response,
        controller,
        requestId,
        timeouts,
        timedOut: () => phase,
        beforeRead: () => deadline.beforeRead(),
        afterRead: () => deadline.afterRead(),
        done: () => {
          deadline.dispose();
          cleanup();
        },
      };
    }
  }

  async function fetchFollowingSameOrigin(
    fetchFn: FetchLike,
    url: string,
    init: {
      method: string;
      headers: Record<string, string>;
      body?: string | Uint8Array<ArrayBuffer>;
      signal: AbortSignal;
    },
  ): Promise<Response> {
    const origin = new URL(url).origin;
    for (let hop = 0; ; hop++) {
      const res = await fetchFn(url, { ...init, redirect: 'manual' });
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (location === null) return res;
      await res.body?.cancel().catch(() => undefined);
      const next = new URL(location, url);
      // The Authorization header goes to the configured origin only.
      if (next.origin !== origin) {
        throw new GatewayError(
          'network',
          `the gateway redirected to another site (${next.origin}); not followed, so the API key stays private`,
          {
            status: res.status,
          },
        );
      }
      if (hop >= 5) throw new GatewayError('network', 'too many redirects', { status: res.status });
      url = next.href;
    }
  }

  async function httpError(
    response: Response,
    requestId: string | undefined,
    wait: number | undefined,
    timeouts: Timeouts,
    controller: AbortController,
    signal: AbortSignal | undefined,
  ): Promise<GatewayError> {
    let text = '';
    try {
      text = await readText(response, MAX_ERROR_BODY, timeouts.idleMs, controller, false);
    } catch {
      if (signal?.aborted) return abortedError();
    }
    const status = response.status;
    let message = '';
    let code: string | undefined;
    let type: string | undefined;
    let rid = requestId;
    const ct = response.headers.get('content-type') ?? '';
    const trimmed = text.trim();
    if (trimmed.startsWith('{')) {
      try {
        const j = JSON.parse(trimmed) as Record<string, unknown>;
        const e = (j.error && typeof j.error === 'object' ? j.error : j) as Record<string, unknown>;
        const raw =
          typeof e.message === 'string'
            ? e.message
            : typeof j.error === 'string'
              ? j.error
              : typeof j.message === 'string'
                ? j.message
                : '';
        const split = splitRequestId(raw);
        message = split.message;
        rid = rid ?? split.requestId;
        if (e.code !== undefined && e.code !== null) code = String(e.code);
        if (typeof e.type === 'string') type = e.type;
      } catch {
        message = trimmed.slice(0, 200);
      }
    } else if (ct.includes('html') || trimmed.startsWith('<')) {
      message = htmlExcerpt(trimmed);
    } else if (trimmed) {
      const split = splitRequestId(trimmed.slice(0, 300));
      message = split.message;
      rid = rid ?? split.requestId;
    }
    if (!message) message = `HTTP ${status}${response.statusText ? ` ${response.statusText}` : ''}`;
    if (wait !== undefined && wait > MAX_RETRY_AFTER_MS) message += ` (retry after ${Math.ceil(wait / 1000)} s)`;
    log?.debug(`error ${status}: ${message}`);
    return new GatewayError(kindForStatus(status, code ?? type, message), message, {
      status,
      requestId: rid,
      retryAfterMs: wait,
      code,
      type,
    });
  }

  /**
   * Reads a body as UTF-8 up to `max` bytes, with the idle timeout between reads. Beyond `max` it stops
   * reading; `strict` makes that an error rather than a cut (an error body is only ever shown in part).
   */
  async function readText(
    response: Response,
    max: number,
    idleMs: number,
    controller: AbortController,
    strict: boolean,
  ): Promise<string> {
    if (!response.body) return '';
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let out = '';
    let bytes = 0;
    const timer = setTimeout(() => controller.abort(), idleMs);
    try {
      for (;;) {
        const { value, done } = (await reader.read()) as ReadResult;
        if (done) break;
        timer.refresh();
        bytes += value!.byteLength;
        if (bytes > max) {
          await reader.cancel().catch(() => undefined);
          if (strict) throw new BodyTooLarge();
          out += decoder.decode(value, { stream: true });
          break;
        }
        out += decoder.decode(value, { stream: true });
      }
      return out + decoder.decode();
    } finally {
      clearTimeout(timer);
    }
  }

  async function json(
    method: 'GET' | 'POST',
    path: string,
    body: RequestBody | undefined,
    signal: AbortSignal | undefined,
    call?: RequestCall & { maxBytes?: number },
  ): Promise<{ json: unknown; requestId?: string; status: number }> {
    const o = await open(method, path, body, signal, call);
    const status = o.response.status;
    const max = call?.maxBytes ?? MAX_JSON_BODY;
    try {
      let text: string;
      try {
        text = await readText(o.response, max, o.timeouts.idleMs, o.controller, true);
      } catch (e) {
        if (!(e instanceof BodyTooLarge)) throw e;
        throw new GatewayError('protocol', `the answer from ${path} is larger than ${Math.round(max / 1024)} KiB`, {
          status,
          requestId: o.requestId,
        });
      }
      const trimmed = text.trim();
      if (trimmed.startsWith('<'))
        throw new GatewayError('protocol', htmlExcerpt(trimmed), { status, requestId: o.requestId });
      try {
        return { json: JSON.parse(trimmed), requestId: o.requestId, status };
      } catch {
        throw new GatewayError('protocol', `invalid JSON from ${path}: ${trimmed.slice(0, 80)}`, {
          status,
          requestId: o.requestId,
        });
      }
    } catch (e) {
      if (signal?.aborted) throw abortedError();
      if (e instanceof GatewayError) throw e;
      throw new GatewayError('network', errorText(e), { requestId: o.requestId, cause: e });
    } finally {
      o.done();
    }
  }

  return { open, json, target };
}
