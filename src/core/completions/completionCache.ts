// Suggestions by the text before the cursor, so typing the suggested characters or deleting back needs no request.

interface Entry {
  docKey: string;
  /** The cursor's offset in the document when the suggestion was made. */
  offset: number;
  /** The last characters of that text (enough to recognise the place again). */
  tail: string;
  /** The first characters after the cursor then. */
  suffixHead: string;
  text: string;
}

const TAIL_CHARS = 400;
const SUFFIX_CHARS = 200;

/** A small LRU of suggestions. `get` answers for the same place, for a place further along the suggestion, or back within the line. */
export class CompletionCache {
  private entries: Entry[] = [];

  constructor(private readonly capacity = 64) {}

  get size(): number {
    return this.entries.length;
  }

  /** `prefix` may be a window: `offset` is the cursor's place in the whole document. */
  put(docKey: string, offset: number, prefix: string, suffix: string, text: string): void {
    const entry: Entry = {
      docKey,
      offset,
      tail: prefix.slice(-TAIL_CHARS),
      suffixHead: suffix.slice(0, SUFFIX_CHARS),
      text,
    };
    this.entries = this.entries.filter((e) => !(e.docKey === docKey && e.offset === offset && e.tail === entry.tail));
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  /** The rest of a cached suggestion for this place ('' when the model had none), or undefined on a miss. */
  get(docKey: string, offset: number, prefix: string, suffix: string): string | undefined {
    const suffixHead = suffix.slice(0, SUFFIX_CHARS);
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!;
      if (e.docKey !== docKey || e.suffixHead !== suffixHead) continue;
      const rest = restAt(e, offset, prefix);
      if (rest === undefined) continue;
      // Most recently used last.
      this.entries.splice(i, 1);
      this.entries.push(e);
      return rest;
    }
    return undefined;
  }

  clear(docKey?: string): void {
    this.entries = docKey === undefined ? [] : this.entries.filter((e) => e.docKey !== docKey);
  }
}

function restAt(e: Entry, offset: number, prefix: string): string | undefined {
  const delta = offset - e.offset;
  if (delta >= 0) {
    if (delta > prefix.length) return undefined;
    // Typed on: the text since then must be the start of the suggestion.
    const typed = prefix.slice(prefix.length - delta);
    const then = prefix.slice(0, prefix.length - delta);
    if (!sameEnd(then, e.tail) || !e.text.startsWith(typed)) return undefined;
    if (delta > 0 && typed.length === e.text.length) return undefined;
    return e.text.slice(typed.length);
  }
  // Deleted back within the line: what was deleted comes back as part of the suggestion.
  const deleted = e.tail.slice(e.tail.length + delta);
  if (deleted.length !== -delta || deleted.includes('\n') || !e.text) return undefined;
  if (!sameEnd(prefix, e.tail.slice(0, e.tail.length + delta))) return undefined;
  return deleted + e.text;
}

/** The two texts end alike over the shorter one's length (either may be a window). */
function sameEnd(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return n > 0 && a.slice(a.length - n) === b.slice(b.length - n);
}
