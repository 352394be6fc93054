// One message of the transcript: header, images, reasoning, body, status, error with its actions, footer, videos.
import type { ErrorAction, MessageView, WebviewStrings } from '../../../shared/chat/protocol';
import { codicon, h } from '../../shared/dom';
import { format, formatUsd } from '../../shared/format';
import { actionIconButton, actionTextButton } from '../actions';
import { IncrementalRenderer } from '../incrementalRenderer';
import type { MarkdownKit } from '../markdownKit';
import { renderToolCalls } from './toolCallCards';
import { renderGeneratedImages } from './generatedImages';

/** A message's element; a streaming answer's body is left empty for the transcript's renderer. */
export function messageElement(
  s: WebviewStrings,
  kit: MarkdownKit,
  m: MessageView,
  isLastAssistant: boolean,
): HTMLElement {
  const el = h('div', { class: `message ${m.role}`, role: 'listitem', 'data-id': m.id });
  const header = h(
    'div',
    { class: 'message-header' },
    codicon(m.role === 'user' ? 'account' : 'sparkle'),
    h('span', { class: 'role' }, m.role === 'user' ? s.you : s.assistant),
  );
  if (m.role === 'assistant' && m.model) header.append(h('span', { class: 'model-name' }, m.model));
  el.append(header);
  // An image answer's images are shown large, with their actions (see generatedImages).
  if (m.images?.length && !m.generated) {
    const imgs = h('div', { class: 'message-images' });
    m.images.forEach((img, index) => {
      // Our own data: URIs (validated by the host): allowed by the CSP, no network.
      if (!img.dataUrl.startsWith('data:image/')) return;
      const thumb = h('img', {
        class: 'thumb',
        src: img.dataUrl,
        alt: img.name,
        title: `${img.name} (${img.width}×${img.height})`,
      });
      // A pasted image can be edited with an image model, like a file in the explorer.
      const edit = actionIconButton('edit', format(s.imageEditPasted, img.name), 'image-act', {
        'data-message': m.id,
        'data-index': String(index),
        'data-image-action': 'edit',
      });
      imgs.append(m.role === 'user' ? h('span', { class: 'thumb-box' }, thumb, edit) : thumb);
    });
    el.append(imgs);
  }
  if (m.role === 'assistant') {
    const reasoning = h(
      'details',
      { class: 'reasoning', hidden: '' },
      h('summary', {}, s.reasoning),
      h('div', { class: 'reasoning-text' }),
    );
    if (m.reasoning) {
      reasoning.hidden = false;
      reasoning.querySelector('.reasoning-text')!.textContent = m.reasoning;
    }
    if (m.status === 'streaming') reasoning.open = true;
    el.append(reasoning);
  }
  const body = h('div', { class: m.role === 'assistant' ? 'message-body markdown' : 'message-body plain' });
  el.append(
    body,
    h('div', { class: 'message-videos', hidden: '' }),
    h('div', { class: 'message-generated', hidden: '' }),
  );
  if (m.role === 'user') body.textContent = m.text;
  else if (m.status !== 'streaming') {
    const r = new IncrementalRenderer(body, kit);
    r.append(m.text);
    r.finish();
  }
  el.append(
    h('div', { class: 'message-status' }),
    h('div', { class: 'message-error' }),
    h('div', { class: 'message-footer' }),
  );
  updateMessageChrome(s, el, m, isLastAssistant);
  renderVideos(s, el, m);
  renderGeneratedImages(s, el, m);
  renderToolCalls(s, el, m);
  return el;
}

/** Status line, error, footer (meta and actions) of a message. */
export function updateMessageChrome(
  s: WebviewStrings,
  el: HTMLElement,
  m: MessageView,
  isLastAssistant: boolean,
): void {
  const status = el.querySelector<HTMLElement>('.message-status')!;
  status.textContent = m.status === 'interrupted' ? s.interrupted : m.status === 'stopped' ? s.stopped : '';
  status.hidden = !status.textContent;
  const errEl = el.querySelector<HTMLElement>('.message-error')!;
  errEl.replaceChildren();
  errEl.hidden = true;
  const actions = new Set<ErrorAction>(m.error?.actions ?? []);
  if (m.status === 'interrupted') actions.add('retry');
  if (m.error?.message || actions.size) {
    errEl.hidden = false;
    errEl.classList.toggle('actions-only', !m.error?.message);
    errEl.setAttribute('role', m.status === 'error' ? 'alert' : 'status');
    if (m.error?.message) errEl.append(codicon('error'), h('span', { class: 'error-text' }, m.error.message));
    const row = h('div', { class: 'error-actions' });
    if (actions.has('setApiKey')) row.append(actionTextButton(s.setApiKey, 'set-api-key'));
    if (actions.has('dropParameter') && m.error?.parameter)
      row.append(
        actionTextButton(format(s.sendWithout, m.error.parameter), 'drop-parameter', { 'data-message': m.id }),
      );
    if (actions.has('retry')) row.append(actionTextButton(s.retry, 'retry', { 'data-message': m.id }));
    if (actions.has('showLog')) row.append(actionTextButton(s.showLog, 'show-log'));
    errEl.append(row);
  }
  const footer = el.querySelector<HTMLElement>('.message-footer')!;
  footer.replaceChildren();
  if (m.status === 'streaming') return;
  if (m.choices && m.choices > 1) footer.append(alternativesControl(s, m, m.choices, m.chosen ?? 0));
  footer.append(h('span', { class: 'meta' }, messageMeta(s, m)));
  const acts = h('span', { class: 'message-actions' });
  if (m.text) acts.append(actionIconButton('copy', s.copy, 'copy-message', { 'data-message': m.id }));
  if (m.role === 'user')
    acts.append(actionIconButton('edit', s.editAndResend, 'edit-message', { 'data-message': m.id }));
  if (m.role === 'assistant' && isLastAssistant)
    acts.append(actionIconButton('refresh', s.regenerate, 'retry', { 'data-message': m.id }));
  acts.append(actionIconButton('repo-forked', s.forkFromHere, 'fork-message', { 'data-message': m.id }));
  footer.append(acts);
}

/** "1.2 s · 30 tokens (10 in, 20 out)" under an answer; empty for the user's messages. */
function messageMeta(s: WebviewStrings, m: MessageView): string {
  const meta: string[] = [];
  if (m.role === 'assistant') {
    if (m.durationMs !== undefined) meta.push(format(s.seconds, (m.durationMs / 1000).toFixed(1)));
    const u = m.usage;
    if (u && (u.totalTokens !== undefined || u.completionTokens !== undefined)) {
      const total = u.totalTokens ?? (u.promptTokens ?? 0) + (u.completionTokens ?? 0);
      meta.push(format(s.tokens, total, u.promptTokens ?? '?', u.completionTokens ?? '?'));
    }
    if (m.costUsd !== undefined) meta.push(format(s.estimatedCost, formatUsd(m.costUsd)));
  }
  return meta.join(' · ');
}

/** A veo answer's videos, played from the local files through the URIs the host made; or "saving…". */
export function renderVideos(s: WebviewStrings, el: HTMLElement, m: MessageView): void {
  const box = el.querySelector<HTMLElement>('.message-videos');
  if (!box) return;
  const v = m.video;
  if (!v || (v.state !== 'saving' && v.files.length === 0)) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  if (v.state === 'saving') {
    box.replaceChildren(
      h(
        'div',
        { class: 'video-saving', role: 'status' },
        codicon('loading codicon-modifier-spin'),
        h('span', {}, s.videoSaving),
      ),
    );
    return;
  }
  // Re-rendering the same files would restart playback.
  const shown = Array.from(box.querySelectorAll('video'))
    .map((x) => x.getAttribute('src'))
    .join('\n');
  if (shown === v.files.map((f) => f.src).join('\n')) return;
  box.replaceChildren(
    ...v.files.map((f) => {
      const video = h('video', {
        controls: '',
        preload: 'metadata',
        src: f.src,
        'aria-label': format(s.videoLabel, f.name),
        title: f.name,
      });
      const caption = h('figcaption', {}, f.name);
      video.addEventListener('error', () => {
        caption.textContent = `${f.name} — ${s.videoPlaybackError}`;
        caption.classList.add('video-error');
      });
      return h('figure', { class: 'message-video' }, video, caption);
    }),
  );
}

/** Turns a user message's body into an editor: Enter resends, Esc cancels (the actions do the rest). */
export function showEditForm(s: WebviewStrings, el: HTMLElement, m: MessageView): void {
  const body = el.querySelector<HTMLElement>('.message-body')!;
  const ta = h('textarea', { class: 'edit-input', rows: '4', 'aria-label': s.editAndResend });
  ta.value = m.text;
  const save = actionTextButton(s.send, 'edit-save', { 'data-message': m.id });
  const cancel = actionTextButton(s.cancel, 'edit-cancel', { 'data-message': m.id });
  body.replaceChildren(ta, h('div', { class: 'edit-actions' }, save, cancel));
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      save.click();
    } else if (e.key === 'Escape') cancel.click();
  });
  ta.focus();
}

/** ‹ 2 / 3 › for an answer with alternatives: buttons (keyboard reachable) that ask the host to switch. */
function alternativesControl(s: WebviewStrings, m: MessageView, count: number, chosen: number): HTMLElement {
  const at = (index: number) => ({ 'data-message': m.id, 'data-index': String(index) });
  const prev = actionIconButton('chevron-left', s.previousAlternative, 'choose-alternative', at(chosen - 1));
  const next = actionIconButton('chevron-right', s.nextAlternative, 'choose-alternative', at(chosen + 1));
  prev.disabled = chosen <= 0;
  next.disabled = chosen >= count - 1;
  const label = h(
    'span',
    { class: 'alternative-label', 'aria-label': format(s.alternativeOf, chosen + 1, count) },
    `${chosen + 1} / ${count}`,
  );
  return h(
    'span',
    { class: 'alternatives', role: 'group', 'aria-label': format(s.alternativeOf, chosen + 1, count) },
    prev,
    label,
    next,
  );
}
