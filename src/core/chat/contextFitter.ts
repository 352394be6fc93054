// Fits each request into its model's window: counts it (the last usage report plus what is new), shortens old tool
// results, summarizes the oldest turns, and learns the window and the count's calibration from the gateway.
import type { ChatMessage, ChatRequest } from '../gateway';
import {
  contextRefusal,
  keepBudget,
  requestBudget,
  shortenableCalls,
  splitTotal,
  summaryCut,
  summaryEnd,
  summaryRequest,
  toolResultStub,
  type ContextRefusal,
  type ContextWindow,
  type TokenSplit,
} from '../context';
import { toChatMessages } from './conversation';
import type { ChatContextDeps, ChatSessionDeps } from './chatSessionTypes';
import { compose, type BuildOptions, type BuiltRequest, type RequestParts } from './requestParts';

/** How full a request is, by part, against its model's window. */
export interface ContextUsage {
  used: number;
  window: ContextWindow;
  split: TokenSplit;
  /** True when counted by the model family's tokenizer (or anchored on the gateway's usage report). */
  exact: boolean;
}

/** The last request the gateway reported usage for: later requests that begin with it are counted from it. */
interface Anchor {
  model: string;
  messages: readonly ChatMessage[];
  promptTokens: number;
}

/** Longest summary kept, as a share of the request budget (a summary must leave room for the conversation). */
const SUMMARY_SHARE = 0.25;
/** Share of the summarizing model's window the summarized text may fill. */
const SUMMARY_INPUT_SHARE = 0.6;

type FitterDeps = Pick<ChatSessionDeps, 'client' | 'log' | 'listener' | 'now' | 't'>;

export class ContextFitter {
  private anchor: Anchor | undefined;

  constructor(
    private readonly deps: FitterDeps,
    private readonly ctx: ChatContextDeps,
  ) {}

  /** The window of the model a profile serves. */
  window(profile: string | undefined, model: string): ContextWindow {
    return this.ctx.windows.of(this.profileId(profile), model);
  }

  /** The request's tokens as the gateway will count them. */
  tokens(request: ChatRequest): number {
    const a = this.anchor;
    if (a && a.model === request.model && startsWith(request.messages, a.messages)) {
      const rest = { ...request, messages: request.messages.slice(a.messages.length), tools: undefined };
      return a.promptTokens + this.ctx.counter.count(rest);
    }
    return this.ctx.counter.count(request);
  }

  /** How full this request is against its model's window. */
  usage(request: ChatRequest, profile: string | undefined): ContextUsage {
    const window = this.window(profile, request.model);
    const split = this.ctx.counter.split(request);
    const used = this.tokens(request);
    // The parts are scaled to the anchored total, so that they add up to what the meter shows.
    const scale = splitTotal(split) > 0 ? used / splitTotal(split) : 1;
    const scaled = {
      system: Math.round(split.system * scale),
      tools: Math.round(split.tools * scale),
      messages: 0,
    };
    scaled.messages = Math.max(0, used - scaled.system - scaled.tools);
    const exact = this.ctx.counter.exact(request.model) || this.anchor?.model === request.model;
    return { used, window, split: scaled, exact };
  }

  /** The gateway counted this request as `promptTokens`: the count is calibrated and later requests start from it. */
  recordUsage(request: ChatRequest, promptTokens: number | undefined): void {
    if (!promptTokens || promptTokens <= 0) return;
    this.ctx.counter.calibrate(request.model, splitTotal(this.ctx.counter.rawSplit(request)), promptTokens);
    this.anchor = { model: request.model, messages: request.messages, promptTokens };
  }

  /**
   * A refusal for passing the window: the window it names is remembered for the model and profile (without a number,
   * one just below the refused request), and the size it names calibrates the count. Undefined when `e` is no such
   * refusal.
   */
  async learn(e: unknown, request: ChatRequest, profile: string | undefined): Promise<ContextRefusal | undefined> {
    const refusal = contextRefusal(e);
    if (!refusal) return undefined;
    const raw = splitTotal(this.ctx.counter.rawSplit(request));
    if (refusal.requested) this.ctx.counter.calibrate(request.model, raw, refusal.requested);
    // The anchor was counted for a window that proved wrong; what the gateway said now is the better start.
    this.anchor = undefined;
    const limit = refusal.limit ?? Math.floor(this.ctx.counter.count(request) * 0.9);
    const w = await this.ctx.windows.learn(this.profileId(profile), request.model, limit);
    this.deps.log.warn(
      `request refused for the context window of ${request.model}: window ${w.tokens} tokens (${refusal.limit ? 'named' : 'estimated'})` +
        (refusal.requested ? `, request ${refusal.requested} tokens by the gateway's count, ${raw} by ours` : ''),
    );
    return refusal;
  }

  /** The request from `parts`, made to fit: old tool results shortened first, then the oldest turns summarized. */
  async fit(parts: RequestParts, o: BuildOptions): Promise<Omit<BuiltRequest, 'tools'>> {
    const now = o.compact === 'now';
    const window = this.window(parts.conv.profile, parts.conv.model);
    let request = compose(parts, new Set());
    const budget = requestBudget(window.tokens, request);
    let tokens = this.tokens(request);
    if (tokens <= budget && !now) return { request, window, tokens };
    const started = this.deps.now();
    // Each result's saving is counted alone (the request is made again once, not once per result).
    const shorten = (): void => {
      const from = summaryEnd(parts.conv.messages, parts.conv.compaction);
      const calls = new Map(parts.conv.messages.flatMap((m) => (m.toolCalls ?? []).map((c) => [c.id, c] as const)));
      const ratio = this.ctx.counter.ratio(request.model);
      const shortened = new Set<string>();
      for (const id of shortenableCalls(parts.conv.messages, from, parts.endIndex)) {
        if (tokens <= budget && !now) break;
        const c = calls.get(id)!;
        const result = c.result ?? '';
        const saved =
          this.ctx.counter.text(result, request.model) -
          this.ctx.counter.text(toolResultStub(c.name, result), request.model);
        tokens -= Math.floor(saved * ratio);
        shortened.add(id);
      }
      if (!shortened.size) return;
      request = compose(parts, shortened);
      tokens = this.tokens(request);
      this.deps.log.info(`compaction: ${shortened.size} old tool result(s) shortened`);
    };
    shorten();
    if (tokens > budget || now) {
      if (await this.summarize(parts, budget, now, o.signal)) {
        request = compose(parts, new Set());
        tokens = this.tokens(request);
        if (tokens > budget) shorten();
      }
    }
    this.deps.log.info(
      `request fitted to ${tokens} of ${window.tokens} tokens (${window.source}) in ${this.deps.now() - started} ms`,
    );
    return { request, window, tokens };
  }

  /** Summarizes the oldest turns into the conversation's compaction; false when there was nothing to summarize. */
  private async summarize(parts: RequestParts, budget: number, now: boolean, signal?: AbortSignal): Promise<boolean> {
    const { conv, endIndex } = parts;
    const from = summaryEnd(conv.messages, conv.compaction);
    const counter = this.ctx.counter;
    const tokensOf = (i: number): number =>
      counter.count({ model: conv.model, messages: toChatMessages({ ...conv, systemPrompt: '' }, i + 1, i) });
    const cut = summaryCut(conv.messages, from, endIndex, tokensOf, keepBudget(budget, now));
    if (cut === undefined) return false;
    const model = this.ctx.summaryModel?.()?.trim() || conv.model;
    const input = Math.floor(this.window(conv.profile, model).tokens * SUMMARY_INPUT_SHARE);
    const request = summaryRequest(model, conv.messages.slice(from, cut), conv.compaction?.summary, input, (text) =>
      Math.ceil(counter.text(text, model) * counter.ratio(model)),
    );
    const started = this.deps.now();
    const answer = await this.deps.client(conv.profile).complete(request, signal);
    const summary = clipSummary(answer.content, budget);
    if (!summary) throw new Error(`the summary from ${model} was empty`);
    conv.compaction = {
      summary,
      throughId: conv.messages[cut - 1]!.id,
      messageCount: cut,
      model,
      createdAt: this.deps.now(),
    };
    this.deps.log.info(
      `compaction: ${cut} message(s) summarized by ${model} in ${this.deps.now() - started} ms (${describeSize(summary)})`,
    );
    this.deps.listener({ type: 'compacted' });
    return true;
  }

  private profileId(profile: string | undefined): string {
    return this.ctx.profileId?.(profile) ?? profile ?? 'default';
  }
}

/** True when `messages` begins with every message of `prefix` (compared by value). */
function startsWith(messages: readonly ChatMessage[], prefix: readonly ChatMessage[]): boolean {
  if (prefix.length === 0 || prefix.length > messages.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if (messages[i] !== prefix[i] && JSON.stringify(messages[i]) !== JSON.stringify(prefix[i])) return false;
  }
  return true;
}

function clipSummary(text: string, budget: number): string {
  const max = Math.max(2000, Math.floor(budget * SUMMARY_SHARE * 4));
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

function describeSize(s: string): string {
  return `${s.length} characters`;
}
