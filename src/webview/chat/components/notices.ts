// Notices above the transcript (a failed model list, a refused image) and the panel asking for an API key.
import { h } from '../../shared/dom';
import { actionAttrs, actionIconButton, type ActionHandlers } from '../actions';
import type { Notice } from '../state/chatState';
import { subscribe, type ChatContext } from './chatContext';

type NoticesActions = Pick<ActionHandlers, 'dismiss-notice'>;

export interface Notices {
  element: HTMLElement;
  /** Shown instead of a transcript while no API key is stored. */
  noKey: HTMLElement;
  actions: NoticesActions;
}

export function createNotices(ctx: ChatContext): Notices {
  const s = ctx.strings;
  const { store } = ctx;
  const element = h('div', { class: 'notices', role: 'status' });
  const noKey = h(
    'div',
    { class: 'no-key', hidden: '' },
    h('h2', {}, s.noKeyTitle),
    h('p', {}, s.noKeyBody),
    h('button', { type: 'button', class: 'primary-button', ...actionAttrs('set-api-key') }, s.setApiKey),
  );

  const noticeElement = (n: Notice): HTMLElement =>
    h(
      'div',
      { class: 'notice', 'data-id': String(n.id) },
      h('span', { class: 'notice-text' }, n.message),
      ...(n.action === 'manageTrust'
        ? [h('button', { type: 'button', class: 'notice-action', ...actionAttrs('manage-trust') }, s.manageTrust)]
        : []),
      actionIconButton('close', s.cancel, 'dismiss-notice', { 'data-id': String(n.id) }),
    );
  /** Adds the new notices and drops the dismissed ones, leaving the others (and focus in them) alone. */
  const render = (notices: Notice[]): void => {
    const keep = new Set(notices.map((n) => String(n.id)));
    for (const el of Array.from(element.querySelectorAll<HTMLElement>('.notice')))
      if (!keep.has(el.getAttribute('data-id') ?? '')) el.remove();
    const shown = new Set(Array.from(element.querySelectorAll('.notice'), (el) => el.getAttribute('data-id')));
    for (const n of notices) if (!shown.has(String(n.id))) element.append(noticeElement(n));
  };

  noKey.hidden = store.state.hasKey;
  subscribe(ctx, (state, _event, previous) => {
    if (state.hasKey !== previous.hasKey) noKey.hidden = state.hasKey;
    if (state.notices !== previous.notices) render(state.notices);
  });
  const actions: NoticesActions = {
    'dismiss-notice': (t) => store.dispatch({ type: 'ui/dismissNotice', id: Number(t.getAttribute('data-id')) }),
  };
  return { element, noKey, actions };
}
