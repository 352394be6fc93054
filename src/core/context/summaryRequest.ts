// The request that summarizes a conversation's oldest turns into one note, sized to fit the model's window.
import type { ChatRequest } from '../gateway';
import type { TurnMessage } from './turnMessage';

const INSTRUCTIONS =
  'You condense the earlier part of a conversation between a user and an assistant so that it can go on without ' +
  'those messages. Write one note that keeps what matters: what the user wants and asked for, decisions and their ' +
  'reasons, facts, names, numbers, file paths, code identifiers and snippets the conversation relies on, results ' +
  'of tool calls that are still needed, open questions and what was promised next. Leave out greetings and ' +
  'repetition. Write in the language of the conversation. Do not answer or continue the conversation.';

/** Characters per token assumed when the summarized text is cut to fit (the estimate's own ratio). */
const CHARS_PER_TOKEN = 4;

/**
 * The summary request for `messages` (and an earlier summary they follow), cut to about `maxTokens` of text:
 * each message keeps its head and tail so that nothing is asked that the window cannot hold.
 */
export function summaryRequest(
  model: string,
  messages: readonly TurnMessage[],
  earlier: string | undefined,
  maxTokens: number,
): ChatRequest {
  const budget = Math.max(1000, maxTokens * CHARS_PER_TOKEN);
  const parts = messages.map((m) => {
    const lines = [`${m.role === 'user' ? 'User' : 'Assistant'}: ${m.text}`];
    for (const c of m.toolCalls ?? [])
      lines.push(`Tool call ${c.name}(${c.arguments}) returned: ${c.result ?? '(no result)'}`);
    if (m.images?.length) lines.push(`[${m.images.length} image(s)]`);
    return lines.join('\n');
  });
  const total = parts.reduce((n, p) => n + p.length, 0) + (earlier?.length ?? 0);
  const share = total > budget ? budget / total : 1;
  const clip = (s: string): string => {
    const keep = Math.max(200, Math.floor(s.length * share));
    if (s.length <= keep) return s;
    const head = Math.ceil(keep * 0.7);
    return `${s.slice(0, head)}\n[… ${s.length - keep} characters left out …]\n${s.slice(s.length - (keep - head))}`;
  };
  const body = [
    ...(earlier ? [`Summary of what came before:\n${clip(earlier)}`] : []),
    'Conversation:',
    ...parts.map(clip),
  ].join('\n\n');
  return {
    model,
    messages: [
      { role: 'system', content: INSTRUCTIONS },
      { role: 'user', content: body },
    ],
  };
}
