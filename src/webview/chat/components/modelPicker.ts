// The model picker: a combobox that filters the gateway's models as you type and posts the choice to the host.
import { codicon, h } from '../../shared/dom';
import type { ModelView } from '../../../shared/chat/protocol';
import { subscribe, type ChatContext } from './chatContext';

export interface ModelPicker {
  element: HTMLElement;
  input: HTMLInputElement;
}

/** At most this many options are drawn; typing narrows the list. */
const MAX_SHOWN = 200;

export function createModelPicker(ctx: ChatContext): ModelPicker {
  const s = ctx.strings;
  const { store, host, signal } = ctx;
  const input = h('input', {
    type: 'text',
    class: 'model-input',
    role: 'combobox',
    'aria-label': s.model,
    'aria-expanded': 'false',
    'aria-controls': 'model-list',
    'aria-autocomplete': 'list',
    placeholder: s.searchModels,
    spellcheck: 'false',
  });
  const list = h('ul', { id: 'model-list', class: 'model-list', role: 'listbox', 'aria-label': s.model, hidden: '' });
  // With several gateway profiles, the selected model's profile is named beside it.
  const profileLabel = h('span', { class: 'model-profile', hidden: '' });
  const element = h('div', { class: 'model-picker' }, codicon('sparkle'), input, profileLabel, list);
  let active = -1;

  const selected = () => store.state.selectedModel;
  // Without profiles (one gateway) the id alone names the model.
  const isSelected = (m: ModelView): boolean =>
    m.id === selected() && (store.state.selectedProfile === undefined || m.profile === store.state.selectedProfile);
  const render = (filter: string): void => {
    const q = filter.trim().toLowerCase();
    const matches = (m: ModelView): boolean =>
      !q || m.id.toLowerCase().includes(q) || !!m.profileName?.toLowerCase().includes(q) || isSelected(m);
    const shown = store.state.models.filter(matches).slice(0, MAX_SHOWN);
    const rows: HTMLElement[] = [];
    let group: string | undefined;
    shown.forEach((m, i) => {
      // Models are grouped by profile (the host sends them in profile order); each group starts with its name.
      if (m.profile !== undefined && m.profile !== group) {
        group = m.profile;
        rows.push(h('li', { role: 'presentation', class: 'model-group' }, m.profileName ?? m.profile));
      }
      const label = m.profileName ? `${m.id} (${m.profileName})` : undefined;
      const li = h(
        'li',
        {
          role: 'option',
          id: `model-opt-${i}`,
          'data-model': m.id,
          'aria-selected': String(isSelected(m)),
          class: 'model-option',
          ...(label ? { 'aria-label': label } : {}),
        },
        m.id,
      );
      if (m.profile !== undefined) li.setAttribute('data-profile', m.profile);
      if (m.video) li.append(h('span', { class: 'badge' }, s.videoModel));
      else if (m.image) li.append(h('span', { class: 'badge' }, s.imageModel));
      rows.push(li);
    });
    list.replaceChildren(...rows);
    active = -1;
  };
  const showProfile = (): void => {
    const id = store.state.selectedProfile;
    const name = id === undefined ? undefined : (store.state.models.find((m) => m.profile === id)?.profileName ?? id);
    profileLabel.textContent = name ?? '';
    profileLabel.hidden = name === undefined;
    if (name === undefined) input.removeAttribute('aria-description');
    else input.setAttribute('aria-description', name);
  };
  const open = (): void => {
    render(input.value === selected() ? '' : input.value);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  };
  const close = (): void => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const choose = (opt: HTMLElement): void => {
    const id = opt.getAttribute('data-model')!;
    const profile = opt.getAttribute('data-profile') ?? undefined;
    input.value = id;
    close();
    store.dispatch({ type: 'ui/selectModel', model: id, ...(profile !== undefined ? { profile } : {}) });
    host.post({ type: 'chat/setModel', model: id, ...(profile !== undefined ? { profile } : {}) });
    showProfile();
  };
  const moveActive = (delta: number): void => {
    const opts = Array.from(list.querySelectorAll<HTMLElement>('[role="option"]'));
    if (!opts.length) return;
    active = (active + delta + opts.length) % opts.length;
    opts.forEach((o, i) => o.classList.toggle('active', i === active));
    const el = opts[active]!;
    input.setAttribute('aria-activedescendant', el.id);
    // jsdom has no layout, hence no scrollIntoView.
    el.scrollIntoView?.({ block: 'nearest' });
  };

  input.addEventListener(
    'focus',
    () => {
      input.select();
      open();
    },
    { signal },
  );
  input.addEventListener(
    'input',
    () => {
      render(input.value);
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    },
    { signal },
  );
  input.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        if (list.hidden) open();
        moveActive(1);
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        moveActive(-1);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        const opts = list.querySelectorAll<HTMLElement>('[role="option"]');
        const pick = opts[active >= 0 ? active : 0];
        if (pick) choose(pick);
      } else if (e.key === 'Escape') {
        input.value = selected();
        close();
      }
    },
    { signal },
  );
  input.addEventListener(
    'blur',
    () =>
      setTimeout(() => {
        if (signal.aborted || document.activeElement === input) return;
        input.value = selected();
        close();
      }, 150),
    { signal },
  );
  // The list takes clicks without stealing focus first.
  list.addEventListener('mousedown', (e) => e.preventDefault(), { signal });
  list.addEventListener(
    'click',
    (e) => {
      const opt = (e.target as Element).closest<HTMLElement>('[data-model]');
      if (opt) choose(opt);
    },
    { signal },
  );

  subscribe(ctx, (state, event) => {
    // While the user types a search, a model list arriving must not overwrite it.
    if (event.type === 'models/didLoad' && document.activeElement !== input) input.value = state.selectedModel;
    else if (event.type === 'conversation/didLoad') input.value = state.selectedModel;
    if (event.type === 'models/didLoad' || event.type === 'conversation/didLoad') showProfile();
  });
  return { element, input };
}
