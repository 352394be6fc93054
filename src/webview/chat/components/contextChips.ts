// The context chips above the message box: each label previews exactly what it sends, its × removes it.
import type { ContextChipView } from '../../../shared/chat/protocol';
import { codicon, h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionAttrs, actionIconButton, actionSelector, type ActionHandlers } from '../actions';
import { subscribe, type ChatContext } from './chatContext';

type ContextChipsActions = Pick<ActionHandlers, 'context-add' | 'context-remove' | 'context-preview'>;

export interface ContextChips {
  list: HTMLElement;
  preview: HTMLElement;
  actions: ContextChipsActions;
}

const ICONS: Record<ContextChipView['kind'], string> = {
  selection: 'selection',
  file: 'file',
  openEditors: 'files',
  problems: 'warning',
  rules: 'book',
};

/** `focusComposer` is where focus goes after a chip is removed (its button is gone). */
export function createContextChips(ctx: ChatContext, focusComposer: () => void): ContextChips {
  const s = ctx.strings;
  const { store, host } = ctx;
  const list = h('div', { class: 'context-chips', role: 'list', 'aria-label': s.context });
  const preview = h('pre', { class: 'context-preview', id: 'context-preview', tabindex: '0', hidden: '' });

  const render = (chips: ContextChipView[]): void => {
    list.replaceChildren(
      ...chips.map((c) => {
        const label = c.truncated ? `${c.label} (${s.contextTruncated})` : c.label;
        return h(
          'div',
          { class: c.truncated ? 'context-chip truncated' : 'context-chip', role: 'listitem' },
          h(
            'button',
            {
              type: 'button',
              class: 'chip-label',
              ...actionAttrs('context-preview', { 'data-id': c.id }),
              'aria-expanded': 'false',
              'aria-controls': 'context-preview',
              title: format(s.showContext, c.label),
              'aria-label': format(s.showContext, label),
            },
            codicon(ICONS[c.kind]),
            h('span', {}, label),
          ),
          actionIconButton('close', format(s.removeContext, c.label), 'context-remove', { 'data-id': c.id }),
        );
      }),
    );
    preview.hidden = true;
    preview.textContent = '';
  };

  subscribe(ctx, (state, event) => {
    if (event.type === 'context/didChange') render(state.chips);
  });

  const actions: ContextChipsActions = {
    'context-add': () => host.post({ type: 'context/add' }),
    'context-remove': (t) => {
      host.post({ type: 'context/remove', id: t.getAttribute('data-id') ?? '' });
      focusComposer();
    },
    'context-preview': (t) => {
      const chip = store.state.chips.find((c) => c.id === t.getAttribute('data-id'));
      const open = t.getAttribute('aria-expanded') === 'true';
      for (const b of list.querySelectorAll(actionSelector('context-preview')))
        b.setAttribute('aria-expanded', 'false');
      preview.hidden = open || !chip;
      preview.textContent = open || !chip ? '' : chip.detail;
      if (!open && chip) t.setAttribute('aria-expanded', 'true');
    },
  };
  return { list, preview, actions };
}
