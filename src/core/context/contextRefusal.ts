// A gateway's "the request is longer than the model's window" refusal, in each wording gateways use, and the numbers in it.
import { GatewayError } from '../gateway';

/** What a context refusal says: the model's window and the size of the refused request, where it names them. */
export interface ContextRefusal {
  /** The model's window in tokens (undefined when the refusal names no number). */
  limit?: number;
  /** The refused request's size in the gateway's own count (prompt, or prompt plus completion). */
  requested?: number;
}

const num = (s: string | undefined): number | undefined => {
  const n = s === undefined ? NaN : Number(s.replace(/[,_\s]/g, ''));
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** The wordings with numbers: [pattern, group of the limit, group of the request]. */
const SHAPES: readonly [RegExp, number, number][] = [
  // OpenAI (and vLLM, DeepSeek, new-api passing it through): "This model's maximum context length is 8192 tokens.
  // However, your messages resulted in 9899 tokens" / "However, you requested 9899 tokens (… in the messages …)".
  [/maximum context length is ([\d,]+) tokens[^]*?(?:resulted in|requested) ([\d,]+) tokens/i, 1, 2],
  // Anthropic: "prompt is too long: 210000 tokens > 200000 maximum".
  [/prompt is too long:\s*([\d,]+) tokens?\s*>\s*([\d,]+)/i, 2, 1],
  // Gemini: "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)".
  [/input token count(?: \(|:\s*)([\d,]+)\)? exceeds the maximum number of tokens allowed(?: \(|:\s*)([\d,]+)/i, 2, 1],
  // new-api's own check and llama.cpp-style servers: "prompt tokens (9899) exceed the context size (8192)",
  // "上下文长度超过限制 … 8192".
  [/(?:prompt|input) tokens? \(?([\d,]+)\)? exceeds? (?:the )?(?:context|max(?:imum)?)[^\d]*([\d,]+)/i, 2, 1],
  [/(?:上下文|context)[^\d]{0,20}(?:超过|超出|exceed)[^\d]{0,30}([\d,]+)[^\d]+([\d,]+)/i, 2, 1],
];

/** Wordings that say the window was passed without numbers. */
const WORDS =
  /context[_ ]length[_ ]exceeded|maximum context length|context window|prompt is too long|exceeds the maximum number of tokens|too many tokens|上下文长度|超出.*上下文/i;

/** The refusal in a failure, or undefined when the failure is something else. */
export function contextRefusal(e: unknown): ContextRefusal | undefined {
  if (!(e instanceof GatewayError)) return undefined;
  if (e.status !== undefined && e.status !== 400 && e.status !== 413 && e.status !== 422) return undefined;
  if (e.status === undefined && e.kind !== 'badRequest') return undefined;
  const text = e.message;
  for (const [re, limitAt, requestedAt] of SHAPES) {
    const m = re.exec(text);
    if (!m) continue;
    const limit = num(m[limitAt]);
    const requested = num(m[requestedAt]);
    return { ...(limit ? { limit } : {}), ...(requested ? { requested } : {}) };
  }
  const code = `${e.code ?? ''} ${e.type ?? ''}`;
  if (/context_length_exceeded|context_window_exceeded|string_above_max_length/i.test(code) || WORDS.test(text))
    return {};
  return undefined;
}
