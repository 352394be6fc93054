// DOM helpers shared by the chat and the video webviews: element creation, codicons, buttons.

/** An element with attributes (`class` sets className) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) el.append(c);
  return el;
}

/** A decorative codicon; screen readers skip it (the control carries the label). */
export function codicon(name: string): HTMLSpanElement {
  return h('span', { class: `codicon codicon-${name}`, 'aria-hidden': 'true' });
}

/** A button showing only an icon: its label is the tooltip and the accessible name. */
export function iconButton(icon: string, label: string, attrs: Record<string, string> = {}): HTMLButtonElement {
  return h(
    'button',
    { type: 'button', class: 'icon-button', title: label, 'aria-label': label, ...attrs },
    codicon(icon),
  );
}

/** A button with a text label. */
export function textButton(label: string, attrs: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'text-button', ...attrs }, label);
}

/** The first element matching `selector` whose `data-id` is `id` (no selector escaping needed). */
export function findByDataId<E extends HTMLElement = HTMLElement>(
  root: ParentNode,
  selector: string,
  id: string,
): E | undefined {
  return Array.from(root.querySelectorAll<E>(selector)).find((el) => el.getAttribute('data-id') === id);
}
