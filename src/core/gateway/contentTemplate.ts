// ContentTemplate: recognises a stream chunk that repeats an earlier one but for its `delta.content` string.

/**
 * Gateways write nearly every chunk of an answer as the same JSON text with another `delta.content` string. Once a
 * chunk of that kind has been parsed whole, the text before and after its content string is remembered; a later chunk
 * that is exactly that text around one JSON string literal is that chunk with another content, so only the literal is
 * read. That spares a whole JSON.parse, and the objects it leaves for the garbage collector, at every wake-up of a
 * paced stream (bench/pacedStream.bench.ts). Anything else is parsed whole, as before.
 */
export class ContentTemplate {
  private prefix: string | undefined;
  private suffix = '';

  /** The content string of `data` when it is the remembered chunk with another content; undefined otherwise. */
  match(data: string): string | undefined {
    const prefix = this.prefix;
    if (prefix === undefined) return undefined;
    const end = data.length - this.suffix.length;
    if (end - prefix.length < 2 || !data.startsWith(prefix) || !data.endsWith(this.suffix)) return undefined;
    const start = prefix.length;
    if (data.charCodeAt(start) !== 34 || data.charCodeAt(end - 1) !== 34) return undefined;
    const quote = data.indexOf('"', start + 1);
    // No escape and no other quote inside: the literal's characters are the string itself.
    if (quote === end - 1 && data.indexOf('\\', start + 1) === -1) return data.slice(start + 1, end - 1);
    let value: unknown;
    try {
      value = JSON.parse(data.slice(start, end));
    } catch {
      return undefined;
    }
    return typeof value === 'string' ? value : undefined;
  }

  /**
   * After `data` was parsed whole into `obj`: remembers it when it is a plain content chunk (one choice, index 0, a
   * delta with a content string and nothing else that counts, no finish reason, usage or error) whose text names
   * `"content"` once, so that the text around the content string can only mean that same chunk.
   */
  learn(data: string, obj: unknown): void {
    if (!isPlainContentChunk(obj)) return;
    const key = data.indexOf('"content"');
    if (key === -1 || data.indexOf('"content"', key + 1) !== -1) return;
    let start = key + '"content"'.length;
    while (data.charCodeAt(start) === 32 || data.charCodeAt(start) === 9) start++;
    if (data.charCodeAt(start) !== 58) return;
    start++;
    while (data.charCodeAt(start) === 32 || data.charCodeAt(start) === 9) start++;
    if (data.charCodeAt(start) !== 34) return;
    let end = start + 1;
    for (; end < data.length; end++) {
      const c = data.charCodeAt(end);
      if (c === 92) end++;
      else if (c === 34) break;
    }
    if (end >= data.length) return;
    this.prefix = data.slice(0, start);
    this.suffix = data.slice(end + 1);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys that the accumulator reads only to learn nothing from them when null (ChatAccumulator.chunk). */
function isPlainContentChunk(obj: unknown): boolean {
  if (!isRecord(obj) || obj.error != null || obj.usage != null) return false;
  const choices = obj.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return false;
  const c: unknown = choices[0];
  if (!isRecord(c) || (c.index !== 0 && c.index !== undefined) || c.finish_reason != null) return false;
  const d = c.delta;
  if (!isRecord(d) || typeof d.content !== 'string') return false;
  for (const k in d) if (k !== 'content' && k !== 'role' && d[k] !== null) return false;
  return true;
}
