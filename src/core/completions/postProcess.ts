// Turns a model's raw answer into the suggestion: fences stripped, cut at the block end, never repeating the suffix.

export interface CutContext {
  prefix: string;
  suffix: string;
  multiline: boolean;
}

export interface CutResult {
  text: string;
  /** True once the suggestion cannot grow any more: the stream can stop. */
  complete: boolean;
}

const OPENERS = /[{([:]\s*$|\b(then|do|begin)\s*$/;
const CLOSER_LINE = /^\s*([}\])]|end\b|fi\b|done\b|esac\b)/;
const BRACKETS: Record<string, string> = { ')': '(', ']': '[', '}': '{' };

function indentWidth(line: string): number {
  let w = 0;
  for (const ch of line) {
    if (ch === ' ') w++;
    else if (ch === '\t') w += 4;
    else break;
  }
  return w;
}

/** Removes a Markdown fence a chat model put around the code; while the fence line is incomplete, nothing yet. */
export function stripFences(raw: string): { text: string; pending: boolean } {
  const start = raw.trimStart();
  if (!start.startsWith('```')) return { text: raw, pending: false };
  const nl = start.indexOf('\n');
  if (nl < 0) return { text: '', pending: true };
  const body = start.slice(nl + 1);
  const end = body.search(/(^|\n)```/);
  return { text: end < 0 ? body : body.slice(0, end + (body[end] === '\n' ? 1 : 0)), pending: false };
}

/**
 * Where a multi-line suggestion ends: before a line indented less than the cursor's line, after the line that
 * closes a block the suggestion opened, or before the next statement at the cursor's level. -1 when not yet seen.
 */
export function blockEnd(text: string, prefix: string): { end: number; inclusive: boolean } | undefined {
  const lineBefore = prefix.slice(prefix.lastIndexOf('\n') + 1);
  const base = indentWidth(lineBefore);
  const lines = text.split('\n');
  let offset = lines[0]!.length + 1;
  let opened = OPENERS.test(lineBefore + lines[0]);
  let blanks = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const lineStart = offset;
    offset += line.length + 1;
    const complete = i < lines.length - 1;
    if (line.trim() === '') {
      if (complete && ++blanks >= 2) return { end: lineStart, inclusive: false };
      continue;
    }
    blanks = 0;
    const w = indentWidth(line);
    if (w > base) {
      if (complete && OPENERS.test(line)) opened = true;
      continue;
    }
    if (w < base) return { end: lineStart, inclusive: false };
    if (opened && CLOSER_LINE.test(line)) {
      // The closing line belongs to the suggestion, but only once it is whole.
      if (!complete) return undefined;
      return { end: lineStart + line.length, inclusive: true };
    }
    return { end: lineStart, inclusive: false };
  }
  return undefined;
}

/** Unbalanced closers of each kind in `text` (more closers than openers). */
function excessClosers(text: string): Record<string, number> {
  const depth: Record<string, number> = { '(': 0, '[': 0, '{': 0 };
  const excess: Record<string, number> = { ')': 0, ']': 0, '}': 0 };
  for (const ch of text) {
    if (ch in depth) depth[ch]!++;
    else if (ch in BRACKETS) {
      const open = BRACKETS[ch]!;
      if (depth[open]! > 0) depth[open]!--;
      else excess[ch]!++;
    }
  }
  return excess;
}

/** Drops the end of a one-line suggestion that the rest of the cursor's line already has (`)`, `);`, `"]`). */
export function dedupeLineSuffix(text: string, lineAfter: string): string {
  const after = lineAfter.trim();
  if (!after || !text) return text;
  const trimmed = text.trimEnd();
  for (let k = Math.min(after.length, trimmed.length); k > 0; k--) {
    const overlap = after.slice(0, k);
    if (!trimmed.endsWith(overlap)) continue;
    const kept = trimmed.slice(0, trimmed.length - k);
    // A closer the suggestion opened itself is its own, not the suffix's: `foo(` + `x()` before `)`.
    const excess = excessClosers(kept + overlap);
    const closersOnly = /^[)\]}]+$/.test(overlap);
    const ownsThem = closersOnly && [...overlap].every((c) => excess[c]! === 0);
    if (ownsThem) continue;
    return kept;
  }
  return text;
}

/** Drops the last lines of a suggestion when they are the first lines after the cursor (compared trimmed). */
export function dedupeSuffixLines(text: string, suffix: string): string {
  const after = suffix
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (!after.length) return text;
  const lines = text.split('\n');
  // A suggestion that repeats the suffix in the middle is cut where the repetition starts.
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() !== after[0]) continue;
    const rest = lines
      .slice(i)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (rest.every((l, j) => j >= after.length || l === after[j]))
      return lines.slice(0, i).join('\n').replace(/\s+$/, '');
  }
  return text;
}

/** Cuts a (possibly still streaming) raw answer into the suggestion, and says whether it is complete. */
export function cutCompletion(raw: string, ctx: CutContext): CutResult {
  const fenced = stripFences(raw.replace(/\r\n?/g, '\n'));
  if (fenced.pending) return { text: '', complete: false };
  let text = fenced.text;
  const fenceClosed = fenced.text !== raw && /(^|\n)```/.test(raw.trimStart().slice(3));
  let complete = fenceClosed;
  const lineAfter = ctx.suffix.split('\n', 1)[0] ?? '';
  const lineBefore = ctx.prefix.slice(ctx.prefix.lastIndexOf('\n') + 1);
  if (!ctx.multiline) {
    const nl = text.indexOf('\n');
    if (nl >= 0) {
      // An answer that starts with a line break proposes the next line, which a one-line slot cannot take.
      text = text.slice(0, nl);
      complete = true;
    }
    return { text: dedupeLineSuffix(text, lineAfter), complete };
  }
  // A model that repeats the start of the cursor's line ("  return" after "  ret") is answering from the line start.
  if (lineBefore.trim() && text.startsWith(lineBefore) && lineBefore.length > 0) text = text.slice(lineBefore.length);
  const end = blockEnd(text, ctx.prefix);
  if (end) {
    text = text.slice(0, end.end).replace(/\s+$/, '');
    complete = true;
  }
  text = dedupeSuffixLines(text, ctx.suffix);
  if (!text.includes('\n')) text = dedupeLineSuffix(text, lineAfter);
  return { text, complete };
}

/** The final suggestion once the stream ended: trailing whitespace and an echo of the suffix removed. */
export function finishCompletion(raw: string, ctx: CutContext): string {
  const { text } = cutCompletion(raw, ctx);
  const out = text.replace(/\s+$/, '');
  // Nothing left but what already follows the cursor: no suggestion.
  if (out.trim() && ctx.suffix.trimStart().startsWith(out.trim())) return '';
  return out;
}
