// Reads a veo chat-completions stream: video URLs in any form the relays use, progress lines, failure.

import type { ChatEvent } from '../gateway/types';

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  equals: '=',
  sol: '/',
  quest: '?',
  num: '#',
  percnt: '%',
};

/** Decodes the HTML entities that appear in attribute values (`&amp;`, `&#38;`, `&#x26;`, …). */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** Characters that end a bare URL; `)` and trailing punctuation are trimmed afterwards. */
const BARE_URL = /https?:\/\/[^\s<>"'`\][{}|\\^]+/gi;
const VIDEO_EXTENSION = /\.(mp4|webm|mov|m4v|mkv)(?:[?#]|$)/i;

function cleanUrl(raw: string): string | undefined {
  let url = decodeHtmlEntities(raw.trim());
  // Trailing sentence punctuation is almost never part of a signed URL.
  url = url.replace(/[.,;:!?。，；！？]+$/u, '');
  // An unbalanced closing parenthesis belongs to surrounding prose or markdown.
  while (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) {
    url = url.slice(0, -1);
  }
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return url;
  } catch {
    return undefined;
  }
}

function pushUnique(into: string[], url: string | undefined): void {
  if (url && !into.includes(url)) into.push(url);
}

interface Found {
  index: number;
  end: number;
  url: string | undefined;
}

const TAG = /<(?:video|source)\b[^>]*>/gi;
const SRC_ATTR = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;
const MD_LINK = /!?\[[^\]\n]*\]\(\s*(?:<([^>\n]+)>|((?:[^\s()]|\([^\s()]*\))+))(?:\s+["'][^"'\n]*["'])?\s*\)/g;

/** `src` attribute values of `<video>` and `<source>` tags, double-, single- or un-quoted. */
function tagUrls(text: string): Found[] {
  return [...text.matchAll(TAG)].map((m) => {
    const src = SRC_ATTR.exec(m[0]);
    const index = m.index ?? 0;
    return { index, end: index + m[0].length, url: src ? cleanUrl(src[1] ?? src[2] ?? src[3] ?? '') : undefined };
  });
}

/** Targets of markdown links and images: `[▶️ …](https://….mp4)`, `[x](<url>)`, `[x](url "title")`. */
function markdownUrls(text: string): Found[] {
  return [...text.matchAll(MD_LINK)].map((m) => {
    const index = m.index ?? 0;
    return { index, end: index + m[0].length, url: cleanUrl(m[1] ?? m[2] ?? '') };
  });
}

function blank(text: string, found: Found[]): string {
  let out = text;
  for (const f of found) out = out.slice(0, f.index) + ' '.repeat(f.end - f.index) + out.slice(f.end);
  return out;
}

export interface ExtractOptions {
  /** Accept bare URLs only when they look like a video file (used for progress text). */
  bareVideoOnly?: boolean;
}

/** Most video links taken from one answer: a hostile answer cannot start hundreds of downloads. */
export const MAX_VIDEO_URLS = 8;
/** Most progress lines kept (the latest win) and the longest one kept, in characters. */
export const MAX_PROGRESS_LINES = 200;
export const MAX_PROGRESS_LINE_CHARS = 500;
/** Longest unfinished line held while waiting for its end (a stream without newlines stays bounded). */
const MAX_PENDING_CHARS = 64 * 1024;

/**
 * Every video URL in the text, in order of appearance, without duplicates: `<video src>` and
 * `<source src>` tags (any quoting, HTML entities; also inside a ```html fence, which is plain text to
 * this reader), markdown links, and bare http(s) URLs.
 */
export function extractVideoUrls(text: string, options: ExtractOptions = {}): string[] {
  // Each pass blanks what it matched, so a URL inside a tag or a link is not read again as a bare URL.
  const tags = tagUrls(text);
  const withoutTags = blank(text, tags);
  const links = markdownUrls(withoutTags);
  const rest = blank(withoutTags, links);
  const bare: Found[] = [];
  for (const m of rest.matchAll(BARE_URL)) {
    const url = cleanUrl(m[0]);
    if (!url || (options.bareVideoOnly && !VIDEO_EXTENSION.test(new URL(url).pathname))) continue;
    bare.push({ index: m.index ?? 0, end: (m.index ?? 0) + m[0].length, url });
  }
  const urls: string[] = [];
  for (const f of [...tags, ...links, ...bare].sort((a, b) => a.index - b.index)) pushUnique(urls, f.url);
  return urls;
}

/** A line that carries a result rather than progress: markup, a fence or a URL. */
function isResultLine(line: string): boolean {
  return /[<>]|^```|https?:\/\//i.test(line);
}

/** The percentage in a progress line such as `生成进度: 7%` or `Progress: 42.5 %`, if any. */
export function progressPercent(line: string): number | undefined {
  const m = /(\d{1,3}(?:\.\d+)?)\s*%/.exec(line);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= 100 ? n : undefined;
}

/** A progress line that announces failure (`❌ 生成失败: …`, `Generation failed: …`). */
export function isFailureLine(line: string): boolean {
  return /❌|失败|错误|\bfail(ed|ure)?\b|\berror\b/i.test(line);
}

export type ChatVideoOutcome =
  | { kind: 'success'; urls: string[]; finishReason?: string }
  | {
      kind: 'failure';
      /** Why: the gateway's error object, a stream that ended without a video, or one that said it failed. */
      reason: 'error' | 'noVideo';
      /** The gateway's error message, else the last progress line, else undefined. */
      message?: string;
      finishReason?: string;
    };

/**
 * Collects a veo chat stream. Progress lines come from `reasoning_content` or from `content`; the
 * result is every video URL found. "No URL and no finish_reason" is a failure reported with the last
 * progress line; a finish_reason without a URL is a failure too (there is nothing to show).
 */
/** Most text of each channel kept for finding the links (the latest wins: results come at the end). */
export const MAX_COLLECTED_CHARS = 4 * 1024 * 1024;

function keepTail(text: string): string {
  return text.length > MAX_COLLECTED_CHARS ? text.slice(-MAX_COLLECTED_CHARS) : text;
}

export class ChatVideoCollector {
  private content = '';
  private reasoning = '';
  private finishReason: string | undefined;
  private errorMessage: string | undefined;
  /** Completed progress lines in arrival order, across both channels. */
  private lines: string[] = [];
  private partial: Record<'content' | 'reasoning', string> = { content: '', reasoning: '' };
  private lastChannel: 'content' | 'reasoning' = 'reasoning';

  /** Feeds one event; returns the progress lines it completed (for live display). */
  push(event: ChatEvent): string[] {
    switch (event.type) {
      case 'content':
        this.content = keepTail(this.content + event.text);
        return this.take('content', event.text);
      case 'reasoning':
        this.reasoning = keepTail(this.reasoning + event.text);
        return this.take('reasoning', event.text);
      case 'finish':
        this.finishReason = event.reason;
        return [];
      default:
        return [];
    }
  }

  /** Records a gateway error (an `{"error":…}` chunk or a failed request). */
  fail(message: string): void {
    this.errorMessage = message;
  }

  /** Progress lines so far, including an unfinished last line. */
  get progressLines(): string[] {
    const pending = [this.partial.reasoning, this.partial.content]
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !isResultLine(l));
    return [...this.lines, ...pending];
  }

  get lastProgressLine(): string | undefined {
    const pending = this.partial[this.lastChannel].trim();
    if (pending && !isResultLine(pending)) return pending;
    return this.lines[this.lines.length - 1];
  }

  /** The latest percentage any progress line reported. */
  get percent(): number | undefined {
    const lines = this.progressLines;
    for (let i = lines.length - 1; i >= 0; i--) {
      const p = progressPercent(lines[i]!);
      if (p !== undefined) return p;
    }
    return undefined;
  }

  /** The answer's video links, at most MAX_VIDEO_URLS of them. */
  get urls(): string[] {
    const all = extractVideoUrls(this.content);
    for (const u of extractVideoUrls(this.reasoning, { bareVideoOnly: true })) pushUnique(all, u);
    return all.slice(0, MAX_VIDEO_URLS);
  }

  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  outcome(): ChatVideoOutcome {
    const urls = this.urls;
    if (urls.length > 0) return { kind: 'success', urls, finishReason: this.finishReason };
    if (this.errorMessage !== undefined) {
      return { kind: 'failure', reason: 'error', message: this.errorMessage, finishReason: this.finishReason };
    }
    return { kind: 'failure', reason: 'noVideo', message: this.lastProgressLine, finishReason: this.finishReason };
  }

  private take(channel: 'content' | 'reasoning', text: string): string[] {
    this.lastChannel = channel;
    const parts = (this.partial[channel] + text).split(/\r\n|\r|\n/);
    const pending = parts.pop() ?? '';
    this.partial[channel] = pending.length > MAX_PENDING_CHARS ? pending.slice(-MAX_PENDING_CHARS) : pending;
    const done = parts
      .map((l) => l.trim())
      .filter((l) => l.length > 0 && !isResultLine(l))
      .map((l) => (l.length > MAX_PROGRESS_LINE_CHARS ? `${l.slice(0, MAX_PROGRESS_LINE_CHARS - 1)}…` : l));
    this.lines.push(...done);
    if (this.lines.length > MAX_PROGRESS_LINES) this.lines.splice(0, this.lines.length - MAX_PROGRESS_LINES);
    return done;
  }
}
