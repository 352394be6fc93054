// The request that summarizes a conversation's oldest turns into one note, sized to fit the model's window.
import type { ChatRequest } from '../gateway';
import type { TurnMessage } from './turnMessage';

const INSTRUCTIONS =
  'You condense the earlier part of a conversation between a user and an assistant so that it can go on without ' +
  'those messages. Write one note that keeps what matters: what the user wants and asked for, decisions and their ' +
  'reasons, facts, names, numbers, file paths, code identifiers and snippets the conversation relies on, results ' +
  'of tool calls that are still needed, open questions and what was promised next. Leave out greetings and ' +
  'repetition. Write in the language of the conversation. Do not answer or continue the conversation.';

/** Characters every kept message keeps at least (its head), so that each stays recognisable. */
const MIN_PART = 120;

/**
 * The summary request for `messages` (and an earlier summary they follow), cut to about `maxTokens` (counted by
 * `tokensOf`): each message keeps its head and tail in proportion, and when even that is too much, the oldest
 * messages are left out, so that nothing is asked that the window cannot hold.
 */
export function summaryRequest(
  model: string,
  messages: readonly TurnMessage[],
  earlier: string | undefined,
  maxTokens: number,
  tokensOf: (text: string) => number,
): ChatRequest {
  let parts = messages.map((m) => {
    const lines = [`${m.role === 'user' ? 'User' : 'Assistant'}: ${m.text}`];
    for (const c of m.toolCalls ?? [])
      lines.push(`Tool call ${c.name}(${c.arguments}) returned: ${c.result ?? '(no result)'}`);
    if (m.images?.length) lines.push(`[${m.images.length} image(s)]`);
    return lines.join('\n');
  });
  const head = earlier ? [`Summary of what came before:\n${earlier}`] : [];
  const all = [...head, ...parts].join('\n\n');
  // The budget in characters, at this text's own characters per token (CJK text has far fewer than English).
  const budget = Math.floor(maxTokens * (all.length / Math.max(1, tokensOf(all))));
  let left = 0;
  while (parts.length > 1 && (parts.length + head.length) * MIN_PART * 2 > budget) {
    parts = parts.slice(1);
    left++;
  }
  const kept = [...head, ...parts];
  const total = kept.reduce((n, p) => n + p.length, 0);
  const share = total > budget ? Math.max(0, budget - kept.length * MIN_PART) / total : 1;
  const clip = (p: string): string => {
    const keep = Math.min(p.length, MIN_PART + Math.floor(p.length * share));
    if (keep >= p.length) return p;
    const front = Math.ceil(keep * 0.7);
    return `${p.slice(0, front)}\n[… ${p.length - keep} characters left out …]\n${p.slice(p.length - (keep - front))}`;
  };
  const body = [
    ...head.map(clip),
    'Conversation:',
    ...(left ? [`[${left} older messages left out]`] : []),
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
