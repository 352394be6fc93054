// The composer's parameters popover: every request parameter, its range and source; this conversation's own values.
import type { ParameterRowView, WebviewStrings } from '../../../shared/chat/protocol';
import { h } from '../../shared/dom';
import { format } from '../../shared/format';
import { subscribe, type ChatContext } from './chatContext';

const REASONING_EFFORTS = ['minimal', 'low', 'medium', 'high'];

/** What a typed value means: empty is "not set here", `null` is "never send", JSON when it parses, else text. */
export function parseOwnValue(text: string): unknown {
  const v = text.trim();
  if (!v) return undefined;
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function sourceText(s: WebviewStrings, row: ParameterRowView): string {
  if (row.suppressed)
    return format(
      s.parameterNotSent,
      row.source === 'model'
        ? format(s.parameterFromModel, row.key ?? '')
        : row.source === 'conversation'
          ? s.parameterFromConversation
          : s.parameterFromSettings,
    );
  switch (row.source) {
    case 'conversation':
      return s.parameterFromConversation;
    case 'model':
      return format(s.parameterFromModel, row.key ?? '');
    case 'global':
      return s.parameterFromSettings;
    default:
      return s.parameterGatewayDefault;
  }
}

export function createParametersPanel(ctx: ChatContext): { element: HTMLDetailsElement } {
  const { host, signal } = ctx;
  const s = ctx.strings;
  const table = h('div', { class: 'parameters-table', role: 'group', 'aria-label': s.parameters });
  const reset = h('button', { type: 'button', class: 'text-button parameters-reset' }, s.parametersReset);
  const element = h('details', { class: 'parameters-panel' }, h('summary', {}, s.parameters), table, reset);
  const fields = new Map<string, HTMLInputElement | HTMLSelectElement>();

  const post = (): void => {
    const parameters: Record<string, unknown> = {};
    for (const [name, field] of fields) {
      const v = parseOwnValue(field.value);
      if (v !== undefined) parameters[name] = v;
    }
    host.post({ type: 'chat/setParameters', parameters });
  };
  reset.addEventListener('click', () => host.post({ type: 'chat/setParameters', parameters: {} }), { signal });

  const render = (rows: ParameterRowView[]): void => {
    const focused = (document.activeElement as HTMLElement | null)?.getAttribute('data-parameter');
    fields.clear();
    table.replaceChildren();
    for (const row of rows) {
      const id = `parameter-${row.name}`;
      let field: HTMLInputElement | HTMLSelectElement;
      if (row.name === 'reasoning_effort') {
        field = h(
          'select',
          { id, class: 'parameter-value', 'data-parameter': row.name },
          h('option', { value: '' }, row.value ? `(${JSON.parse(row.value) as string})` : '—'),
          ...REASONING_EFFORTS.map((e) => h('option', { value: JSON.stringify(e) }, e)),
          h('option', { value: 'null' }, 'null'),
        );
        field.value = row.own;
      } else {
        field = h('input', {
          id,
          type: 'text',
          class: 'parameter-value',
          'data-parameter': row.name,
          value: row.own,
          placeholder: row.value || (row.suppressed ? 'null' : ''),
        });
      }
      field.setAttribute('aria-describedby', `${id}-source`);
      field.addEventListener('change', post, { signal });
      fields.set(row.name, field);
      table.append(
        h('label', { class: 'parameter-name', for: id }, row.name),
        field,
        h('span', { class: 'parameter-range' }, row.range),
        h('span', { class: 'parameter-source', id: `${id}-source` }, sourceText(s, row)),
      );
    }
    if (focused) fields.get(focused)?.focus();
  };

  subscribe(ctx, (_state, event) => {
    if (event.type === 'parameters/didChange') render(event.rows);
  });
  return { element };
}
