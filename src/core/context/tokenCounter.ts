// Counts a request's tokens: a real tokenizer for the families that publish one, else an estimate calibrated by the
// gateway's own usage numbers; split into system prompt and rules, tool results, and messages.
import type { ChatMessage, ChatRequest } from '../gateway';
import { estimateTokens, IMAGE_TOKENS } from '../lm/tokenEstimate';

export type Encoding = 'o200k_base' | 'cl100k_base';
/** Loads a tokenizer's counting function (undefined where it cannot be loaded: the estimate is used). */
export type TokenizerLoader = (encoding: Encoding) => ((text: string) => number) | undefined;

/** Tokens the chat format adds per message (role markers), as OpenAI documents for its chat models. */
const MESSAGE_OVERHEAD = 4;
/** How far one usage report moves a model's calibration (the rest is what earlier reports said). */
const CALIBRATION_WEIGHT = 0.5;

/** The public tokenizer of a model's family: o200k for GPT-4o, 4.1, 5, the o-series; cl100k for GPT-4 and 3.5. */
export function encodingOf(model: string): Encoding | undefined {
  const id = model.toLowerCase().replace(/^openai\//, '');
  if (/^(?:chatgpt-4o|gpt-4o|gpt-4\.1|gpt-4\.5|gpt-5|gpt-oss|o[134](?:-|$))/.test(id)) return 'o200k_base';
  if (/^(?:gpt-4|gpt-3\.5)/.test(id)) return 'cl100k_base';
  return undefined;
}

/** A request's tokens by what they are. */
export interface TokenSplit {
  /** The system prompt, project rules, an earlier-messages summary, and the tool definitions. */
  system: number;
  /** Tool results and the calls' arguments. */
  tools: number;
  /** The user's messages and the answers. */
  messages: number;
}

export const splitTotal = (s: TokenSplit): number => s.system + s.tools + s.messages;

export class TokenCounter {
  private readonly tokenizers = new Map<Encoding, ((text: string) => number) | undefined>();
  /** Per model: the gateway's count divided by ours, from usage reports (1 until one arrives). */
  private readonly ratios = new Map<string, number>();

  constructor(private readonly loader?: TokenizerLoader) {}

  /** True when the model's tokens are counted by its family's tokenizer rather than estimated. */
  exact(model: string): boolean {
    return this.tokenizer(model) !== undefined;
  }

  /** Tokens of a text for a model (uncalibrated). */
  text(text: string, model: string): number {
    if (!text) return 0;
    const count = this.tokenizer(model);
    if (!count) return estimateTokens(text);
    try {
      return count(text);
    } catch {
      // A text the tokenizer refuses (a special token in it) is estimated instead.
      return estimateTokens(text);
    }
  }

  /** Tokens of one request message (uncalibrated), with the format's overhead. */
  message(m: ChatMessage, model: string): number {
    let n = MESSAGE_OVERHEAD;
    if (typeof m.content === 'string') n += this.text(m.content, model);
    else if (Array.isArray(m.content)) {
      for (const p of m.content) n += p.type === 'text' ? this.text(p.text, model) : IMAGE_TOKENS;
    }
    if (m.role === 'assistant' && m.tool_calls) {
      for (const c of m.tool_calls) n += this.text(c.function.name, model) + this.text(c.function.arguments, model);
    }
    return n;
  }

  /** A request's tokens by part (uncalibrated). */
  rawSplit(request: Pick<ChatRequest, 'model' | 'messages' | 'tools'>): TokenSplit {
    const s: TokenSplit = { system: 0, tools: 0, messages: 0 };
    for (const m of request.messages) {
      const n = this.message(m, request.model);
      if (m.role === 'system') s.system += n;
      else if (m.role === 'tool' || (m.role === 'assistant' && m.tool_calls?.length)) s.tools += n;
      else s.messages += n;
    }
    if (request.tools?.length) s.system += this.text(JSON.stringify(request.tools), request.model);
    return s;
  }

  /** A request's tokens by part, as the gateway is expected to count them (calibrated). */
  split(request: Pick<ChatRequest, 'model' | 'messages' | 'tools'>): TokenSplit {
    const r = this.ratio(request.model);
    const s = this.rawSplit(request);
    return { system: Math.ceil(s.system * r), tools: Math.ceil(s.tools * r), messages: Math.ceil(s.messages * r) };
  }

  /** A request's tokens as the gateway is expected to count them. */
  count(request: Pick<ChatRequest, 'model' | 'messages' | 'tools'>): number {
    return splitTotal(this.split(request));
  }

  /** The gateway's count divided by ours for this model (1 until a usage report arrived). */
  ratio(model: string): number {
    return this.ratios.get(model) ?? 1;
  }

  /** A usage report (or a refusal naming the request's size): our raw count of that request against the gateway's. */
  calibrate(model: string, raw: number, actual: number): void {
    if (!(raw > 0) || !(actual > 0)) return;
    // Clamped: a gateway that reports nonsense moves the estimate at most threefold either way.
    const observed = Math.min(3, Math.max(1 / 3, actual / raw));
    const old = this.ratios.get(model);
    this.ratios.set(model, old === undefined ? observed : old + (observed - old) * CALIBRATION_WEIGHT);
  }

  private tokenizer(model: string): ((text: string) => number) | undefined {
    const enc = encodingOf(model);
    if (!enc || !this.loader) return undefined;
    if (!this.tokenizers.has(enc)) {
      let fn: ((text: string) => number) | undefined;
      try {
        fn = this.loader(enc);
      } catch {
        fn = undefined;
      }
      this.tokenizers.set(enc, fn);
    }
    return this.tokenizers.get(enc);
  }
}
