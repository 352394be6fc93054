// The conversation's title (named by the host) and its system prompt.
import { h } from '../../shared/dom';
import { subscribe, type ChatContext } from './chatContext';

export interface ConversationHeader {
  title: HTMLElement;
  systemDetails: HTMLDetailsElement;
}

export function createConversationHeader(ctx: ChatContext): ConversationHeader {
  const s = ctx.strings;
  const { host, signal } = ctx;
  const title = h('div', { class: 'conversation-title', title: '' });
  const systemPrompt = h('textarea', { class: 'system-prompt', rows: '3', 'aria-label': s.systemPrompt, placeholder: s.systemPromptPlaceholder });
  const systemDetails = h('details', { class: 'system-details' }, h('summary', {}, s.systemPrompt), systemPrompt);

  systemPrompt.addEventListener('change', () => host.post({ type: 'chat/setSystemPrompt', text: systemPrompt.value }), { signal });
  subscribe(ctx, (state, event, previous) => {
    if (state.title !== previous.title || event.type === 'conversation/didLoad') {
      title.textContent = state.title;
      title.title = state.title;
    }
    if (event.type === 'conversation/didLoad') {
      systemPrompt.value = event.conversation.systemPrompt;
      if (event.conversation.systemPrompt) systemDetails.open = true;
    }
  });
  return { title, systemDetails };
}
