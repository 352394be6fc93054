// Editor context as prompt text: fenced code blocks with path, language and lines, fitted into a size budget.
import { promptStrings, type PromptLanguage } from './editorContextStrings';

/** A piece of code taken from an editor; lines are 1-based and inclusive. */
export interface CodeSnippet {
  /** Workspace-relative path (or the file name of an untitled or outside file). */
  path: string;
  /** VS Code language id, e.g. `typescript`. */
  languageId: string;
  startLine: number;
  endLine: number;
  code: string;
}

/** What the composer can carry along with a message (a "context chip"). */
export type ContextItem =
  | { kind: 'selection'; snippet: CodeSnippet }
  | { kind: 'file'; snippet: CodeSnippet }
  | { kind: 'openEditors'; paths: string[] }
  | { kind: 'problems'; problems: ProblemEntry[] };

export interface ProblemEntry {
  path: string;
  /** 1-based. */
  line: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
}

/** Smallest budget honoured; below it a notice alone would not fit. */
export const MIN_CONTEXT_CHARS = 200;
export const DEFAULT_CONTEXT_CHARS = 24_000;

/** A fence of backticks longer than any backtick run inside `code` (at least three), so the code cannot close it. */
export function fenceFor(code: string): string {
  let longest = 0;
  for (const m of code.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/** A language id usable as a fence info string (no spaces or backticks). */
function infoString(languageId: string): string {
  return languageId.replace(/[\s`]+/g, '');
}

export function lineRangeLabel(startLine: number, endLine: number, lang: PromptLanguage): string {
  const s = promptStrings(lang);
  return startLine === endLine ? s.line(startLine) : s.lines(startLine, endLine);
}

/** The header line naming the file, language and lines, then the fenced code. */
export function formatSnippet(snippet: CodeSnippet, lang: PromptLanguage): string {
  const code = snippet.code.replace(/\r\n/g, '\n').replace(/\n$/, '');
  const fence = fenceFor(code);
  const header = promptStrings(lang).snippetHeader(
    snippet.path,
    snippet.languageId,
    lineRangeLabel(snippet.startLine, snippet.endLine, lang),
  );
  return `${header}\n${fence}${infoString(snippet.languageId)}\n${code}\n${fence}`;
}

export interface Truncated {
  snippet: CodeSnippet;
  /** Characters of code left out (0 when the snippet fits). */
  omittedChars: number;
  originalChars: number;
  originalEndLine: number;
}

/**
 * Cuts `snippet` to at most `maxChars` characters of code, at a line end when one is near, keeping the start.
 * The line range shrinks to the lines actually kept.
 */
export function truncateSnippet(snippet: CodeSnippet, maxChars: number): Truncated {
  const code = snippet.code.replace(/\r\n/g, '\n');
  const originalChars = code.length;
  if (code.length <= maxChars)
    return { snippet: { ...snippet, code }, omittedChars: 0, originalChars, originalEndLine: snippet.endLine };
  let cut = Math.max(0, maxChars);
  const nl = code.lastIndexOf('\n', cut);
  // Prefer whole lines unless that would throw away most of the allowance (one huge line).
  if (nl > cut / 2) cut = nl;
  // Never split a surrogate pair.
  if (cut > 0 && /[\uD800-\uDBFF]/.test(code[cut - 1]!)) cut--;
  const kept = code.slice(0, cut).replace(/\n$/, '');
  const keptLines = kept === '' ? 0 : kept.split('\n').length;
  const endLine = Math.max(snippet.startLine, snippet.startLine + keptLines - 1);
  return {
    snippet: { ...snippet, code: kept, endLine },
    omittedChars: originalChars - kept.length,
    originalChars,
    originalEndLine: snippet.endLine,
  };
}

/** A snippet fitted into `maxChars` and formatted, with a visible notice when anything was left out. */
export function formatSnippetWithin(
  snippet: CodeSnippet,
  maxChars: number,
  lang: PromptLanguage,
): { text: string; truncated: boolean } {
  const t = truncateSnippet(snippet, Math.max(0, maxChars));
  const block = formatSnippet(t.snippet, lang);
  if (t.omittedChars === 0) return { text: block, truncated: false };
  const notice = promptStrings(lang).truncationNotice({
    path: snippet.path,
    shownLines: lineRangeLabel(t.snippet.startLine, t.snippet.endLine, lang),
    allLines: lineRangeLabel(snippet.startLine, t.originalEndLine, lang),
    shownChars: t.originalChars - t.omittedChars,
    allChars: t.originalChars,
  });
  return { text: `${block}\n${notice}`, truncated: true };
}

/** The lines `radius` either side of a 1-based range, clamped to the document. */
export function linesAround(
  startLine: number,
  endLine: number,
  lineCount: number,
  radius: number,
): { startLine: number; endLine: number } {
  return {
    startLine: Math.max(1, startLine - radius),
    endLine: Math.min(lineCount, Math.max(startLine, endLine) + radius),
  };
}

export interface ContextBlock {
  /** The text sent before the user's message; empty when there is no context. */
  text: string;
  /** Indexes of the items that were cut or left out, so the composer can mark them. */
  truncatedItems: number[];
}

function formatOpenEditors(paths: string[], lang: PromptLanguage): string {
  return `${promptStrings(lang).openEditorsHeader}\n${paths.map((p) => `- ${p}`).join('\n')}`;
}

function formatProblems(problems: ProblemEntry[], lang: PromptLanguage): string {
  const s = promptStrings(lang);
  const rows = problems.map(
    (p) =>
      `- ${p.path}:${p.line} ${s.severity[p.severity]}: ${p.message.replace(/\s*\n\s*/g, ' ')}${p.source ? ` (${p.source})` : ''}`,
  );
  return `${s.problemsHeader}\n${rows.join('\n')}`;
}

/** A list block cut to whole lines within `maxChars`, with a notice naming how many entries were left out. */
function listWithin(text: string, maxChars: number, lang: PromptLanguage): { text: string; truncated: boolean } {
  if (text.length <= maxChars) return { text, truncated: false };
  const lines = text.split('\n');
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > maxChars && kept.length > 0) break;
    kept.push(line);
    used += line.length + 1;
  }
  const left = lines.length - kept.length;
  return { text: `${kept.join('\n')}\n${promptStrings(lang).entriesOmitted(left)}`, truncated: true };
}

/**
 * All context items as one block within `maxChars` (the `applerouter.context.maxChars` budget). Items share the
 * budget in order; whatever does not fit is cut or left out with a notice in the text, never silently.
 */
export function buildContextBlock(items: ContextItem[], maxChars: number, lang: PromptLanguage): ContextBlock {
  if (items.length === 0) return { text: '', truncatedItems: [] };
  const s = promptStrings(lang);
  const budget = Math.max(MIN_CONTEXT_CHARS, Math.floor(maxChars));
  const parts: string[] = [s.contextIntro];
  const truncatedItems: number[] = [];
  let remaining = budget;
  items.forEach((item, index) => {
    if (remaining <= 0) {
      truncatedItems.push(index);
      parts.push(s.itemOmitted(describeItem(item, lang)));
      return;
    }
    let piece: { text: string; truncated: boolean };
    if (item.kind === 'selection' || item.kind === 'file') piece = formatSnippetWithin(item.snippet, remaining, lang);
    else if (item.kind === 'openEditors') piece = listWithin(formatOpenEditors(item.paths, lang), remaining, lang);
    else piece = listWithin(formatProblems(item.problems, lang), remaining, lang);
    if (piece.truncated) truncatedItems.push(index);
    const codeChars =
      item.kind === 'selection' || item.kind === 'file'
        ? Math.min(item.snippet.code.length, remaining)
        : piece.text.length;
    remaining -= codeChars;
    parts.push(piece.text);
  });
  return { text: parts.join('\n\n'), truncatedItems };
}

/** A short name for an item (chip labels and omission notices). */
export function describeItem(item: ContextItem, lang: PromptLanguage): string {
  const s = promptStrings(lang);
  switch (item.kind) {
    case 'selection':
      return `${item.snippet.path} (${lineRangeLabel(item.snippet.startLine, item.snippet.endLine, lang)})`;
    case 'file':
      return item.snippet.path;
    case 'openEditors':
      return s.openEditorsHeader.replace(/[:：]$/, '');
    case 'problems':
      return s.problemsHeader.replace(/[:：]$/, '');
  }
}
