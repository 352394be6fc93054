// The streaming answer: its request id and abort, the events that fill it, coalesced deltas, checkpoints and the cap.
import { DEFAULT_ANSWER_LIMITS, type ChatEvent, type Logger, type Translate } from '../gateway';
import { storedCalls } from '../tools';
import { toUsage } from './answerFailure';
import { addChoiceText, type PendingChoices } from './answerChoices';
import {
  chatSessionMessages as M,
  type ChatSessionEvent,
  type SessionMessage,
  type SessionTimers,
} from './chatSessionTypes';

/** How often coalesced deltas go to the listener. */
const COALESCE_MS = 16;
/** How often a streaming answer is written to disk (a crash loses at most this much text; a clean stop nothing). */
const CHECKPOINT_MS = 1000;
/**
 * Most characters one answer may hold (text and reasoning): a hostile gateway cannot fill memory and disk. The client
 * stops a stream past the same size (counting tool calls too); here the answer is cut and what it had is kept.
 */
const MAX_ANSWER_CHARS = DEFAULT_ANSWER_LIMITS.maxAnswerChars;

export const globalTimers: SessionTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export interface StreamingAnswerOptions {
  requestId: string;
  message: SessionMessage;
  started: number;
  timers: SessionTimers;
  listener: (event: ChatSessionEvent) => void;
  /** Called from the checkpoint timer when text arrived since the last write. */
  checkpoint: () => void;
  coalesceMs?: number | undefined;
  checkpointMs?: number | undefined;
  maxChars?: number | undefined;
}

/** The empty answer a request streams into: it names the model and the profile (gateway) it is asked from. */
export function newAnswerMessage(
  id: string,
  conv: { model: string; profile?: string },
  requestId: string,
  createdAt: number,
): SessionMessage {
  return {
    id,
    role: 'assistant',
    text: '',
    status: 'streaming',
    model: conv.model,
    ...(conv.profile ? { profile: conv.profile } : {}),
    requestId,
    createdAt,
  };
}

/** One answer while it streams; the session holds the one that is streaming (at most one). */
export class StreamingAnswer {
  readonly requestId: string;
  readonly message: SessionMessage;
  readonly abort = new AbortController();
  readonly started: number;
  readonly maxChars: number;
  /** Settles when the answer's loop has ended (for callers that wait for it). */
  readonly done: Promise<void>;
  /** The answer passed the size cap and its request was closed. */
  capped = false;
  private pendingContent = '';
  private pendingReasoning = '';
  private flushTimer: unknown;
  private readonly checkpointTimer: unknown;
  private dirty = false;
  /** Characters of text and reasoning so far (for the size cap). */
  private size = 0;
  private settleDone!: () => void;

  constructor(private readonly o: StreamingAnswerOptions) {
    this.requestId = o.requestId;
    this.message = o.message;
    this.started = o.started;
    this.maxChars = o.maxChars ?? MAX_ANSWER_CHARS;
    this.done = new Promise<void>((resolve) => (this.settleDone = resolve));
    this.checkpointTimer = o.timers.setInterval(() => {
      if (!this.dirty) return;
      this.dirty = false;
      o.checkpoint();
    }, o.checkpointMs ?? CHECKPOINT_MS);
  }

  /**
   * One streamed event into the answer: text and reasoning up to the cap (past it the request is closed), usage, the
   * tool calls (only when tools were offered) and the other choices of an `n` > 1 answer. Deltas are coalesced.
   */
  apply(ev: ChatEvent, choices: PendingChoices, toolsOffered: boolean): void {
    const assistant = this.message;
    if (ev.type === 'content' || ev.type === 'reasoning') {
      // Past the cap the rest is dropped and the request closed; what fits is kept.
      const text = ev.text.slice(0, Math.max(0, this.maxChars - this.size));
      this.size += text.length;
      if (ev.type === 'content') {
        assistant.text += text;
        this.pendingContent += text;
      } else {
        assistant.reasoning = (assistant.reasoning ?? '') + text;
        this.pendingReasoning += text;
      }
      if (text.length < ev.text.length) {
        this.capped = true;
        this.abort.abort();
      }
    } else if (ev.type === 'usage') {
      assistant.usage = toUsage(ev.usage);
    } else if (ev.type === 'toolCalls' && toolsOffered) {
      assistant.toolCalls = storedCalls(ev.calls);
    } else if (ev.type === 'choice') {
      addChoiceText(choices, ev, this.maxChars);
    }
    this.dirty = true;
    if (this.flushTimer === undefined && (this.pendingContent || this.pendingReasoning)) {
      this.flushTimer = this.o.timers.setTimeout(() => this.flush(), this.o.coalesceMs ?? COALESCE_MS);
    }
  }

  /** Sends the deltas not yet forwarded to the listener. */
  flush(): void {
    if (this.flushTimer !== undefined) this.o.timers.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pendingContent && !this.pendingReasoning) return;
    const event = {
      type: 'appended' as const,
      requestId: this.requestId,
      messageId: this.message.id,
      content: this.pendingContent,
      reasoning: this.pendingReasoning,
    };
    this.pendingContent = '';
    this.pendingReasoning = '';
    this.o.listener(event);
  }

  /** Drops deltas not yet forwarded: a replay carries them in the message text already. */
  dropPending(): void {
    this.pendingContent = '';
    this.pendingReasoning = '';
  }

  /** A checkpoint is being written now: nothing is pending for the timer. */
  markWritten(): void {
    this.dirty = false;
  }

  /** The answer passed the size cap: it keeps its text so far, marked interrupted with one sentence saying why. */
  recordCut(t: Translate, log: Logger): void {
    log.warn(`request ${this.requestId}: the answer passed ${this.maxChars} characters and was cut`);
    this.message.status = 'interrupted';
    this.message.error = { message: t(M.tooLong, Math.round(this.maxChars / (1024 * 1024))), actions: ['showLog'] };
  }

  /** The answer ends: what is pending goes out, its duration is recorded, and `finished` is told. */
  finish(now: number): void {
    this.flush();
    this.o.timers.clearInterval(this.checkpointTimer);
    this.message.durationMs = now - this.started;
    this.o.listener({ type: 'finished', requestId: this.requestId, message: this.message });
  }

  /** Stops the timers without telling anyone (a shutdown writes the answer as it stands). */
  halt(): void {
    this.o.timers.clearInterval(this.checkpointTimer);
    if (this.flushTimer !== undefined) this.o.timers.clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  /** The answer's loop has ended. */
  settle(): void {
    this.settleDone();
  }
}
