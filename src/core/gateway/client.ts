// createGatewayClient: HTTP to an OpenAI-compatible gateway — retries, timeouts, cancellation, streaming.
import { ChatAccumulator } from './chatAccumulator';
import { buildCompletionsBody, type CompletionsRequest } from './completionsRequest';
import { GatewayError, htmlExcerpt, kindForStatus, kindForStreamError, splitRequestId, type TimeoutPhase } from './errors';
import type { EventSourceMessage } from 'eventsource-parser';
import { SseReader } from './sseReader';
import type {
  Balance,
  ChatCompletion,
  ChatEvent,
  ChatRequest,
  FetchLike,
  GatewayClient,
  GatewayClientOptions,
  ModelInfo,
  StreamOptions,
  Timeouts,
  ValueOrGetter,
} from './types';

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 60_000, firstByteMs: 300_000, idleMs: 120_000 };
/** Largest single SSE event accepted (characters); bigger ones are refused without buffering further. */
export const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;
/** Error and JSON bodies are read up to this many bytes. */
const MAX_JSON_BODY = 64 * 1024 * 1024;
const MAX_ERROR_BODY = 256 * 1024;
const MAX_RETRY_AFTER_MS = 60_000;
const NUMERIC_FIELDS = ['temperature', 'top_p', 'max_tokens', 'n', 'presence_penalty', 'frequency_penalty'] as const;

async function resolve<T>(v: ValueOrGetter<T>): Promise<T> {
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
function mergeTimeouts(...layers: (Partial<Timeouts> | undefined)[]): Timeouts {
  const t: Timeouts = { ...DEFAULT_TIMEOUTS };
  for (const layer of layers) {
    for (const k of ['connectMs', 'firstByteMs', 'idleMs'] as const) {
      const v = layer?.[k];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) t[k] = v;
    }
  }
  return t;
}

function shouldRetryStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function backoffMs(retryIndex: number): number {
  return Math.min(0.5 * 2 ** retryIndex, 8) * (1 - Math.random() * 0.25) * 1000;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
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

function abortedError(): GatewayError {
  return new GatewayError('aborted', 'the request was stopped');
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const c = cause instanceof Error ? `: ${(cause as { code?: string }).code ?? cause.message}` : '';
    return `${e.message}${c}`;
  }
  return String(e);
}

/** The body of a JSON request for /chat/completions: unset options are left out; numbers stay numbers. */
export function buildChatBody(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(req.extra ?? {}) };
  body.model = req.model;
  body.messages = req.messages;
  body.stream = stream;
  if (stream) body.stream_options = { include_usage: true };
  for (const k of NUMERIC_FIELDS) {
    const v = req[k] as unknown;
    if (v === undefined || v === null || v === '') continue;
    const n = typeof v === 'number' ? v : Number(v);
    if (Number.isFinite(n)) body[k] = n;
  }
  for (const k of ['stop', 'tools', 'tool_choice', 'user'] as const) {
    if (req[k] !== undefined && req[k] !== null) body[k] = req[k];
  }
  return body;
}

export interface Opened {
  response: Response;
  controller: AbortController;
  requestId?: string;
  timeouts: Timeouts;
  /** Set when one of our timers aborted the request. */
  timedOut(): TimeoutPhase | undefined;
  /** Arms the first-byte (then idle) timer for one body read. */
  beforeRead(): void;
  /** Disarms it once the read returned. */
  afterRead(): void;
  done(): void;
}

interface ReadResult {
  value?: Uint8Array;
  done: boolean;
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const log = options.logger;
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;

  async function open(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    signal: AbortSignal | undefined,
    call: StreamOptions | undefined,
  ): Promise<Opened> {
    if (signal?.aborted) throw abortedError();
    const baseUrl = (await resolve(options.baseUrl)).trim().replace(/\/+$/, '');
    const apiKey = await resolve(options.apiKey);
    const extraHeaders = (options.headers !== undefined ? await resolve(options.headers) : undefined) ?? {};
    const fetchFn = await resolveFetch(options.fetch);
    const timeouts = mergeTimeouts(options.timeouts !== undefined ? await resolve(options.timeouts) : undefined, call?.timeouts);
    const maxRetries = call?.maxRetries ?? options.maxRetries ?? 2;
    let url: string;
    try {
      url = new URL(baseUrl + path).href;
    } catch {
      throw new GatewayError('badRequest', `invalid base URL "${baseUrl}"`);
    }
    const headers: Record<string, string> = { accept: method === 'POST' ? 'application/json, text/event-stream' : 'application/json' };
    for (const [k, v] of Object.entries(extraHeaders)) {
      // Custom headers may add to a request, never replace the credentials.
      if (k.toLowerCase() !== 'authorization' && typeof v === 'string') headers[k] = v;
    }
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;

    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      let phase: TimeoutPhase | undefined;
      let timer: NodeJS.Timeout | undefined = setTimeout(() => {
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
        response = await fetchFollowingSameOrigin(fetchFn, url, { method, headers, body, signal: controller.signal });
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
        log?.warn(`[http] ${method} ${path} failed after ${Date.now() - started} ms: ${err.message}`);
        if (attempt < maxRetries) {
          const wait = backoffMs(attempt);
          log?.info(`[http] retry ${attempt + 1}/${maxRetries} in ${Math.round(wait)} ms`);
          await sleep(wait, signal);
          continue;
        }
        throw err;
      }
      if (timer) clearTimeout(timer);
      timer = undefined;
      const requestId = requestIdOf(response.headers);
      log?.info(`[http] ${method} ${path} ${response.status} ${Date.now() - started} ms${requestId ? ` id=${requestId}` : ''}`);
      if (response.status >= 400) {
        const wait = retryAfterMs(response.headers);
        if (shouldRetryStatus(response.status) && attempt < maxRetries && (wait === undefined || wait <= MAX_RETRY_AFTER_MS)) {
          await response.body?.cancel().catch(() => undefined);
          cleanup();
          const delay = wait ?? backoffMs(attempt);
          log?.info(`[http] retry ${attempt + 1}/${maxRetries} in ${Math.round(delay)} ms after ${response.status}`);
          await sleep(delay, signal);
          continue;
        }
        try {
          throw await httpError(response, requestId, wait, timeouts, controller, signal);
        } finally {
          cleanup();
        }
      }
      const opened: Opened = {
        response,
        controller,
        requestId,
        timeouts,
        timedOut: () => phase,
        beforeRead: () => {
          // Only while a read is pending: a consumer that is slow to ask for events is not a stalled gateway.
          const which: TimeoutPhase = gotByte ? 'idle' : 'firstByte';
          const ms = gotByte ? timeouts.idleMs : timeouts.firstByteMs;
          timer = setTimeout(() => {
            phase = which;
            controller.abort();
          }, ms);
        },
        afterRead: () => {
          gotByte = true;
          if (timer) clearTimeout(timer);
          timer = undefined;
        },
        done: cleanup,
      };
      let gotByte = false;
      return opened;
    }
  }

  async function fetchFollowingSameOrigin(
    fetchFn: FetchLike,
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
  ): Promise<Response> {
    const origin = new URL(url).origin;
    for (let hop = 0; ; hop++) {
      const res = await fetchFn(url, { ...init, redirect: 'manual' });
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (location === null) return res;
      await res.body?.cancel().catch(() => undefined);
      const target = new URL(location, url);
      // The Authorization header goes to the configured origin only.
      if (target.origin !== origin) {
        throw new GatewayError('network', `the gateway redirected to another site (${target.origin}); not followed, so the API key stays private`, {
          status: res.status,
        });
      }
      if (hop >= 5) throw new GatewayError('network', 'too many redirects', { status: res.status });
      url = target.href;
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
      text = await readText(response, MAX_ERROR_BODY, timeouts.idleMs, controller);
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
        const raw = typeof e.message === 'string' ? e.message : typeof j.error === 'string' ? j.error : typeof j.message === 'string' ? j.message : '';
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
    log?.debug(`[http] error ${status}: ${message}`);
    return new GatewayError(kindForStatus(status, code ?? type, message), message, {
      status,
      requestId: rid,
      retryAfterMs: wait,
      code,
      type,
    });
  }

  /** Reads a body as UTF-8 up to `max` bytes, with the idle timeout between reads. */
  async function readText(response: Response, max: number, idleMs: number, controller: AbortController): Promise<string> {
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
        out += decoder.decode(value, { stream: true });
        if (bytes > max) {
          await reader.cancel().catch(() => undefined);
          break;
        }
      }
      return out + decoder.decode();
    } finally {
      clearTimeout(timer);
    }
  }

  async function getJson(path: string, signal: AbortSignal | undefined): Promise<{ json: unknown; requestId?: string }> {
    const o = await open('GET', path, undefined, signal, undefined);
    try {
      const text = await readText(o.response, MAX_JSON_BODY, o.timeouts.idleMs, o.controller);
      const trimmed = text.trim();
      if (trimmed.startsWith('<')) throw new GatewayError('protocol', htmlExcerpt(trimmed), { status: o.response.status, requestId: o.requestId });
      try {
        return { json: JSON.parse(trimmed), requestId: o.requestId };
      } catch {
        throw new GatewayError('protocol', `invalid JSON from ${path}: ${trimmed.slice(0, 80)}`, { status: o.response.status, requestId: o.requestId });
      }
    } catch (e) {
      if (signal?.aborted) throw abortedError();
      if (e instanceof GatewayError) throw e;
      throw new GatewayError('network', errorText(e), { requestId: o.requestId, cause: e });
    } finally {
      o.done();
    }
  }

  const client: GatewayClient = {
    streamChat(request: ChatRequest, signal?: AbortSignal, call?: StreamOptions): AsyncIterable<ChatEvent> {
      const body = JSON.stringify(buildChatBody(request, true));
      return {
        [Symbol.asyncIterator]: () => new ChatEventIterator(() => open('POST', '/chat/completions', body, signal, call), signal, maxEventSize),
      };
    },

    streamCompletions(request: CompletionsRequest, signal?: AbortSignal, call?: StreamOptions): AsyncIterable<ChatEvent> {
      const body = JSON.stringify(buildCompletionsBody(request));
      return {
        [Symbol.asyncIterator]: () => new ChatEventIterator(() => open('POST', '/completions', body, signal, call), signal, maxEventSize),
      };
    },

    async complete(request: ChatRequest, signal?: AbortSignal, call?: StreamOptions): Promise<ChatCompletion> {
      const o = await open('POST', '/chat/completions', JSON.stringify(buildChatBody(request, false)), signal, call);
      const result: ChatCompletion = { content: '', reasoning: '', toolCalls: [], requestId: o.requestId };
      const it = new ChatEventIterator(() => Promise.resolve(o), signal, maxEventSize);
      for await (const e of { [Symbol.asyncIterator]: () => it }) {
        if (e.type === 'content') result.content += e.text;
        else if (e.type === 'reasoning') result.reasoning += e.text;
        else if (e.type === 'toolCalls') result.toolCalls.push(...e.calls);
        else if (e.type === 'usage') result.usage = e.usage;
        else result.finishReason = e.reason;
      }
      if (it.model) result.model = it.model;
      return result;
    },

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const { json, requestId } = await getJson('/models', signal);
      const data = Array.isArray(json) ? json : (json as { data?: unknown } | null)?.data;
      if (!Array.isArray(data)) {
        const err = (json as { error?: { message?: string } } | null)?.error;
        if (err) throw new GatewayError(kindForStreamError(), String(err.message ?? 'error'), { requestId });
        throw new GatewayError('protocol', 'the model list has no "data" array', { requestId });
      }
      const models: ModelInfo[] = [];
      for (const m of data) {
        const id = typeof m === 'string' ? m : (m as { id?: unknown })?.id;
        if (typeof id !== 'string' || !id) continue;
        const r = (typeof m === 'object' ? m : {}) as Record<string, unknown>;
        const info: ModelInfo = { id };
        if (typeof r.owned_by === 'string') info.ownedBy = r.owned_by;
        if (typeof r.created === 'number') info.created = r.created;
        if (Array.isArray(r.supported_endpoint_types)) info.endpointTypes = r.supported_endpoint_types.filter((x): x is string => typeof x === 'string');
        models.push(info);
      }
      return models;
    },

    async getBalance(signal?: AbortSignal): Promise<Balance | undefined> {
      const get = async (path: string): Promise<Record<string, unknown> | undefined> => {
        try {
          const { json } = await getJson(path, signal);
          if (!json || typeof json !== 'object' || 'error' in json) return undefined;
          return json as Record<string, unknown>;
        } catch (e) {
          if (e instanceof GatewayError && e.kind === 'notFound') return undefined;
          throw e;
        }
      };
      const [sub, usage] = await Promise.all([get('/dashboard/billing/subscription'), get('/dashboard/billing/usage')]);
      if (!sub || !usage) return undefined;
      const limit = Number(sub.hard_limit_usd);
      const usedCents = Number(usage.total_usage);
      if (!Number.isFinite(usedCents)) return undefined;
      const usedUsd = usedCents / 100;
      // new-api reports an unlimited token as 100000000 USD.
      if (!Number.isFinite(limit) || limit >= 100_000_000) return { usedUsd };
      return { limitUsd: limit, usedUsd, remainingUsd: limit - usedUsd };
    },
  };
  return client;
}

/**
 * The events of one chat response. Hand-written instead of an async generator: events decoded from one
 * read are handed out from a queue with already-settled promises, which costs a fraction of a
 * generator's per-event machinery (see bench/core.bench.ts). Failures are thrown after the events
 * that came before them.
 */
class ChatEventIterator implements AsyncIterator<ChatEvent> {
  private queue: ChatEvent[] = [];
  private qi = 0;
  private pending: unknown;
  private hasPending = false;
  private finished = false;
  private closed = false;
  private finishedAtDone = false;
  private o: Opened | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private acc = new ChatAccumulator();
  private sse: SseReader;
  private mode: 'sse' | 'sniff' | 'json' | 'html' = 'sniff';
  private prefix = '';

  constructor(
    private readonly openFn: () => Promise<Opened>,
    private readonly signal: AbortSignal | undefined,
    maxEventSize: number,
  ) {
    this.sse = new SseReader(maxEventSize);
  }

  /** The model the gateway named in its answer. */
  get model(): string | undefined {
    return this.acc.model;
  }

  next(): Promise<IteratorResult<ChatEvent>> {
    if (this.signal?.aborted && !this.closed && !this.hasPending) {
      // Stop means stop: events already decoded are not handed out any more.
      this.queue.length = 0;
      this.qi = 0;
      this.pending = abortedError();
      this.hasPending = true;
    }
    if (this.qi < this.queue.length) return Promise.resolve({ value: this.queue[this.qi++], done: false });
    return this.refill();
  }

  return(): Promise<IteratorResult<ChatEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  private async refill(): Promise<IteratorResult<ChatEvent>> {
    for (;;) {
      if (this.qi < this.queue.length) return { value: this.queue[this.qi++], done: false };
      this.queue.length = 0;
      this.qi = 0;
      if (this.hasPending) {
        const err = this.fail(this.pending);
        this.hasPending = false;
        this.finished = true;
        this.close();
        throw err;
      }
      if (this.finished) {
        this.close();
        return { value: undefined, done: true };
      }
      try {
        await this.step();
      } catch (e) {
        this.pending = e;
        this.hasPending = true;
      }
    }
  }

  private async step(): Promise<void> {
    if (!this.o) {
      const o = await this.openFn();
      this.o = o;
      this.acc = new ChatAccumulator(o.requestId);
      const ct = (o.response.headers.get('content-type') ?? '').toLowerCase();
      // The first character decides, whatever the content-type says (an event stream never starts with
      // '{' or '<'): gateways answer stream:true with JSON, and proxies label bodies wrongly.
      this.mode = ct.includes('html') ? 'html' : 'sniff';
      this.reader = o.response.body?.getReader();
      if (!this.reader) {
        throw new GatewayError('interrupted', `HTTP ${o.response.status} with no body`, { status: o.response.status, requestId: o.requestId });
      }
      return;
    }
    if (this.mode === 'json' || this.mode === 'html') return this.readWhole();
    const o = this.o;
    let r: ReadResult;
    o.beforeRead();
    try {
      r = (await this.reader!.read()) as ReadResult;
    } catch (e) {
      // A reset after the answer was complete loses nothing.
      if (this.acc.finishReason !== undefined && !o.timedOut() && !this.signal?.aborted) return this.endStream();
      throw e;
    }
    o.afterRead();
    if (r.done) return this.endStream();
    const text = this.sse.decode(r.value!);
    if (this.mode === 'sniff') {
      const head = text.trimStart().charAt(0);
      if (head) {
        // An HTML page or a JSON body is read whole.
        if (head === '<' || head === '{') {
          this.mode = head === '<' ? 'html' : 'json';
          this.prefix = text;
          return;
        }
        this.mode = 'sse';
      }
    }
    const events = this.sse.feed(text);
    if (events.length && this.apply(events)) {
      this.finishedAtDone = true;
      this.endStream();
    }
  }

  /** Applies events in order; true at [DONE] (whatever follows it is ignored). */
  private apply(events: EventSourceMessage[]): boolean {
    const requestId = this.o?.requestId;
    for (let i = 0; i < events.length; i++) {
      const { data, event } = events[i];
      if (data === '[DONE]' || (data.length < 16 && data.trim() === '[DONE]')) return true;
      if (data.trim() === '') continue;
      let obj: unknown;
      try {
        obj = JSON.parse(data);
      } catch {
        if (event === 'error') {
          const split = splitRequestId(data.slice(0, 300));
          throw new GatewayError(kindForStreamError(), split.message, { requestId: split.requestId ?? requestId });
        }
        throw new GatewayError('protocol', `malformed JSON in the stream: ${data.slice(0, 80)}`, { requestId });
      }
      this.acc.chunk(obj, this.queue, event);
    }
    return false;
  }

  private endStream(): void {
    this.finished = true;
    if (!this.finishedAtDone) {
      const events = this.sse.end();
      if (events.length && this.apply(events)) this.finishedAtDone = true;
    }
    if (!this.acc.end(this.queue)) {
      throw new GatewayError(
        'interrupted',
        this.finishedAtDone ? 'the stream ended ([DONE]) without a finish reason' : 'the stream ended without a finish reason',
        { requestId: this.o?.requestId, partialContent: this.acc.content, partialReasoning: this.acc.reasoning },
      );
    }
  }

  private async readWhole(): Promise<void> {
    const o = this.o!;
    const html = this.mode === 'html';
    const decoder = new TextDecoder();
    let text = this.prefix;
    let bytes = 0;
    const max = html ? MAX_ERROR_BODY : MAX_JSON_BODY;
    for (;;) {
      o.beforeRead();
      const r = (await this.reader!.read()) as ReadResult;
      o.afterRead();
      if (r.done) break;
      bytes += r.value!.byteLength;
      text += decoder.decode(r.value, { stream: true });
      if (bytes > max) break;
    }
    text += decoder.decode();
    this.finished = true;
    const status = o.response.status;
    if (html) throw new GatewayError(status >= 500 ? 'server' : 'protocol', htmlExcerpt(text), { status, requestId: o.requestId });
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new GatewayError('protocol', `the gateway answered with invalid JSON: ${text.slice(0, 80)}`, { status, requestId: o.requestId });
    }
    this.acc.chunk(obj, this.queue);
    if (!this.acc.end(this.queue)) {
      if (!this.acc.content && !this.acc.reasoning) {
        throw new GatewayError('protocol', `unexpected answer: ${text.slice(0, 120)}`, { status, requestId: o.requestId });
      }
      throw new GatewayError('interrupted', 'the answer has no finish reason', {
        status,
        requestId: o.requestId,
        partialContent: this.acc.content,
        partialReasoning: this.acc.reasoning,
      });
    }
  }

  private fail(e: unknown): GatewayError {
    const acc = this.acc;
    if (e instanceof GatewayError) return e.partialContent === undefined && this.o ? e.withPartial(acc.content, acc.reasoning) : e;
    const o = this.o;
    const phase = o?.timedOut();
    if (o && phase) {
      const ms = phase === 'idle' ? o.timeouts.idleMs : phase === 'firstByte' ? o.timeouts.firstByteMs : o.timeouts.connectMs;
      return new GatewayError('timeout', phase === 'idle' ? `no data for ${Math.round(ms / 1000)} s` : `no answer data within ${Math.round(ms / 1000)} s`, {
        timeoutPhase: phase,
        timeoutMs: ms,
        requestId: o.requestId,
        partialContent: acc.content,
        partialReasoning: acc.reasoning,
      });
    }
    if (this.signal?.aborted) return abortedError().withPartial(acc.content, acc.reasoning);
    return new GatewayError('interrupted', `connection lost: ${errorText(e)}`, {
      requestId: o?.requestId,
      cause: e,
      partialContent: acc.content,
      partialReasoning: acc.reasoning,
    });
  }

  /** At [DONE], on errors and when the consumer stops: close the connection ourselves (a server may hold it open). */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.o?.done();
    if (this.reader) {
      this.reader.cancel().catch(() => undefined);
      this.o!.controller.abort();
    }
  }
}
