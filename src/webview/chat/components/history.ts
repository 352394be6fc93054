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

/** History rows made at a time (more as the list is scrolled). */
const ROWS_PER_PAGE = 100;
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

  // Thousands of conversations: rows are made a page at a time, the next page when the end of the list nears.
  let pending: HistoryItemView[] = [];
  const more = h('div', { class: 'history-more', 'aria-hidden': 'true' });
  const nextPage = (): void => {
    const page = pending.slice(0, ROWS_PER_PAGE);
    pending = pending.slice(ROWS_PER_PAGE);
    more.before(...page.map(row));
    more.hidden = pending.length === 0;
  };
  const observer =
    typeof IntersectionObserver === 'undefined'
      ? undefined
      : new IntersectionObserver((e) => e.some((x) => x.isIntersecting) && nextPage(), {
          rootMargin: '400px 0px',
        });
  signal.addEventListener('abort', () => observer?.disconnect(), { once: true });
  const render = (items: HistoryItemView[]): void => {
    if (!items.length) {
      list.replaceChildren(h('div', { class: 'empty' }, s.noHistory));
      return;
    }
    // Without IntersectionObserver (tests in jsdom) every row is made at once.
    pending = observer ? [...items] : [];
    list.replaceChildren(...(observer ? [] : items.map(row)), more);
    if (observer) {
      nextPage();
      observer.observe(more);
    } else more.hidden = true;
  };
  function row(it: HistoryItemView): HTMLElement {
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
  }
  /** The title being edited: lists pushed meanwhile wait (the host lists again once it is renamed). */
  let editing: HTMLInputElement | undefined;
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
    editing = input;
    const finish = (save: boolean): void => {
      // Enter, then the blur of the input leaving: one rename.
      if (editing !== input) return;
      editing = undefined;
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
    if (event.type === 'history/didList') {
      // A list pushed after another window's change: not for an older query, and not under a title being edited.
      if (event.query !== search.value.slice(0, MAX_QUERY_CHARS)) return;
      if (editing?.isConnected) return;
      render(state.history);
    }
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
