// Streams markdown into the DOM: finished blocks are rendered once and kept, only the open block is redrawn.
import type Token from 'markdown-it/lib/token.mjs';
import type { MarkdownKit } from './markdownKit';

type Env = { references?: Record<string, unknown> };

/** Offset of the start of line `line` (0-based) in `text`. */
function lineOffset(text: string, line: number): number {
  let pos = 0;
  for (let i = 0; i < line; i++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  return pos;
}

/** A top-level fence whose closing line is already there can never change again. */
function isClosedFence(t: Token, text: string): boolean {
  if (t.type !== 'fence' || !t.map || t.map[1] - 1 <= t.map[0]) return false;
  const start = lineOffset(text, t.map[1] - 1);
  const end = text.indexOf('\n', start);
  const line = text.slice(start, end < 0 ? text.length : end);
  const ch = t.markup[0]!;
  const m = /^ {0,3}(`+|~+)[ \t]*$/.exec(line);
  return !!m && m[1]![0] === ch && m[1]!.length >= t.markup.length;
}

/**
 * Characters that can never change how the text before them parses when appended to a paragraph: letters,
 * digits, marks, spaces, CJK punctuation, emoji. Everything else (markdown punctuation, '.', ':', '@', '/', '&',
 * ';', newlines, tabs) takes the full redraw.
 */
const PLAIN_SUFFIX =
  /^[\p{L}\p{N}\p{M} ,?\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\p{Extended_Pictographic}\u200D\uFE0F]+$/u; // eslint-disable-line no-misleading-character-class -- ZWJ and VS16 are listed alone on purpose
/** A fence opener at the start of a line (no indentation: its content is then the source text as it is). */
const FENCE_OPENER = /^(`{3,}|~{3,})/;

/** An unclosed fence that is the whole open block: new lines are only checked for its closing line. */
interface OpenFence {
  char: string;
  length: number;
  /** Offset up to which complete lines were checked for a closing fence. */
  scanned: number;
  /** The source from `scanned` on (appended as it arrives). */
  tail: string;
  /** Offset just after the opener line: the fast path starts once that much is drawn. */
  openerEnd: number;
}

/** A trailing word that linkify might still turn into a link once more letters arrive. */
const LINK_TAIL = /[.:@/][^\s]*$/;

/** Renders one whole markdown text (used for replays, and as the reference in tests and the bench). */
export function renderFull(kit: MarkdownKit, text: string): DocumentFragment {
  return kit.sanitize(kit.final.render(normalizeNewlines(text), {}));
}

function normalizeNewlines(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}

export class IncrementalRenderer {
  private src = '';
  /** A trailing '\r' waits for the next delta: it may be the first half of '\r\n'. */
  private pendingCr = false;
  /** Everything before this offset is rendered into finished blocks. */
  private committed = 0;
  /** Offset of the last newline already examined for block boundaries. */
  private scannedNl = -1;
  /**
   * The open block as last drawn: the source from `committed` to `drawnEnd` (-1: not drawn since the last commit).
   * The source only grows, so the next frame's new text is `src.slice(drawnEnd)`: no frame compares or copies the
   * whole open block unless it redraws it.
   */
  private drawnEnd = -1;
  private readonly env: Env = {};
  private readonly openEl: HTMLElement;
  private finished = false;
  private chunks = 0;
  /** Set while the open block is a fence that has not closed: its frames cost only their new text. */
  private openFence: OpenFence | undefined;
  /** Offset of the last newline in `src` (-1: none yet). */
  private lastNl = -1;
  /** Text appended since the open block was last drawn (equals `src.slice(drawnEnd)` while `drawnEnd >= 0`). */
  private undrawn = '';
  /** The open fence's code element as last drawn whole (found once, not looked up every frame). */
  private openCode: Element | undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly kit: MarkdownKit,
    /** Called with the text of each newly finished block (for the screen-reader live region). */
    private readonly onCommit?: (text: string) => void,
  ) {
    this.openEl = kit.document.createElement('div');
    this.openEl.className = 'md-open';
    container.appendChild(this.openEl);
  }

  get text(): string {
    return this.src;
  }

  append(delta: string): void {
    if (this.finished || delta === '') return;
    let d = this.pendingCr ? '\r' + delta : delta;
    this.pendingCr = d.endsWith('\r');
    if (this.pendingCr) d = d.slice(0, -1);
    d = normalizeNewlines(d);
    // Kept apart from `src`, so a frame never has to read (and flatten) the whole source to find what is new.
    const nl = d.lastIndexOf('\n');
    if (nl >= 0) this.lastNl = this.src.length + nl;
    this.src += d;
    this.undrawn += d;
    if (this.openFence) this.openFence.tail += d;
  }

  /** One frame's worth of work: commit newly finished blocks, redraw the open block if it changed. */
  render(): void {
    if (this.finished) return;
    const lastNl = this.lastNl;
    if (this.openFence && lastNl > this.scannedNl && !this.fenceClosesBy()) this.scannedNl = lastNl;
    if (lastNl >= this.committed && lastNl > this.scannedNl) {
      this.scannedNl = lastNl;
      // Boundaries come from complete lines only: a half-written line could still change how it parses.
      const complete = this.src.slice(this.committed, lastNl + 1);
      const tokens = this.kit.blocks.parse(complete, { ...this.env, references: { ...this.env.references } });
      let lastStart = -1;
      let cutLine = 0;
      let last: Token | undefined;
      for (const t of tokens) {
        if (t.level !== 0 || t.nesting === -1 || !t.map) continue;
        if (lastStart >= 0) cutLine = t.map[0];
        lastStart = t.map[0];
        last = t;
        if (isClosedFence(t, complete)) cutLine = t.map[1];
      }
      if (cutLine > 0) {
        const cut = this.committed + lineOffset(complete, cutLine);
        this.commit(this.src.slice(this.committed, cut));
        this.committed = cut;
        this.drawnEnd = -1;
      }
      this.openFence = undefined;
      // The open block is one unclosed fence starting the open text at column 0: later lines only need a closer check.
      if (last?.type === 'fence' && last.map && last.map[0] === cutLine && !isClosedFence(last, complete)) {
        const opener = FENCE_OPENER.exec(this.src.slice(this.committed));
        if (opener && opener[1]![0] === last.markup[0] && opener[1]!.length === last.markup.length) {
          this.openFence = {
            char: last.markup[0]!,
            length: last.markup.length,
            scanned: lastNl + 1,
            tail: this.src.slice(lastNl + 1),
            openerEnd: this.src.indexOf('\n', this.committed) + 1,
          };
        }
      }
    }
    if (this.drawnEnd >= 0) {
      const suffix = this.undrawn;
      if (suffix === '') return;
      if (this.appendToOpenFence(suffix) || this.appendPlain(suffix)) {
        this.drawnEnd = this.src.length;
        this.undrawn = '';
        return;
      }
    }
    const open = this.src.slice(this.committed);
    this.drawnEnd = this.src.length;
    this.undrawn = '';
    const env: Env = { references: { ...this.env.references } };
    this.openEl.replaceChildren(this.kit.sanitize(this.kit.open.render(open, env)));
    this.openCode =
      this.openFence && this.openEl.childElementCount === 1
        ? (this.openEl.querySelector('pre > code') ?? undefined)
        : undefined;
  }

  /** The whitespace at the end of the drawn open block (scanned backwards: only as long as it is). */
  private drawnTrailingWhitespace(): string {
    let i = this.drawnEnd;
    while (i > this.committed && /\s/.test(this.src[i - 1]!)) i--;
    return this.src.slice(i, this.drawnEnd);
  }

  /** The last run of non-whitespace in the drawn open block (scanned backwards). */
  private drawnLastWord(): string {
    let end = this.drawnEnd;
    while (end > this.committed && /\s/.test(this.src[end - 1]!)) end--;
    let start = end;
    while (start > this.committed && !/\s/.test(this.src[start - 1]!)) start--;
    return this.src.slice(start, end);
  }

  /**
   * The common frame: plain words added to the open paragraph. They go into its last text node as they are,
   * which is what a full redraw would produce, at a fraction of the cost; anything else returns false.
   */
  private appendPlain(suffix: string): boolean {
    if (!PLAIN_SUFFIX.test(suffix)) return false;
    const lastWord = this.drawnLastWord();
    const trailing = this.drawnTrailingWhitespace();
    // An open block of only whitespace, or a trailing word linkify might still extend, takes the full redraw.
    if (lastWord === '' || (trailing === '' && LINK_TAIL.test(lastWord))) return false;
    const p = this.openEl.firstElementChild;
    const text = p?.lastChild;
    if (!p || p !== this.openEl.lastElementChild || p.tagName !== 'P' || !text || text.nodeType !== 3) return false;
    // A paragraph's trailing spaces are trimmed when drawn: they reappear once text follows them.
    // A new line's leading spaces are dropped when drawn: lines go the full way.
    if (trailing.includes('\n')) return false;
    const combined = trailing + suffix;
    const visible = combined.replace(/\s+$/, '');
    if (visible) (text as Text).appendData(visible);
    return true;
  }

  /** True when a newly completed line closes the open fence (then the full scan takes over); reads only new text. */
  private fenceClosesBy(): boolean {
    const f = this.openFence!;
    const closer = new RegExp(`^ {0,3}(${f.char === '`' ? '`' : '~'}{${f.length},})[ \\t]*$`);
    const end = f.tail.lastIndexOf('\n');
    if (end < 0) return false;
    for (const line of f.tail.slice(0, end).split('\n')) {
      if (closer.test(line)) {
        this.openFence = undefined;
        return true;
      }
    }
    f.scanned += end + 1;
    f.tail = f.tail.slice(end + 1);
    return false;
  }

  /**
   * The frame of an open code block: the new text goes into the code element's text node as it is, which is what a
   * full redraw of the unclosed fence would produce (plain, escaped, not yet highlighted); anything else returns false.
   */
  private appendToOpenFence(suffix: string): boolean {
    if (!this.openFence) return false;
    // A NUL is replaced when parsed, and the opener line must be complete (drawn) before the content starts.
    if (suffix.includes('\0') || this.openFence.openerEnd > this.drawnEnd) return false;
    const code = this.openCode;
    if (!code) return false;
    // A text node of its own per frame: growing one node would copy all of its text every frame.
    code.appendChild(this.kit.document.createTextNode(suffix));
    return true;
  }

  /** The answer is complete: everything left becomes a finished block. */
  finish(): void {
    if (this.finished) return;
    if (this.pendingCr) {
      this.src += '\n';
      this.pendingCr = false;
    }
    const rest = this.src.slice(this.committed);
    this.openEl.remove();
    if (rest) this.commit(rest);
    this.committed = this.src.length;
    this.finished = true;
    // A reference definition may come after a block that uses it; only a whole render resolves that.
    if (this.chunks > 1 && this.env.references && Object.keys(this.env.references).length > 0) {
      const frag = renderFull(this.kit, this.src);
      const wrap = this.kit.document.createElement('div');
      wrap.className = 'md-block';
      wrap.appendChild(frag);
      this.container.replaceChildren(wrap);
    }
  }

  private commit(source: string): void {
    const html = this.kit.final.render(source, this.env);
    const wrap = this.kit.document.createElement('div');
    wrap.className = 'md-block';
    wrap.appendChild(this.kit.sanitize(html));
    this.container.insertBefore(wrap, this.openEl.parentNode === this.container ? this.openEl : null);
    this.chunks++;
    const text = wrap.textContent ?? '';
    if (this.onCommit && text.trim()) this.onCommit(text);
  }
}
