// The conversation's title (named by the host), where it was forked from, and its system prompt.
import { h } from '../../shared/dom';
import { format } from '../../shared/format';
import { subscribe, type ChatContext } from './chatContext';

export interface ConversationHeader {
  title: HTMLElement;
  /** "Forked from …" under the title of a forked conversation. */
  origin: HTMLElement;
  systemDetails: HTMLDetailsElement;
}

export function createConversationHeader(ctx: ChatContext): ConversationHeader {
  const s = ctx.strings;
  const { host, signal } = ctx;
  const title = h('div', { class: 'conversation-title', title: '' });
  const origin = h('div', { class: 'conversation-origin', hidden: '' });
  const systemPrompt = h('textarea', { class: 'system-prompt', rows: '3', 'aria-label': s.systemPrompt, placeholder: s.systemPromptPlaceholder });
  const systemDetails = h('details', { class: 'system-details' }, h('summary', {}, s.systemPrompt), systemPrompt);

  systemPrompt.addEventListener('change', () => host.post({ type: 'chat/setSystemPrompt', text: systemPrompt.value }), { signal });
  subscribe(ctx, (state, event, previous) => {
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
  return { title, origin, systemDetails };
}
