// Glob matching for settings and .gitignore lines without regular expressions, so a hostile pattern cannot backtrack.

/** One token of a path segment's pattern. */
type Token =
  { kind: 'star' } | { kind: 'any' } | { kind: 'char'; ch: string } | { kind: 'class'; test: (c: string) => boolean };
/** A compiled pattern segment: `**` (any number of segments) or a segment's tokens. */
type Segment = 'globstar' | Token[];

/** Most alternatives one pattern's braces expand to; a pattern beyond it is cut to the first ones. */
const MAX_ALTERNATIVES = 64;
/** Longest pattern accepted; a longer one never matches (settings and .gitignore lines are short). */
const MAX_PATTERN_CHARS = 1000;

/** `a{b,c}d` → `abd`, `acd` (nested braces too), at most MAX_ALTERNATIVES. */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  const commas: number[] = [];
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '{') depth++;
    else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '}' && --depth === 0) {
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      const bounds = [open, ...commas, i];
      const out: string[] = [];
      for (let k = 0; k + 1 < bounds.length && out.length < MAX_ALTERNATIVES; k++) {
        for (const rest of expandBraces(head + pattern.slice(bounds[k]! + 1, bounds[k + 1]) + tail)) {
          if (out.length >= MAX_ALTERNATIVES) break;
          out.push(rest);
        }
      }
      return out;
    }
  }
  return [pattern];
}

function classTest(body: string, caseInsensitive: boolean): (c: string) => boolean {
  const negate = body.startsWith('!') || body.startsWith('^');
  const chars = negate ? body.slice(1) : body;
  const ranges: [string, string][] = [];
  for (let i = 0; i < chars.length; i++) {
    let a = chars[i]!;
    if (a === '\\' && i + 1 < chars.length) a = chars[++i]!;
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      let b = chars[i + 2]!;
      if (b === '\\' && i + 3 < chars.length) b = chars[++i + 2]!;
      ranges.push([a, b]);
      i += 2;
    } else ranges.push([a, a]);
  }
  const norm = (c: string) => (caseInsensitive ? c.toLowerCase() : c);
  const lowered = ranges.map(([a, b]) => [norm(a), norm(b)] as const);
  return (c: string) => {
    if (c === '/') return false;
    const n = norm(c);
    const hit = lowered.some(([a, b]) => n >= a && n <= b) || ranges.some(([a, b]) => c >= a && c <= b);
    return hit !== negate;
  };
}

function tokenize(segment: string, caseInsensitive: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') {
      if (out.at(-1)?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === '?') out.push({ kind: 'any' });
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end < 0) out.push({ kind: 'char', ch: c });
      else {
        out.push({ kind: 'class', test: classTest(segment.slice(i + 1, end), caseInsensitive) });
        i = end;
      }
    } else if (c === '\\' && i + 1 < segment.length) out.push({ kind: 'char', ch: segment[++i]! });
    else out.push({ kind: 'char', ch: caseInsensitive ? c.toLowerCase() : c });
  }
  return out;
}

function tokenMatches(t: Token, c: string, caseInsensitive: boolean): boolean {
  switch (t.kind) {
    case 'any':
      return true;
    case 'char':
      return t.ch === (caseInsensitive ? c.toLowerCase() : c);
    case 'class':
      return t.test(c);
    default:
      return false;
  }
}

/** Wildcard match of one segment: greedy with one backtrack point, O(pattern × name), never exponential. */
function segmentMatches(tokens: Token[], name: string, caseInsensitive: boolean): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < name.length) {
    const t = tokens[p];
    if (t && t.kind !== 'star' && tokenMatches(t, name[s]!, caseInsensitive)) {
      p++;
      s++;
    } else if (t?.kind === 'star') {
      starP = p++;
      starS = s;
    } else if (starP >= 0) {
      p = starP + 1;
      s = ++starS;
    } else return false;
  }
  while (tokens[p]?.kind === 'star') p++;
  return p === tokens.length;
}

/** A glob compiled to segments: `**` spans segments, `*`, `?` and `[…]` stay inside one. */
export class Glob {
  private readonly alternatives: Segment[][];

  constructor(
    pattern: string,
    private readonly caseInsensitive = false,
  ) {
    const usable = pattern.length <= MAX_PATTERN_CHARS ? pattern : '';
    this.alternatives = usable
      ? expandBraces(usable).map((alt) =>
          alt
            .split('/')
            .filter((seg, i, all) => seg !== '' || (i > 0 && i < all.length - 1))
            .map((seg) => (seg === '**' ? 'globstar' : tokenize(seg, caseInsensitive))),
        )
      : [];
  }

  /** True when the whole `/`-separated path matches. */
  matches(path: string): boolean {
    const names = path.split('/').filter((n) => n !== '');
    return this.alternatives.some((segs) => this.matchFrom(segs, names));
  }

  /** Memoised over (pattern segment, path segment): O(segments²) segment matches at most. */
  private matchFrom(segs: Segment[], names: string[]): boolean {
    const memo = new Map<number, boolean>();
    const m = (i: number, j: number): boolean => {
      const key = i * (names.length + 1) + j;
      const known = memo.get(key);
      if (known !== undefined) return known;
      let r: boolean;
      const seg = segs[i];
      if (seg === undefined) r = j === names.length;
      else if (seg === 'globstar') r = m(i + 1, j) || (j < names.length && m(i, j + 1));
      else r = j < names.length && segmentMatches(seg, names[j]!, this.caseInsensitive) && m(i + 1, j + 1);
      memo.set(key, r);
      return r;
    };
    return m(0, 0);
  }
}

/** The path and each of its parent folders (`a/b/c` → `a`, `a/b`, `a/b/c`): a folder's pattern covers what is in it. */
export function pathAndParents(path: string): string[] {
  const names = path.split('/').filter((n) => n !== '' && n !== '.');
  return names.map((_, i) => names.slice(0, i + 1).join('/'));
}
