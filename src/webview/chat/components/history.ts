// The history view: search, open, rename, export and delete saved conversations (the host keeps them).
import { MAX_QUERY_CHARS, MAX_TITLE_CHARS, type HistoryItemView } from '../../../shared/chat/protocol';
import { findByDataId, h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionAttrs, actionIconButton, type ActionHandlers } from '../actions';
import { subscribe, type ChatContext } from './chatContext';

type HistoryActions = Pick<
  ActionHandlers,
  'hide-history' | 'history-open' | 'history-rename' | 'history-export' | 'history-delete'
>;

export interface History {
  element: HTMLElement;
  actions: HistoryActions;
}

/** Typing in the search box asks the host once the user pauses. */
const SEARCH_DELAY_MS = 200;

/** Fills `element` (the history view, whose visibility the app switches). */
export function createHistory(ctx: ChatContext, element: HTMLElement): History {
  const s = ctx.strings;
  const { store, host, signal } = ctx;
  const search = h('input', {
    type: 'search',
    class: 'history-search',
    'aria-label': s.searchHistory,
    placeholder: s.searchHistory,
  });
  const list = h('div', { class: 'history-list', role: 'list', 'aria-label': s.history });
  element.replaceChildren(
    h(
      'div',
      { class: 'history-header' },
      actionIconButton('arrow-left', s.back, 'hide-history'),
      h('h2', {}, s.history),
    ),
    search,
    list,
  );

  const render = (items: HistoryItemView[]): void => {
    if (!items.length) {
      list.replaceChildren(h('div', { class: 'empty' }, s.noHistory));
      return;
    }
    list.replaceChildren(
      ...items.map((it) => {
        const when = new Date(it.updatedAt).toLocaleString();
        const open = h(
          'button',
          {
            type: 'button',
            class: 'history-open',
            ...actionAttrs('history-open', { 'data-id': it.id }),
            title: it.title,
          },
          h('span', { class: 'history-title' }, it.title || '—'),
          h(
            'span',
            { class: 'history-meta' },
            `${when} · ${format(s.messages, it.messageCount)}${it.forkedFrom !== undefined ? ` · ${format(s.forkedFrom, it.forkedFrom || '—')}` : ''}`,
          ),
        );
        return h(
          'div',
          { class: 'history-item', role: 'listitem', 'data-id': it.id },
          open,
          h(
            'span',
            { class: 'history-actions' },
            actionIconButton('edit', s.rename, 'history-rename', { 'data-id': it.id }),
            actionIconButton('export', s.export, 'history-export', { 'data-id': it.id }),
            actionIconButton('trash', s.delete, 'history-delete', { 'data-id': it.id }),
          ),
        );
      }),
    );
  };
  const requestList = (): void => host.post({ type: 'history/list', query: search.value.slice(0, MAX_QUERY_CHARS) });
  const startRename = (id: string): void => {
    const item = findByDataId(list, '.history-item', id);
    if (!item) return;
    const input = h('input', {
      type: 'text',
      class: 'rename-input',
      'aria-label': s.rename,
      value: item.querySelector('.history-title')?.textContent ?? '',
    });
    const finish = (save: boolean): void => {
      const v = input.value.trim();
      if (save && v) host.post({ type: 'history/rename', id, title: v.slice(0, MAX_TITLE_CHARS) });
      else requestList();
    };
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') finish(true);
      if (e.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true), { once: true });
    item.replaceChildren(input);
    input.focus();
    input.select();
  };

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener(
    'input',
    () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(requestList, SEARCH_DELAY_MS);
    },
    { signal },
  );
  signal.addEventListener('abort', () => clearTimeout(searchTimer), { once: true });

  subscribe(ctx, (state, event) => {
    if (event.type === 'history/didList') render(state.history);
    // Each time the history is shown it is listed afresh (another window may have saved a conversation).
    else if (event.type === 'view/showHistory' || (event.type === 'ui/showHistory' && event.show)) {
      requestList();
      search.focus();
    }
  });

  const id = (t: HTMLElement) => t.getAttribute('data-id') ?? '';
  const actions: HistoryActions = {
    'hide-history': () => store.dispatch({ type: 'ui/showHistory', show: false }),
    'history-open': (t) => {
      store.dispatch({ type: 'ui/showHistory', show: false });
      host.post({ type: 'history/open', id: id(t) });
    },
    'history-rename': (t) => startRename(id(t)),
    'history-export': (t) => host.post({ type: 'history/export', id: id(t) }),
    'history-delete': (t) => host.post({ type: 'history/delete', id: id(t) }),
  };
  return { element, actions };
}
