// SSE builders for the test gateway's scenarios: chat.completion chunks, usage, errors, completions.

let seq = 0;

export interface DeltaInit {
  role?: 'assistant';
  content?: string | null;
  reasoning_content?: string;
  reasoning?: string;
  refusal?: string | null;
  tool_calls?: unknown[] | null;
}

export function chunkObject(
  delta: DeltaInit,
  finish: string | null = null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: `chatcmpl-test${++seq}`,
    object: 'chat.completion.chunk',
    created: 1764150000,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  };
}

/** One `data:` event carrying a chunk. */
export function chunk(delta: DeltaInit, finish: string | null = null, extra: Record<string, unknown> = {}): string {
  return `data: ${JSON.stringify(chunkObject(delta, finish, extra))}\n\n`;
}

export function usageChunk(prompt = 17, completion = 10): string {
  return `data: ${JSON.stringify({
    id: `chatcmpl-test${++seq}`,
    object: 'chat.completion.chunk',
    created: 1764150000,
    model: 'gpt-4o-2024-08-06',
    choices: [],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  })}\n\n`;
}

export const DONE = 'data: [DONE]\n\n';

export function data(obj: unknown): string {
  return `data: ${JSON.stringify(obj)}\n\n`;
}

/** Text streamed as content deltas, one per piece. */
export function contentStream(pieces: string[], finish: string | null = 'stop', usage = true, done = true): string {
  let s = chunk({ role: 'assistant', content: '' });
  for (const p of pieces) s += chunk({ content: p });
  if (finish !== null) s += chunk({}, finish);
  if (usage) s += usageChunk(17, pieces.length);
  if (done) s += DONE;
  return s;
}

/** A non-streaming chat.completion. */
export function completionObject(
  content: string,
  opts: { reasoning?: string; finish?: string; toolCalls?: unknown[] } = {},
): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content };
  if (opts.reasoning) message.reasoning_content = opts.reasoning;
  if (opts.toolCalls) message.tool_calls = opts.toolCalls;
  return {
    id: `chatcmpl-test${++seq}`,
    object: 'chat.completion',
    created: 1764150000,
    model: 'gpt-4o-2024-08-06',
    choices: [{ index: 0, message, logprobs: null, finish_reason: opts.finish ?? 'stop' }],
    usage: { prompt_tokens: 12, completion_tokens: 9, total_tokens: 21 },
  };
}

/** Splits text into pieces of about `size` characters (never inside a surrogate pair). */
export function pieces(text: string, size: number): string[] {
  const chars = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

/** `n` choices streamed with their pieces interleaved (choice 0, 1, …, 0, 1, …), each chunk naming its `index`. */
export function multiChoiceStream(texts: string[], size: number): string {
  const split = texts.map((t) => pieces(t, size));
  const withIndex = (index: number, delta: DeltaInit, finish: string | null = null): string => {
    const o = chunkObject(delta, finish);
    (o.choices as { index: number }[])[0]!.index = index;
    return data(o);
  };
  let s = texts.map((_t, i) => withIndex(i, { role: 'assistant', content: '' })).join('');
  const longest = Math.max(...split.map((p) => p.length));
  for (let k = 0; k < longest; k++)
    for (let i = 0; i < split.length; i++) if (k < split[i]!.length) s += withIndex(i, { content: split[i]![k]! });
  s += texts.map((_t, i) => withIndex(i, {}, 'stop')).join('');
  return s + usageChunk(17, texts.length * longest) + DONE;
}
