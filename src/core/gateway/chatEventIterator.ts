// ChatEventIterator: the events of one chat response, read from its body (SSE, or a JSON or HTML body read whole).
import type { EventSourceMessage } from 'eventsource-parser';
import { DEFAULT_ANSWER_LIMITS, type AnswerLimits } from './answerLimits';
import { ChatAccumulator } from './chatAccumulator';
import { ContentTemplate } from './contentTemplate';
import { GatewayError, htmlExcerpt, kindForStreamError, splitRequestId } from './errors';
import { MAX_ERROR_BODY, MAX_JSON_BODY, type Opened, type ReadResult } from './request';
import { abortedError, errorText } from './retry';
import { SseReader } from './sseReader';
import type { ChatEvent } from './types';

/**
 * The events of one chat response. Hand-written instead of an async generator: events decoded from one
 * read are handed out from a queue with already-settled promises, which costs a fraction of a
 * generator's per-event machinery (see bench/core.bench.ts). Failures are thrown after the events
 * that came before them.
 */
export class ChatEventIterator implements AsyncIterator<ChatEvent> {
  private queue: ChatEvent[] = [];
  private qi = 0;
  private pending: unknown;
  private hasPending = false;
  private finished = false;
  private closed = false;
  private finishedAtDone = false;
  private o: Opened | undefined;
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private acc: ChatAccumulator;
  private readonly template = new ContentTemplate();
  private sse: SseReader;
  private mode: 'sse' | 'sniff' | 'json' | 'html' = 'sniff';
  private prefix = '';

  constructor(
    private readonly openFn: () => Promise<Opened>,
    private readonly signal: AbortSignal | undefined,
    maxEventSize: number,
    private readonly limits: AnswerLimits = DEFAULT_ANSWER_LIMITS,
  ) {
    this.sse = new SseReader(maxEventSize);
    this.acc = new ChatAccumulator(undefined, limits);
  }

  /** The model the gateway named in its answer. */
  get model(): string | undefined {
    return this.acc.model;
  }

  next(): Promise<IteratorResult<ChatEvent>> {
    if (this.signal?.aborted && !this.closed && !this.hasPending) {
      // Stop means stop: events already decoded are not handed out any more.
      this.queue = [];
      this.qi = 0;
      this.pending = abortedError();
      this.hasPending = true;
    }
    if (this.qi < this.queue.length) return Promise.resolve({ value: this.queue[this.qi++], done: false });
    // The steady state of a stream: one read, its events decoded synchronously. Done with two plain
    // callbacks rather than async functions, whose extra promises and ticks per read cost more than the
    // events' own decoding when the gateway writes one event at a time.
    if (this.mode === 'sse' && !this.hasPending && !this.finished && !this.closed) {
      this.resetQueue();
      this.o!.beforeRead();
      return this.reader!.read().then(this.onRead, this.onReadError);
    }
    return this.refill();
  }

  return(): Promise<IteratorResult<ChatEvent>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  private readonly onRead = (r: ReadResult): Promise<IteratorResult<ChatEvent>> | IteratorResult<ChatEvent> => {
    try {
      this.handleRead(r);
    } catch (e) {
      this.pending = e;
      this.hasPending = true;
    }
    if (this.qi < this.queue.length) return { value: this.queue[this.qi++], done: false };
    return this.next();
  };

  private readonly onReadError = (e: unknown): Promise<IteratorResult<ChatEvent>> => {
    try {
      this.handleReadError(e);
    } catch (err) {
      this.pending = err;
      this.hasPending = true;
    }
    return this.refill();
  };

  /** Empties the handed-out queue; a new array is cheaper than setting `length` on every read. */
  private resetQueue(): void {
    if (this.queue.length !== 0) this.queue = [];
    this.qi = 0;
  }

  private async refill(): Promise<IteratorResult<ChatEvent>> {
    for (;;) {
      if (this.qi < this.queue.length) return { value: this.queue[this.qi++], done: false };
      this.resetQueue();
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
      this.acc = new ChatAccumulator(o.requestId, this.limits);
      const ct = (o.response.headers.get('content-type') ?? '').toLowerCase();
      // The first character decides, whatever the content-type says (an event stream never starts with
      // '{' or '<'): gateways answer stream:true with JSON, and proxies label bodies wrongly.
      this.mode = ct.includes('html') ? 'html' : 'sniff';
      this.reader = o.response.body?.getReader();
      if (!this.reader) {
        throw new GatewayError('interrupted', `HTTP ${o.response.status} with no body`, {
          status: o.response.status,
          requestId: o.requestId,
        });
      }
      return;
    }
    if (this.mode === 'json' || this.mode === 'html') return this.readWhole();
    let r: ReadResult;
    this.o.beforeRead();
    try {
      r = (await this.reader!.read()) as ReadResult;
    } catch (e) {
      return this.handleReadError(e);
    }
    this.handleRead(r);
  }

  private handleReadError(e: unknown): void {
    // A reset after the answer was complete loses nothing.
    if (this.acc.finishReason !== undefined && !this.o!.timedOut() && !this.signal?.aborted) return this.endStream();
    throw e;
  }

  /** One read of the body: decoded, parsed into events, applied; synchronous. */
  private handleRead(r: ReadResult): void {
    this.o!.afterRead();
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
      if (event === undefined) {
        const text = this.template.match(data);
        if (text !== undefined) {
          this.acc.contentDelta(text, this.queue);
          continue;
        }
      }
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
      if (event === undefined) this.template.learn(data, obj);
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
        this.finishedAtDone
          ? 'the stream ended ([DONE]) without a finish reason'
          : 'the stream ended without a finish reason',
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
    if (html)
      throw new GatewayError(status >= 500 ? 'server' : 'protocol', htmlExcerpt(text), {
        status,
        requestId: o.requestId,
      });
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      throw new GatewayError('protocol', `the gateway answered with invalid JSON: ${text.slice(0, 80)}`, {
        status,
        requestId: o.requestId,
      });
    }
    this.acc.chunk(obj, this.queue);
    if (!this.acc.end(this.queue)) {
      if (!this.acc.content && !this.acc.reasoning) {
        throw new GatewayError('protocol', `unexpected answer: ${text.slice(0, 120)}`, {
          status,
          requestId: o.requestId,
        });
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
    if (e instanceof GatewayError)
      return e.partialContent === undefined && this.o ? e.withPartial(acc.content, acc.reasoning) : e;
    const o = this.o;
    const phase = o?.timedOut();
    if (o && phase) {
      const ms =
        phase === 'idle' ? o.timeouts.idleMs : phase === 'firstByte' ? o.timeouts.firstByteMs : o.timeouts.connectMs;
      return new GatewayError(
        'timeout',
        phase === 'idle'
          ? `no data for ${Math.round(ms / 1000)} s`
          : `no answer data within ${Math.round(ms / 1000)} s`,
        {
          timeoutPhase: phase,
          timeoutMs: ms,
          requestId: o.requestId,
          partialContent: acc.content,
          partialReasoning: acc.reasoning,
        },
      );
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
