// The Explain / Ask / Fix prompts built from editor code, and a message with its context chips prepended.
import {
  buildContextBlock,
  formatSnippetWithin,
  lineRangeLabel,
  type CodeSnippet,
  type ContextItem,
} from './editorContext';
import { promptStrings, type PromptLanguage } from './editorContextStrings';

export interface BuiltPrompt {
  /** The user message, exactly as it is sent and shown in the transcript. */
  text: string;
  /** True when code was cut to fit the budget (the text then carries a notice saying so). */
  truncated: boolean;
}

export interface DiagnosticInfo {
  message: string;
  severity: 'error' | 'warning' | 'info' | 'hint';
  /** 1-based lines of the diagnostic's own range. */
  startLine: number;
  endLine: number;
  source?: string;
  code?: string;
}

/** "Explain this code" with the snippet. */
export function buildExplainPrompt(snippet: CodeSnippet, lang: PromptLanguage, maxChars: number): BuiltPrompt {
  const block = formatSnippetWithin(snippet, maxChars, lang);
  return { text: `${promptStrings(lang).explain}\n\n${block.text}`, truncated: block.truncated };
}

/** The user's own question about the snippet (the question first, then the code). */
export function buildAskPrompt(
  snippet: CodeSnippet,
  question: string,
  lang: PromptLanguage,
  maxChars: number,
): BuiltPrompt {
  const block = formatSnippetWithin(snippet, maxChars, lang);
  return { text: `${promptStrings(lang).ask(question.trim())}\n\n${block.text}`, truncated: block.truncated };
}

/** "Fix this problem": where it is, the diagnostic's own message, the code around it, what answer to give. */
export function buildFixPrompt(
  snippet: CodeSnippet,
  diagnostic: DiagnosticInfo,
  lang: PromptLanguage,
  maxChars: number,
): BuiltPrompt {
  const s = promptStrings(lang);
  const where = lineRangeLabel(diagnostic.startLine, diagnostic.endLine, lang);
  const block = formatSnippetWithin(snippet, maxChars, lang);
  const text = [
    s.fixIntro(snippet.path, where),
    s.diagnostic(s.severity[diagnostic.severity], diagnostic.message.trim(), diagnostic.source, diagnostic.code),
    block.text,
    s.fixRequest,
  ].join('\n\n');
  return { text, truncated: block.truncated };
}

/** The message the user typed with the context of their chips before it; `truncatedItems` mark what was cut. */
export function buildMessageWithContext(
  message: string,
  items: ContextItem[],
  lang: PromptLanguage,
  maxChars: number,
): BuiltPrompt & { truncatedItems: number[] } {
  const context = buildContextBlock(items, maxChars, lang);
  if (!context.text) return { text: message, truncated: false, truncatedItems: [] };
  return {
    text: `${context.text}\n\n${message}`,
    truncated: context.truncatedItems.length > 0,
    truncatedItems: context.truncatedItems,
  };
}
