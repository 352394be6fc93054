// Pieces of the chat session that need none of its state: timers, the streaming answer's record and its events,
// stale repairs, and how a veo answer's saved videos are recorded.
import type { ChatEvent, Translate } from '../gateway';
import { storedCalls } from '../tools';
import { toUsage } from './chatSessionFailure';
import { addChoiceText, type PendingChoices } from './answerChoices';
import { markStaleStreams, type Conversation } from './conversation';
import type { HistoryStore } from './historyStore';
import {
  chatSessionMessages as M,
  type ChatAnswerVideos,
  type SessionMessage,
  type SessionTimers,
} from './chatSessionTypes';
export { requestParameters } from './chatRequestParameters';
export { recordChoices, type PendingChoices } from './answerChoices';

export const globalTimers: SessionTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
};

export interface ActiveStream {
  requestId: string;
  message: SessionMessage;
  abort: AbortController;
  pendingContent: string;
  pendingReasoning: string;
  flushTimer: unknown;
  checkpointTimer: unknown;
  dirty: boolean;
  started: number;
  /** Characters of text and reasoning so far (for the size cap). */
  size: number;
  /** The answer passed the size cap and its request was closed. */
  capped: boolean;
  /** Settles when the stream's loop has ended (for callers that wait for the answer). */
  done: Promise<void>;
}

/**
 * One streamed event into the answer: text and reasoning up to the cap (past it the request is closed), usage, the tool
 * calls (only when tools were offered) and the other choices of an `n` > 1 answer.
 */
export function applyEvent(
  active: ActiveStream,
  ev: ChatEvent,
  maxChars: number,
  choices: PendingChoices,
  toolsOffered: boolean,
): void {
  const assistant = active.message;
  if (ev.type === 'content' || ev.type === 'reasoning') {
    // Past the cap the rest is dropped and the request closed; what fits is kept.
    const text = ev.text.slice(0, Math.max(0, maxChars - active.size));
    active.size += text.length;
    if (ev.type === 'content') {
      assistant.text += text;
      active.pendingContent += text;
    } else {
      assistant.reasoning = (assistant.reasoning ?? '') + text;
      active.pendingReasoning += text;
    }
    if (text.length < ev.text.length) {
      active.capped = true;
      active.abort.abort();
    }
  } else if (ev.type === 'usage') {
    assistant.usage = toUsage(ev.usage);
  } else if (ev.type === 'toolCalls' && toolsOffered) {
    assistant.toolCalls = storedCalls(ev.calls);
  } else if (ev.type === 'choice') {
    addChoiceText(choices, ev, maxChars);
  }
}

/**
 * Repairs what a reload cut short: a streaming answer keeps its saved text, marked interrupted with Retry; videos still
 * "saving" that no save of this window works on are marked failed (the gallery resumes them). True when anything changed.
 */
export function repairStale(conv: Conversation, savingHere: ReadonlyMap<string, string>, t: Translate): boolean {
  let changed = false;
  if (markStaleStreams(conv)) {
    for (const m of conv.messages) {
      if (m.status === 'interrupted' && !m.error) m.error = { message: '', actions: ['retry'] };
    }
    changed = true;
  }
  for (const m of conv.messages as SessionMessage[]) {
    if (m.video?.state === 'saving' && !savingHere.has(m.id)) {
      m.video.state = 'failed';
      m.error = { message: t(M.videoInterrupted), actions: ['showLog'] };
      changed = true;
    }
  }
  return changed;
}

/** Records the outcome of saving a veo answer's videos in its message: the files, or why there are none. */
export function applySavedVideos(
  m: SessionMessage,
  result: ChatAnswerVideos | undefined,
  t: Translate,
  redact: (text: string) => string,
): void {
  const files = result?.files ?? [];
  m.video = { state: files.length > 0 ? 'done' : 'failed', files };
  if (files.length > 0) return;
  if (result?.state === 'cancelled') {
    m.error = { message: t(M.videoCancelled), actions: ['retry'] };
    return;
  }
  const reason = result?.error ?? (result ? t(M.videoNoLink) : t(M.unexpected, 'saveChatAnswer'));
  m.error = { message: redact(t(M.videoFailed, reason)), actions: ['retry', 'showLog'] };
}

/** The user moved to another conversation meanwhile: the message's record is updated on disk. */
export async function updateOnDisk(
  store: HistoryStore,
  convId: string,
  messageId: string,
  apply: (m: SessionMessage) => void,
): Promise<void> {
  const r = await store.load(convId);
  if (r.kind !== 'ok' || r.readOnly) return;
  const m = r.conversation.messages.find((x) => x.id === messageId);
  if (!m) return;
  apply(m);
  await store.save(r.conversation);
}
