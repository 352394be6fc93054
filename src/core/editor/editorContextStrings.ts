// The wording of prompts and context blocks sent to the model, in English and Simplified Chinese.

/** The language prompts are written in; it follows VS Code's display language. */
export type PromptLanguage = 'en' | 'zh';

/** `vscode.env.language` (e.g. `zh-cn`, `zh-tw`, `en`, `de`) → the prompt language; Chinese for any `zh*`. */
export function promptLanguageFor(displayLanguage: string | undefined): PromptLanguage {
  return /^zh\b/i.test(displayLanguage ?? '') ? 'zh' : 'en';
}

interface TruncationInfo {
  path: string;
  shownLines: string;
  allLines: string;
  shownChars: number;
  allChars: number;
}

export interface PromptStrings {
  line(n: number): string;
  lines(from: number, to: number): string;
  snippetHeader(path: string, languageId: string, range: string): string;
  truncationNotice(info: TruncationInfo): string;
  entriesOmitted(count: number): string;
  itemOmitted(name: string): string;
  contextIntro: string;
  openEditorsHeader: string;
  problemsHeader: string;
  severity: Record<'error' | 'warning' | 'info' | 'hint', string>;
  explain: string;
  ask(question: string): string;
  fixIntro(path: string, range: string): string;
  diagnostic(severity: string, message: string, source: string | undefined, code: string | undefined): string;
  fixRequest: string;
}

const group = (n: number) => n.toLocaleString('en-US');

const en: PromptStrings = {
  line: (n) => `line ${n}`,
  lines: (a, b) => `lines ${a}–${b}`,
  snippetHeader: (path, languageId, range) => `\`${path}\` (${languageId}, ${range}):`,
  truncationNotice: (i) =>
    `[Truncated: only ${i.shownLines} of ${i.allLines} of \`${i.path}\` are included (${group(i.shownChars)} of ${group(i.allChars)} characters) to stay within the context size limit.]`,
  entriesOmitted: (n) =>
    `[Truncated: ${n} more ${n === 1 ? 'entry' : 'entries'} left out to stay within the context size limit.]`,
  itemOmitted: (name) => `[Left out: ${name} did not fit within the context size limit.]`,
  contextIntro: 'Context from my editor:',
  openEditorsHeader: 'Open editors:',
  problemsHeader: 'Problems:',
  severity: { error: 'error', warning: 'warning', info: 'info', hint: 'hint' },
  explain: 'Explain what this code does, step by step. Point out anything surprising or likely to be a bug.',
  ask: (q) => q,
  fixIntro: (path, range) => `Fix the problem reported in \`${path}\` at ${range}.`,
  diagnostic: (severity, message, source, code) =>
    `${severity[0]!.toUpperCase()}${severity.slice(1)}${source ? ` from ${source}` : ''}${code ? ` (${code})` : ''}: ${message}`,
  fixRequest:
    'Explain the cause briefly, then give the corrected code as one complete code block that can replace the code shown.',
};

const zh: PromptStrings = {
  line: (n) => `第 ${n} 行`,
  lines: (a, b) => `第 ${a}–${b} 行`,
  snippetHeader: (path, languageId, range) => `\`${path}\`（${languageId}，${range}）：`,
  truncationNotice: (i) =>
    `[已截断：为不超过上下文长度限制，\`${i.path}\` 的${i.allLines}中只包含${i.shownLines}（${group(i.allChars)} 个字符中的 ${group(i.shownChars)} 个）。]`,
  entriesOmitted: (n) => `[已截断：为不超过上下文长度限制，另有 ${n} 项未包含。]`,
  itemOmitted: (name) => `[未包含：${name} 超出了上下文长度限制。]`,
  contextIntro: '以下是我编辑器中的上下文：',
  openEditorsHeader: '打开的编辑器：',
  problemsHeader: '问题：',
  severity: { error: '错误', warning: '警告', info: '信息', hint: '提示' },
  explain: '请逐步解释这段代码的作用，并指出其中令人意外或可能有错误的地方。',
  ask: (q) => q,
  fixIntro: (path, range) => `请修复 \`${path}\` ${range}报告的问题。`,
  diagnostic: (severity, message, source, code) =>
    `${severity}${source ? `（来自 ${source}）` : ''}${code ? `（${code}）` : ''}：${message}`,
  fixRequest: '请先简要说明原因，然后以一个完整的代码块给出修正后的代码，可直接替换上面显示的代码。',
};

export function promptStrings(lang: PromptLanguage): PromptStrings {
  return lang === 'zh' ? zh : en;
}
