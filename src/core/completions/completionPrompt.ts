// What a completion request sends: the text around the cursor within a token budget, as FIM or as a chat prompt.
import type { ChatMessage } from '../gateway';

/** A few lines from a recently used editor, by workspace-relative path. */
export interface NeighborSnippet {
  path: string;
  text: string;
}

export interface CompletionContextInput {
  /** The document's text before the cursor. */
  prefix: string;
  /** The document's text after the cursor. */
  suffix: string;
  /** Workspace-relative path (forward slashes). */
  path: string;
  languageId: string;
  neighbors?: readonly NeighborSnippet[];
  /** Tokens for everything sent (default 1500). */
  budgetTokens?: number;
}

export interface CompletionContext {
  prefix: string;
  suffix: string;
  path: string;
  languageId: string;
  neighbors: NeighborSnippet[];
  /** True when the suggestion may span lines (nothing but closers after the cursor on its line). */
  multiline: boolean;
}

const DEFAULT_BUDGET_TOKENS = 1500;
/** Share of the budget for the neighbors' snippets (at most), and of the rest for the text before the cursor. */
const NEIGHBOR_SHARE = 0.15;
const PREFIX_SHARE = 0.75;
/** What may follow the cursor on its line for a multi-line suggestion: closers, separators, quotes. */
const CLOSERS_ONLY = /^[\s)\]}>'"`;,]*$/;

/** Rough token count for code (about 4 characters a token), enough to stay well inside a model's window. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The last `maxChars` of `text`, starting at a line start unless all of it fits. */
function tailWithinBudget(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const tail = text.slice(text.length - maxChars);
  const nl = tail.indexOf('\n');
  return nl >= 0 ? tail.slice(nl + 1) : tail;
}

/** The first `maxChars` of `text`, ending at a line end unless all of it fits. */
function headWithinBudget(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const head = text.slice(0, maxChars);
  const nl = head.lastIndexOf('\n');
  return nl >= 0 ? head.slice(0, nl + 1) : head;
}

/** Cuts the prefix, suffix and neighbors to the token budget; whatever one part leaves unused goes to the other. */
export function buildCompletionContext(input: CompletionContextInput): CompletionContext {
  const budgetChars = (input.budgetTokens ?? DEFAULT_BUDGET_TOKENS) * 4;
  const neighbors: NeighborSnippet[] = [];
  let neighborChars = 0;
  for (const n of input.neighbors ?? []) {
    const size = n.text.length + n.path.length + 16;
    if (neighborChars + size > budgetChars * NEIGHBOR_SHARE) break;
    neighbors.push({ path: n.path, text: n.text });
    neighborChars += size;
  }
  const rest = budgetChars - neighborChars - input.path.length - input.languageId.length - 32;
  let prefixChars = Math.floor(rest * PREFIX_SHARE);
  let suffixChars = rest - prefixChars;
  if (input.suffix.length < suffixChars) {
    prefixChars += suffixChars - input.suffix.length;
    suffixChars = input.suffix.length;
  } else if (input.prefix.length < prefixChars) {
    suffixChars += prefixChars - input.prefix.length;
    prefixChars = input.prefix.length;
  }
  const prefix = tailWithinBudget(input.prefix, prefixChars);
  const suffix = headWithinBudget(input.suffix, suffixChars);
  const lineAfter = suffix.split('\n', 1)[0] ?? '';
  return {
    prefix,
    suffix,
    path: input.path,
    languageId: input.languageId,
    neighbors,
    multiline: CLOSERS_ONLY.test(lineAfter),
  };
}

const HASH_COMMENT = new Set([
  'python',
  'shellscript',
  'ruby',
  'perl',
  'r',
  'yaml',
  'toml',
  'dockerfile',
  'makefile',
  'powershell',
  'elixir',
  'julia',
  'coffeescript',
  'ini',
  'properties',
  'nim',
]);
const DASH_COMMENT = new Set(['sql', 'lua', 'haskell', 'ada', 'elm']);
const MARKUP_COMMENT = new Set(['html', 'xml', 'markdown', 'vue', 'svelte', 'xsl']);

/** Turns lines into comments of the file's language, so a FIM model reads them as context, not as code. */
function asComment(languageId: string, lines: readonly string[]): string {
  if (MARKUP_COMMENT.has(languageId)) return `<!--\n${lines.join('\n').replace(/-->/g, '-- >')}\n-->\n`;
  if (languageId === 'css') return `/*\n${lines.join('\n').replace(/\*\//g, '* /')}\n*/\n`;
  const mark = HASH_COMMENT.has(languageId)
    ? '#'
    : DASH_COMMENT.has(languageId)
      ? '--'
      : languageId === 'latex'
        ? '%'
        : '//';
  return lines.map((l) => (l ? `${mark} ${l}` : mark)).join('\n') + '\n';
}

/** The comment put before the prefix in a FIM prompt: path, language and the neighbors' snippets. */
export function fimHeader(ctx: CompletionContext): string {
  const lines = [`Path: ${ctx.path}`, `Language: ${ctx.languageId}`];
  for (const n of ctx.neighbors) lines.push(`Compare this snippet from ${n.path}:`, ...n.text.split('\n'));
  return asComment(ctx.languageId, lines);
}

export interface FimBody {
  model: string;
  prompt: string;
  suffix: string;
  max_tokens: number;
  temperature: number;
  stream: true;
  stop?: string[];
}

/** The body of `POST /completions`: a single-line suggestion stops at the line end on the gateway's side already. */
export function fimBody(ctx: CompletionContext, model: string, maxTokens: number): FimBody {
  const body: FimBody = {
    model,
    prompt: fimHeader(ctx) + ctx.prefix,
    suffix: ctx.suffix,
    max_tokens: ctx.multiline ? maxTokens : Math.min(maxTokens, 64),
    temperature: 0.1,
    stream: true,
  };
  if (!ctx.multiline) body.stop = ['\n'];
  return body;
}

/** Where the chat prompt marks the cursor; the test gateway knows these two strings too. */
const CURSOR_MARK = '<CURSOR>';
const CODE_INTRO = `Code, with the cursor marked ${CURSOR_MARK}:\n`;

const CHAT_SYSTEM =
  `You are a code completion engine. Reply with only the code that belongs at ${CURSOR_MARK}: ` +
  'no explanation, no Markdown fences, nothing that is already before or after the cursor.';

/** The messages of a chat-style completion: prefix and suffix marked, asking for the missing code only. */
export function chatCompletionMessages(ctx: CompletionContext): ChatMessage[] {
  const parts = [`File: ${ctx.path} (${ctx.languageId})`];
  for (const n of ctx.neighbors) parts.push(`Recently viewed, ${n.path}:\n${n.text}`);
  parts.push(
    ctx.multiline ? 'Complete the code at the cursor (at most one block).' : 'Complete the line at the cursor.',
  );
  parts.push(CODE_INTRO + ctx.prefix + CURSOR_MARK + ctx.suffix);
  return [
    { role: 'system', content: CHAT_SYSTEM },
    { role: 'user', content: parts.join('\n\n') },
  ];
}
