// ChatAccumulator: turns parsed chat.completion(.chunk) objects into ChatEvents and keeps the stream's state.
import { DEFAULT_ANSWER_LIMITS, sizeText, type AnswerLimits } from './answerLimits';
import { GatewayError, kindForStreamError, splitRequestId } from './errors';
import type { ChatEvent, ToolCall, Usage } from './types';

const OPEN = '<think>';
const CLOSE = '</think>';

interface PendingCall {
  key: unknown;
  id: string;
  name: string;
  args: string;
  /** Past the tool-call limit: its arguments are counted but not kept. */
  overLimit: boolean;
}

/**
 * Splits `<think>…</think>` out of content. Only a think block at the very start of the answer counts
 * (after optional whitespace), so an answer that merely talks about the tag is left alone. Text that
 * could still be the start of a tag is held back until the next delta decides it.
 */
class ThinkSplitter {
  private state: 'start' | 'inside' | 'outside' = 'start';
  private held = '';

  push(text: string, out: ChatEvent[]): void {
    if (this.state === 'outside') {
      out.push({ type: 'content', text });
      return;
    }
    let s = this.held + text;
    this.held = '';
    if (this.state === 'start') {
      const lead = s.length - s.trimStart().length;
      const rest = s.slice(lead);
      if (rest.startsWith(OPEN)) {
        this.state = 'inside';
        s = rest.slice(OPEN.length);
      } else if (OPEN.startsWith(rest)) {
        this.held = s;
        return;
      } else {
        this.state = 'outside';
        out.push({ type: 'content', text: s });
        return;
      }
    }
    const end = s.indexOf(CLOSE);
    if (end >= 0) {
      if (end > 0) out.push({ type: 'reasoning', text: s.slice(0, end) });
      this.state = 'outside';
      const after = s.slice(end + CLOSE.length).replace(/^\r?\n+/, '');
      if (after) out.push({ type: 'content', text: after });
      return;
    }
    let keep = 0;
    for (let k = Math.min(CLOSE.length - 1, s.length); k > 0; k--) {
      if (CLOSE.startsWith(s.slice(s.length - k))) {
        keep = k;
        break;
      }
    }
    const emit = s.slice(0, s.length - keep);
    this.held = s.slice(s.length - keep);
    if (emit) out.push({ type: 'reasoning', text: emit });
  }

  /** End of stream: whatever was held back is what it looked like. */
  flush(out: ChatEvent[]): void {
    if (!this.held) return;
    out.push({ type: this.state === 'inside' ? 'reasoning' : 'content', text: this.held });
    this.held = '';
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export class ChatAccumulator {
  content = '';
  reasoning = '';
  finishReason: string | undefined;
  usage: Usage | undefined;
  model: string | undefined;
  private readonly calls: PendingCall[] = [];
  private readonly byIndex = new Map<unknown, PendingCall>();
  private readonly think = new ThinkSplitter();
  /** Choices other than 0 (`n` > 1): each with its own think splitter, their text kept apart by index. */
  private readonly others = new Map<number, { think: ThinkSplitter; content: string; reasoning: string }>();

  /** Characters of everything the answer holds so far, alternatives and tool calls included (for the answer cap). */
  private size = 0;

  constructor(
    private readonly requestId?: string,
    private readonly limits: AnswerLimits = DEFAULT_ANSWER_LIMITS,
  ) {}

  /** Counts `chars` more into the answer; past the cap the stream stops here, before they are applied. */
  private grow(chars: number): void {
    if (this.size + chars > this.limits.maxAnswerChars)
      throw this.tooLarge(`the answer passed ${sizeText(this.limits.maxAnswerChars)}`);
    this.size += chars;
  }

  private tooLarge(message: string): GatewayError {
    return new GatewayError('tooLarge', message, {
      requestId: this.requestId,
      partialContent: this.content,
      partialReasoning: this.reasoning,
    });
  }

  get hasToolCalls(): boolean {
    return this.calls.length > 0;
  }

  /** One decoded chunk (streaming) or a whole completion (non-streaming). Throws on an error object. */
  chunk(obj: unknown, out: ChatEvent[], eventName?: string): void {
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      throw new GatewayError('protocol', `unexpected stream data: ${JSON.stringify(obj)?.slice(0, 80)}`, {
        requestId: this.requestId,
      });
    }
    const o = obj as Record<string, unknown>;
    if (eventName === 'error' || (o.error !== undefined && o.error !== null)) throw this.streamError(o);
    if (typeof o.model === 'string' && o.model) this.model = o.model;
    const choices = o.choices;
    if (Array.isArray(choices)) {
      for (const choice of choices) {
        if (choice === null || typeof choice !== 'object') continue;
        const c = choice as Record<string, unknown>;
        // `text` is how /completions streams its choices.
        const delta = (c.delta ?? c.message ?? (typeof c.text === 'string' ? { content: c.text } : undefined)) as
          Record<string, unknown> | null | undefined;
        const index =
          typeof c.index === 'number' && Number.isInteger(c.index) && c.index > 0 && c.index < 128 ? c.index : 0;
        if (index > 0) {
          if (delta && typeof delta === 'object') this.otherDelta(index, delta, out);
          continue;
        }
        if (delta && typeof delta === 'object') this.delta(delta, out);
        const fr = c.finish_reason;
        if (typeof fr === 'string' && fr) this.finishReason = fr.toLowerCase();
      }
    }
    const usage = o.usage;
    if (usage && typeof usage === 'object' && !Array.isArray(usage)) {
      this.usage = usage as Usage;
      out.push({ type: 'usage', usage: this.usage });
    }
  }

  /** A chunk that differs from an earlier plain content chunk only in its content (see ContentTemplate). */
  contentDelta(text: string, out: ChatEvent[]): void {
    if (!text) return;
    // The fast path counts against the answer limit like any other delta.
    this.grow(text.length);
    const before = out.length;
    this.think.push(text, out);
    this.addText(out, before);
  }

  private delta(d: Record<string, unknown>, out: ChatEvent[]): void {
    const r = str(d.reasoning_content) ?? str(d.reasoning);
    const content = str(d.content);
    const refusal = str(d.refusal);
    this.grow((r?.length ?? 0) + (content?.length ?? 0) + (refusal?.length ?? 0));
    if (r) {
      this.reasoning += r;
      out.push({ type: 'reasoning', text: r });
    }
    const before = out.length;
    if (content) this.think.push(content, out);
    if (refusal) this.think.push(refusal, out);
    this.addText(out, before);
    const tc = d.tool_calls;
    if (Array.isArray(tc)) for (const frag of tc) this.toolFragment(frag);
  }

  /** Adds the text of the events from `before` on to the answer's whole content and reasoning. */
  private addText(out: ChatEvent[], before: number): void {
    for (let i = before; i < out.length; i++) {
      const e = out[i];
      if (e.type === 'content') this.content += e.text;
      else if (e.type === 'reasoning') this.reasoning += e.text;
    }
  }

  /** Choice `index` ≥ 1: its text as `choice` events (the same `<think>` and reasoning rules as choice 0). */
  private otherDelta(index: number, d: Record<string, unknown>, out: ChatEvent[]): void {
    let other = this.others.get(index);
    if (!other) this.others.set(index, (other = { think: new ThinkSplitter(), content: '', reasoning: '' }));
    const parts: ChatEvent[] = [];
    const r = str(d.reasoning_content) ?? str(d.reasoning);
    const content = str(d.content) ?? str(d.refusal);
    // Alternatives are text of the same answer: they count inside its cap.
    this.grow((r?.length ?? 0) + (content?.length ?? 0));
    if (r) parts.push({ type: 'reasoning', text: r });
    if (content) other.think.push(content, parts);
    this.pushOthers(index, other, parts, out);
  }

  private pushOthers(
    index: number,
    other: { content: string; reasoning: string },
    parts: ChatEvent[],
    out: ChatEvent[],
  ): void {
    for (const e of parts) {
      if (e.type === 'content') {
        other.content += e.text;
        out.push({ type: 'choice', index, content: e.text });
      } else if (e.type === 'reasoning') {
        other.reasoning += e.text;
        out.push({ type: 'choice', index, reasoning: e.text });
      }
    }
  }

  /** The other choices' whole text so far, by index. */
  get alternatives(): ReadonlyMap<number, { content: string; reasoning: string }> {
    return this.others;
  }

  private toolFragment(frag: unknown): void {
    if (frag === null || typeof frag !== 'object') return;
    const f = frag as Record<string, unknown>;
    // A Map keyed by the raw index: an index such as "__proto__" can never reach an object's prototype.
    const fn = (f.function ?? {}) as Record<string, unknown>;
    const id = str(f.id) ?? '';
    const name = str(fn.name);
    const args = str(fn.arguments);
    this.grow(id.length + (name?.length ?? 0) + (args?.length ?? 0));
    const last = this.calls[this.calls.length - 1];
    // Without an index, a fragment without an id continues the last call; one with an id starts a call.
    const key = f.index ?? (!id && last ? last.key : `noindex:${this.calls.length}`);
    let call = this.byIndex.get(key);
    // Some servers reuse index 0 for every call; a new non-empty id there starts a new call.
    if (!call || (id && call.id && id !== call.id)) {
      call = { key, id, name: '', args: '', overLimit: this.calls.length >= this.limits.maxToolCalls };
      this.calls.push(call);
      this.byIndex.set(key, call);
    } else if (id && !call.id) {
      call.id = id;
    }
    if (name) call.name = call.name && call.name !== name ? call.name + name : name;
    if (!args || call.overLimit) return;
    if (call.args.length + args.length > this.limits.maxArgumentChars)
      throw this.tooLarge(
        `the arguments of tool call "${call.name.slice(0, 64)}" passed ${sizeText(this.limits.maxArgumentChars)}`,
      );
    call.args += args;
  }

  toolCalls(): ToolCall[] {
    return this.calls.map((c, i) => ({
      id: c.id || `call_${i}`,
      name: c.name,
      arguments: c.args,
      ...(c.overLimit ? { overLimit: true as const } : {}),
    }));
  }

  /** End of the stream: flush held text; tool calls and finish come last. False when incomplete. */
  end(out: ChatEvent[]): boolean {
    const before = out.length;
    this.think.flush(out);
    for (let i = before; i < out.length; i++) {
      const e = out[i];
      if (e.type === 'content') this.content += e.text;
      else if (e.type === 'reasoning') this.reasoning += e.text;
    }
    for (const [index, other] of this.others) {
      const parts: ChatEvent[] = [];
      other.think.flush(parts);
      this.pushOthers(index, other, parts, out);
    }
    if (this.calls.length) out.push({ type: 'toolCalls', calls: this.toolCalls() });
    if (this.finishReason) out.push({ type: 'finish', reason: this.finishReason });
    return this.finishReason !== undefined || this.calls.length > 0;
  }

  private streamError(o: Record<string, unknown>): GatewayError {
    const e = (
      o.error && typeof o.error === 'object' ? o.error : typeof o.error === 'string' ? { message: o.error } : o
    ) as Record<string, unknown>;
    const raw = str(e.message) ?? str(o.message) ?? JSON.stringify(e).slice(0, 200);
    const { message, requestId } = splitRequestId(raw);
    const code = e.code !== undefined && e.code !== null ? String(e.code) : undefined;
    const type = str(e.type);
    const status = typeof e.status === 'number' ? e.status : typeof e.code === 'number' ? e.code : undefined;
    return new GatewayError(kindForStreamError(code, type, status, message), message, {
      requestId: requestId ?? this.requestId,
      code,
      type,
      partialContent: this.content,
      partialReasoning: this.reasoning,
    });
  }
}
