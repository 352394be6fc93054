// The context meter above the composer: how full the next request is against the model's window, by part, with a
// warning from 80 % and "Compact now".
import type { ContextUsageView } from '../../../shared/chat/protocol';
import { h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionTextButton, type ActionHandlers } from '../actions';
import { subscribe, type ChatContext } from './chatContext';

/** From this share of the window on, the meter warns (compaction happens at about 90 %). */
const WARN_AT = 0.8;

export interface ContextMeter {
  element: HTMLElement;
  actions: Pick<ActionHandlers, 'compact-now'>;
}

export function createContextMeter(ctx: ChatContext): ContextMeter {
  const s = ctx.strings;
  const { host } = ctx;
  const segments = {
    system: h('span', { class: 'context-part context-system' }),
    tools: h('span', { class: 'context-part context-tools' }),
    messages: h('span', { class: 'context-part context-messages' }),
  };
  const detail = h('span', { class: 'sr-only', id: 'context-meter-detail' });
  const bar = h(
    'div',
    {
      class: 'context-bar',
      role: 'meter',
      tabindex: '0',
      'aria-valuemin': '0',
      'aria-describedby': 'context-meter-detail',
      'aria-label': s.contextWindow,
    },
    segments.system,
    segments.tools,
    segments.messages,
  );
  const label = h('span', { class: 'context-label' });
  const warning = h('div', { class: 'context-warning', hidden: '' }, s.contextNearlyFull);
  const compact = actionTextButton(s.compactNow, 'compact-now');
  const element = h(
    'div',
    { class: 'context-meter', hidden: '' },
    h('div', { class: 'context-row' }, bar, label, compact),
    detail,
    warning,
  );

  const render = (u: ContextUsageView | undefined, userMessages: number): void => {
    // Shown once the conversation has a message: an empty one has nothing to measure yet.
    element.hidden = !u || u.window <= 0 || userMessages === 0;
    if (!u || u.window <= 0 || userMessages === 0) return;
    const share = u.used / u.window;
    const percent = Math.min(999, Math.round(share * 100));
    const text = format(s.contextMeter, u.used.toLocaleString(), u.window.toLocaleString(), percent);
    label.textContent = u.exact ? text : `${text} · ${s.contextEstimated}`;
    label.title = label.textContent;
    bar.setAttribute('aria-valuemax', String(u.window));
    bar.setAttribute('aria-valuenow', String(Math.min(u.used, u.window)));
    bar.setAttribute('aria-valuetext', label.textContent);
    const parts: [keyof typeof segments, string][] = [
      ['system', s.contextSystem],
      ['tools', s.contextTools],
      ['messages', s.contextMessages],
    ];
    const lines: string[] = [];
    for (const [key, name] of parts) {
      segments[key].style.width = `${Math.min(100, (u[key] / u.window) * 100)}%`;
      lines.push(format(s.contextMeterDetail, name, u[key].toLocaleString()));
    }
    detail.textContent = lines.join('; ');
    bar.title = lines.join('\n');
    const warn = share >= WARN_AT;
    element.classList.toggle('warn', warn);
    warning.hidden = !warn;
    // There is something to summarize once an earlier turn exists (the newest is always kept).
    compact.hidden = userMessages < 2;
  };

  subscribe(ctx, (state, _event, previous) => {
    if (state.contextUsage === previous.contextUsage && state.conversation === previous.conversation) return;
    const users = state.conversation?.messages.filter((m) => m.role === 'user').length ?? 0;
    render(state.contextUsage, users);
  });
  return { element, actions: { 'compact-now': () => host.post({ type: 'context/compact' }) } };
}
