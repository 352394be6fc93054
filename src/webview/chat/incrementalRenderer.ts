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
const PLAIN_SUFFIX = /^[\p{L}\p{N}\p{M} ,?\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20\p{Extended_Pictographic}\u200D\uFE0F]+$/u; // eslint-disable-line no-misleading-character-class -- ZWJ and VS16 are listed alone on purpose
/** A trailing word that linkify might still turn into a link once more letters arrive. */
const LINK_TAIL = /[.:@/][^\s]*$/;

/** Renders one whole markdown text (used for replays, and as the reference in tests and the bench). */
export function renderFull(kit: MarkdownKit, text: string): DocumentFragment {
  return kit.sanitize(kit.final.render(normalizeNewlines(text), {}));
}

export function normalizeNewlines(s: string): string {
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
  /** Source of the open block as last drawn, to skip redraws that change nothing. */
  private drawnOpen: string | undefined;
  private readonly env: Env = {};
  private readonly openEl: HTMLElement;
  private finished = false;
  private chunks = 0;

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
    this.src += normalizeNewlines(d);
  }

  /** One frame's worth of work: commit newly finished blocks, redraw the open block if it changed. */
  render(): void {
    if (this.finished) return;
    const lastNl = this.src.lastIndexOf('\n');
    if (lastNl >= this.committed && lastNl > this.scannedNl) {
      this.scannedNl = lastNl;
      // Boundaries come from complete lines only: a half-written line could still change how it parses.
      const complete = this.src.slice(this.committed, lastNl + 1);
      const tokens = this.kit.blocks.parse(complete, { ...this.env, references: { ...this.env.references } });
      let lastStart = -1;
      let cutLine = 0;
      for (const t of tokens) {
        if (t.level !== 0 || t.nesting === -1 || !t.map) continue;
        if (lastStart >= 0) cutLine = t.map[0];
        lastStart = t.map[0];
        if (isClosedFence(t, complete)) cutLine = t.map[1];
      }
      if (cutLine > 0) {
        const cut = this.committed + lineOffset(complete, cutLine);
        this.commit(this.src.slice(this.committed, cut));
        this.committed = cut;
        this.drawnOpen = undefined;
      }
    }
    const open = this.src.slice(this.committed);
    if (open !== this.drawnOpen) {
      if (this.appendPlain(open)) return;
      this.drawnOpen = open;
      const env: Env = { references: { ...this.env.references } };
      this.openEl.replaceChildren(this.kit.sanitize(this.kit.open.render(open, env)));
    }
  }

  /**
   * The common frame: plain words added to the open paragraph. They go into its last text node as they are,
   * which is what a full redraw would produce, at a fraction of the cost; anything else returns false.
   */
  private appendPlain(open: string): boolean {
    const before = this.drawnOpen;
    if (before === undefined || !open.startsWith(before)) return false;
    const suffix = open.slice(before.length);
    if (!PLAIN_SUFFIX.test(suffix) || LINK_TAIL.test(before) || before.trim() === '') return false;
    const p = this.openEl.firstElementChild;
    const text = p?.lastChild;
    if (!p || p !== this.openEl.lastElementChild || p.tagName !== 'P' || !text || text.nodeType !== 3) return false;
    // A paragraph's trailing spaces are trimmed when drawn: they reappear once text follows them.
    const trailing = /\s+$/.exec(before)?.[0] ?? '';
    // A new line's leading spaces are dropped when drawn: lines go the full way.
    if (trailing.includes('\n')) return false;
    const combined = trailing + suffix;
    const visible = combined.replace(/\s+$/, '');
    if (visible) (text as Text).appendData(visible);
    this.drawnOpen = open;
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
