// The conversation's title (named by the host), where it was forked from, and its system prompt.
import type { MessageView } from '../../../shared/chat/protocol';
import { h } from '../../shared/dom';
import { format, formatUsd } from '../../shared/format';
import { subscribe, type ChatContext } from './chatContext';

export interface ConversationHeader {
  title: HTMLElement;
  /** "Forked from …" under the title of a forked conversation. */
  origin: HTMLElement;
  /** The conversation's running token total (its answers' usage added up); hidden while there is none. */
  usage: HTMLElement;
  systemDetails: HTMLDetailsElement;
}

export function createConversationHeader(ctx: ChatContext): ConversationHeader {
  const s = ctx.strings;
  const { host, signal } = ctx;
  const title = h('div', { class: 'conversation-title', title: '' });
  const origin = h('div', { class: 'conversation-origin', hidden: '' });
  const usage = h('div', { class: 'conversation-usage', hidden: '' });
  const systemPrompt = h('textarea', {
    class: 'system-prompt',
    rows: '3',
    'aria-label': s.systemPrompt,
    placeholder: s.systemPromptPlaceholder,
  });
  const systemDetails = h('details', { class: 'system-details' }, h('summary', {}, s.systemPrompt), systemPrompt);

  systemPrompt.addEventListener('change', () => host.post({ type: 'chat/setSystemPrompt', text: systemPrompt.value }), {
    signal,
  });
  subscribe(ctx, (state, event, previous) => {
    if (state.conversation !== previous.conversation) {
      const total = conversationUsage(state.conversation?.messages ?? []);
      usage.hidden = total.total === 0;
      const tokens = total.total ? format(s.conversationTokens, total.total, total.prompt, total.completion) : '';
      usage.textContent =
        tokens && total.costUsd !== undefined
          ? `${tokens} · ${format(s.estimatedCost, formatUsd(total.costUsd))}`
          : tokens;
    }
    if (state.title !== previous.title || event.type === 'conversation/didLoad') {
      title.textContent = state.title;
      title.title = state.title;
    }
    if (event.type === 'conversation/didLoad') {
      const from = event.conversation.forkedFrom;
      origin.textContent = from ? format(s.forkedFrom, from.title || '—') : '';
      origin.hidden = !from;
      systemPrompt.value = event.conversation.systemPrompt;
      if (event.conversation.systemPrompt) systemDetails.open = true;
    }
  });
  return { title, origin, usage, systemDetails };
}

/**
 * Every answer's usage added up (answers without usage count as nothing), and the estimated costs added up where
 * there are any (undefined when no answer has one).
 */
export function conversationUsage(messages: readonly MessageView[]): {
  total: number;
  prompt: number;
  completion: number;
  costUsd?: number;
} {
  const sum: { total: number; prompt: number; completion: number; costUsd?: number } = {
    total: 0,
    prompt: 0,
    completion: 0,
  };
  for (const m of messages) {
    if (m.costUsd !== undefined) sum.costUsd = (sum.costUsd ?? 0) + m.costUsd;
    const u = m.usage;
    if (!u) continue;
    sum.prompt += u.promptTokens ?? 0;
    sum.completion += u.completionTokens ?? 0;
    sum.total += u.totalTokens ?? (u.promptTokens ?? 0) + (u.completionTokens ?? 0);
  }
  return sum;
}
