// An answer's tool calls as compact cards: tool, status, duration, a short result, arguments and result expandable.
import type { MessageView, ToolCallView, WebviewStrings } from '../../../shared/chat/protocol';
import { codicon, h } from '../../shared/dom';
import { format } from '../../shared/format';

const ICONS: Record<ToolCallView['status'], string> = {
  pending: 'clock',
  running: 'loading codicon-modifier-spin',
  done: 'check',
  denied: 'circle-slash',
  error: 'error',
  cancelled: 'debug-stop',
};

function statusLabel(s: WebviewStrings, status: ToolCallView['status']): string {
  switch (status) {
    case 'pending':
      return s.toolPending;
    case 'running':
      return s.toolRunning;
    case 'done':
      return s.toolDone;
    case 'denied':
      return s.toolDenied;
    case 'error':
      return s.toolFailed;
    case 'cancelled':
      return s.toolCancelled;
  }
}

function shortLine(text: string, max = 100): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

function card(s: WebviewStrings, c: ToolCallView, open: boolean): HTMLElement {
  const label = statusLabel(s, c.status);
  const summary = h(
    'summary',
    { 'aria-label': `${format(s.toolCall, c.name)}: ${label}` },
    codicon(ICONS[c.status]),
    h('span', { class: 'tool-name' }, c.name),
    h('span', { class: 'tool-status' }, label),
  );
  if (c.durationMs !== undefined)
    summary.append(h('span', { class: 'tool-duration' }, format(s.seconds, (c.durationMs / 1000).toFixed(1))));
  // Everything here is text nodes: a tool's output is as untrusted as the model's.
  if (c.result !== undefined) summary.append(h('span', { class: 'tool-short' }, shortLine(c.result)));
  const el = h(
    'details',
    { class: `tool-call tool-${c.status}`, 'data-call': c.id },
    summary,
    h('div', { class: 'tool-section-label' }, s.toolArguments),
    h('pre', { class: 'tool-arguments' }, c.arguments),
  );
  if (c.result !== undefined)
    el.append(h('div', { class: 'tool-section-label' }, s.toolResult), h('pre', { class: 'tool-result' }, c.result));
  el.open = open;
  return el;
}

/** (Re)renders the cards of a message, keeping which ones the user opened. */
export function renderToolCalls(s: WebviewStrings, el: HTMLElement, m: MessageView): void {
  let box = el.querySelector<HTMLElement>('.tool-calls');
  if (!m.toolCalls?.length) {
    box?.remove();
    return;
  }
  if (!box) {
    box = h('div', { class: 'tool-calls', role: 'group', 'aria-label': format(s.toolCall, '') });
    el.querySelector('.message-body')?.after(box);
  }
  const opened = new Set(
    Array.from(box.querySelectorAll<HTMLDetailsElement>('details[open]')).map((d) => d.getAttribute('data-call')),
  );
  const cards = m.toolCalls.map((c) => card(s, c, opened.has(c.id)));
  if (m.toolCallsNotRun)
    cards.push(h('p', { class: 'tool-calls-not-run' }, format(s.toolCallsNotRun, m.toolCallsNotRun)));
  box.replaceChildren(...cards);
}
