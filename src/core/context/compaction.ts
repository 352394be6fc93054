// Fitting a conversation's request into its model's window: old tool results shortened to a stub first, then the
// oldest turns summarized into one note. Requests change; the conversation's messages never do.
import type { ChatMessage, ChatRequest } from '../gateway';
import type { TurnMessage } from './turnMessage';

/** The share of the window a request may fill before it is compacted (the rest is room for the answer). */
const COMPACT_AT = 0.9;
/** Characters of a shortened tool result kept before its stub. */
const KEPT_HEAD = 300;
/** Share of the budget the newest turns may keep verbatim when older ones are summarized. */
const KEEP_SHARE = 0.5;
/** Share of the budget kept when the user asks to compact now. */
const KEEP_SHARE_NOW = 0.25;

/** Earlier messages summarized for requests, kept as the conversation's metadata (its messages stay whole). */
export interface Compaction {
  summary: string;
  /** The last message the summary covers; the request goes on verbatim from the next one. */
  throughId: string;
  /** How many messages it covers. */
  messageCount: number;
  model: string;
  createdAt: number;
}

/** A tool result as a request carries it once shortened: the head, then what was left out and how long it was. */
export function toolResultStub(name: string, result: string): string {
  const head = result.slice(0, KEPT_HEAD);
  return (
    `${head}${head ? '\n' : ''}[The rest of this ${name} result was left out to fit the context window: ` +
    `${result.length - head.length} of ${result.length} characters.]`
  );
}

/** The index just after the summarized part (0 without a summary, or when its message is gone). */
export function summaryEnd(messages: readonly TurnMessage[], c: Compaction | undefined): number {
  if (!c) return 0;
  const i = messages.findIndex((m) => m.id === c.throughId);
  return i < 0 ? 0 : i + 1;
}

/** The system message that stands for the summarized messages. */
export function summaryMessage(c: Compaction): ChatMessage {
  return {
    role: 'system',
    content:
      `Summary of the ${c.messageCount} earlier messages of this conversation (left out to fit the context ` +
      `window):\n\n${c.summary}`,
  };
}

/**
 * The ids of tool calls whose results may be shortened, oldest first: every call before the newest answer's round
 * (the model needs the results it has just asked for).
 */
export function shortenableCalls(messages: readonly TurnMessage[], from: number, end: number): string[] {
  let lastRound = -1;
  for (let i = end - 1; i >= from; i--) {
    if (messages[i]!.toolCalls?.length) {
      lastRound = i;
      break;
    }
    if (messages[i]!.role === 'user') break;
  }
  const ids: string[] = [];
  for (let i = from; i < end; i++) {
    if (i === lastRound) continue;
    for (const c of messages[i]!.toolCalls ?? []) if ((c.result ?? '').length > KEPT_HEAD) ids.push(c.id);
  }
  return ids;
}

/** The request's messages with these tool results replaced by their stubs. */
export function withShortenedResults(
  messages: readonly ChatMessage[],
  calls: ReadonlySet<string>,
  names: ReadonlyMap<string, string>,
): ChatMessage[] {
  if (calls.size === 0) return messages as ChatMessage[];
  return messages.map((m) =>
    m.role === 'tool' && calls.has(m.tool_call_id)
      ? { ...m, content: toolResultStub(names.get(m.tool_call_id) ?? 'tool', m.content) }
      : m,
  );
}

/**
 * Where the verbatim part starts once older messages are summarized: the oldest user message from which the newest
 * turns fit in their share of the budget, never after the newest user message (it is always kept). Undefined when
 * nothing new could be summarized.
 */
export function summaryCut(
  messages: readonly TurnMessage[],
  from: number,
  end: number,
  tokensOf: (i: number) => number,
  keepBudget: number,
): number | undefined {
  let newestUser = -1;
  for (let i = end - 1; i >= from; i--) {
    if (messages[i]!.role === 'user') {
      newestUser = i;
      break;
    }
  }
  if (newestUser <= from) return undefined;
  let kept = 0;
  for (let i = end - 1; i >= newestUser; i--) kept += tokensOf(i);
  let cut = newestUser;
  for (let i = newestUser - 1; i > from; i--) {
    kept += tokensOf(i);
    if (kept > keepBudget) break;
    if (messages[i]!.role === 'user') cut = i;
  }
  return cut;
}

/** The budget share the newest turns may keep verbatim. */
export function keepBudget(budget: number, now: boolean): number {
  return Math.floor(budget * (now ? KEEP_SHARE_NOW : KEEP_SHARE));
}

/** The tokens a request may use in a window: COMPACT_AT of it, less what the request reserves for the answer. */
export function requestBudget(window: number, request: Pick<ChatRequest, 'max_tokens' | 'extra'>): number {
  const reserved =
    request.max_tokens ?? numberOr(request.extra?.max_tokens) ?? numberOr(request.extra?.max_completion_tokens);
  const budget = Math.floor(window * COMPACT_AT);
  return reserved && reserved < window / 2 ? Math.min(budget, window - reserved) : budget;
}

function numberOr(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}
