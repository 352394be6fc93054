// The chat webview: shows what the host sends (transcript, models, history) and posts the user's intents back.
import {
  IMAGE_MIME_TYPES,
  MAX_IMAGE_INPUT_BYTES,
  MAX_IMAGES_PER_MESSAGE,
  type ContextChipView,
  type ConversationView,
  type ErrorAction,
  type HistoryItemView,
  type HostToWebview,
  type ImageAttachment,
  type MessageView,
  type ModelView,
  type WebviewStrings,
  type WebviewToHost,
} from '../../shared/chat/protocol';
import { IncrementalRenderer } from './incrementalRenderer';
import { createMarkdownKit, type MarkdownKit } from './markdownKit';
import { prepareImage } from './imageAttachments';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): UiState | undefined;
  setState(state: UiState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Only cheap UI state survives in the webview; the host owns the conversation. */
interface UiState {
  draft?: string;
}

const vscode = acquireVsCodeApi();
const post = (m: WebviewToHost): void => vscode.postMessage(m);

let S: WebviewStrings | undefined;
let kit: MarkdownKit | undefined;
let hasKey = true;
let conversation: ConversationView | undefined;
let models: ModelView[] = [];
let selectedModel = '';
let attachments: ImageAttachment[] = [];
/** Context chips the host will send before the next message. */
let chips: ContextChipView[] = [];

interface Streaming {
  requestId: string;
  messageId: string;
  renderer: IncrementalRenderer;
  reasoning: HTMLDetailsElement | undefined;
  frame: number | undefined;
}
let streaming: Streaming | undefined;

function fmt(s: string, ...args: (string | number)[]): string {
  return s.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') el.className = v;
    else el.setAttribute(k, v);
  }
  for (const c of children) el.append(c);
  return el;
}

function iconButton(icon: string, label: string, action: string, extra: Record<string, string> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'icon-button', title: label, 'aria-label': label, 'data-action': action, ...extra });
  b.append(h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
  return b;
}

function textButton(label: string, action: string, extra: Record<string, string> = {}): HTMLButtonElement {
  return h('button', { type: 'button', class: 'text-button', 'data-action': action, ...extra }, label);
}

// ---- layout (built once the strings arrive) ----

const app = document.getElementById('app')!;
let els: {
  modelInput: HTMLInputElement;
  modelList: HTMLUListElement;
  systemPrompt: HTMLTextAreaElement;
  systemDetails: HTMLDetailsElement;
  notices: HTMLElement;
  noKey: HTMLElement;
  chatView: HTMLElement;
  historyView: HTMLElement;
  historySearch: HTMLInputElement;
  historyList: HTMLElement;
  transcript: HTMLElement;
  empty: HTMLElement;
  live: HTMLElement;
  thumbs: HTMLElement;
  chips: HTMLElement;
  chipPreview: HTMLElement;
  input: HTMLTextAreaElement;
  send: HTMLButtonElement;
  fileInput: HTMLInputElement;
  title: HTMLElement;
  videoHint: HTMLElement;
};

function buildLayout(s: WebviewStrings): void {
  const modelInput = h('input', { type: 'text', class: 'model-input', role: 'combobox', 'aria-label': s.model, 'aria-expanded': 'false', 'aria-controls': 'model-list', 'aria-autocomplete': 'list', placeholder: s.searchModels, spellcheck: 'false' });
  const modelList = h('ul', { id: 'model-list', class: 'model-list', role: 'listbox', 'aria-label': s.model, hidden: '' });
  const systemPrompt = h('textarea', { class: 'system-prompt', rows: '3', 'aria-label': s.systemPrompt, placeholder: s.systemPromptPlaceholder });
  const systemDetails = h('details', { class: 'system-details' }, h('summary', {}, s.systemPrompt), systemPrompt);
  const title = h('div', { class: 'conversation-title', title: '' });
  const header = h(
    'div',
    { class: 'header' },
    h('div', { class: 'model-picker' }, h('span', { class: 'codicon codicon-sparkle', 'aria-hidden': 'true' }), modelInput, modelList),
  );
  const notices = h('div', { class: 'notices', role: 'status' });
  const noKey = h(
    'div',
    { class: 'no-key', hidden: '' },
    h('h2', {}, s.noKeyTitle),
    h('p', {}, s.noKeyBody),
    h('button', { type: 'button', class: 'primary-button', 'data-action': 'set-api-key' }, s.setApiKey),
  );
  const empty = h('div', { class: 'empty' }, s.emptyTranscript);
  const transcript = h('div', { class: 'transcript', role: 'list', 'aria-label': s.messages.replace('{0}', '').trim() });
  const live = h('div', { class: 'sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const thumbs = h('div', { class: 'thumbs' });
  const chipList = h('div', { class: 'context-chips', role: 'list', 'aria-label': s.context });
  const chipPreview = h('pre', { class: 'context-preview', id: 'context-preview', tabindex: '0', hidden: '' });
  const input = h('textarea', { class: 'composer-input', rows: '3', 'aria-label': s.message, placeholder: s.emptyTranscript });
  const videoHint = h('div', { class: 'video-hint', id: 'video-hint', role: 'note', hidden: '' }, h('span', { class: 'codicon codicon-device-camera-video', 'aria-hidden': 'true' }), h('span', {}, s.videoPromptHint));
  const send = h('button', { type: 'button', class: 'send-button', 'data-action': 'send-or-stop', 'aria-label': s.send, title: s.send });
  const fileInput = h('input', { type: 'file', accept: IMAGE_MIME_TYPES.join(','), multiple: '', hidden: '', tabindex: '-1' });
  const composer = h(
    'div',
    { class: 'composer' },
    chipList,
    chipPreview,
    thumbs,
    videoHint,
    input,
    h('div', { class: 'composer-actions' }, iconButton('file-media', s.attachImage, 'attach'), iconButton('add', s.addContext, 'context-add'), h('span', { class: 'spacer' }), send),
    fileInput,
  );
  const chatView = h('div', { class: 'chat-view' }, title, systemDetails, noKey, empty, transcript, composer);
  const historySearch = h('input', { type: 'search', class: 'history-search', 'aria-label': s.searchHistory, placeholder: s.searchHistory });
  const historyList = h('div', { class: 'history-list', role: 'list', 'aria-label': s.history });
  const historyView = h(
    'div',
    { class: 'history-view', hidden: '' },
    h('div', { class: 'history-header' }, iconButton('arrow-left', s.back, 'hide-history'), h('h2', {}, s.history)),
    historySearch,
    historyList,
  );
  app.replaceChildren(header, notices, chatView, historyView, live);
  els = { modelInput, modelList, systemPrompt, systemDetails, notices, noKey, chatView, historyView, historySearch, historyList, transcript, empty, live, thumbs, chips: chipList, chipPreview, input, send, fileInput, title, videoHint };
  input.value = vscode.getState()?.draft ?? '';
  wireEvents();
  updateSendButton();
}

// ---- transcript ----

function messageEl(m: MessageView, isLastAssistant: boolean): HTMLElement {
  const s = S!;
  const el = h('div', { class: `message ${m.role}`, role: 'listitem', 'data-id': m.id });
  const header = h(
    'div',
    { class: 'message-header' },
    h('span', { class: `codicon codicon-${m.role === 'user' ? 'account' : 'sparkle'}`, 'aria-hidden': 'true' }),
    h('span', { class: 'role' }, m.role === 'user' ? s.you : s.assistant),
  );
  if (m.role === 'assistant' && m.model) header.append(h('span', { class: 'model-name' }, m.model));
  el.append(header);
  if (m.images?.length) {
    const imgs = h('div', { class: 'message-images' });
    for (const img of m.images) {
      // Our own data: URIs (validated by the host): allowed by the CSP, no network.
      if (img.dataUrl.startsWith('data:image/')) imgs.append(h('img', { class: 'thumb', src: img.dataUrl, alt: img.name, title: `${img.name} (${img.width}×${img.height})` }));
    }
    el.append(imgs);
  }
  if (m.role === 'assistant') {
    const reasoning = h('details', { class: 'reasoning', hidden: '' }, h('summary', {}, s.reasoning), h('div', { class: 'reasoning-text' }));
    if (m.reasoning) {
      reasoning.hidden = false;
      reasoning.querySelector('.reasoning-text')!.textContent = m.reasoning;
    }
    if (m.status === 'streaming') reasoning.open = true;
    el.append(reasoning);
  }
  const body = h('div', { class: m.role === 'assistant' ? 'message-body markdown' : 'message-body plain' });
  el.append(body, h('div', { class: 'message-videos', hidden: '' }));
  if (m.role === 'user') body.textContent = m.text;
  else if (m.status !== 'streaming') {
    const r = new IncrementalRenderer(body, kit!);
    r.append(m.text);
    r.finish();
  }
  el.append(h('div', { class: 'message-status' }), h('div', { class: 'message-error' }), h('div', { class: 'message-footer' }));
  updateMessageChrome(el, m, isLastAssistant);
  renderVideos(el, m);
  return el;
}

/** A veo answer's videos, played from the local files through the URIs the host made; or "saving…". */
function renderVideos(el: HTMLElement, m: MessageView): void {
  const s = S!;
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
    box.replaceChildren(h('div', { class: 'video-saving', role: 'status' }, h('span', { class: 'codicon codicon-loading codicon-modifier-spin', 'aria-hidden': 'true' }), h('span', {}, s.videoSaving)));
    return;
  }
  // Re-rendering the same files would restart playback.
  const shown = Array.from(box.querySelectorAll('video')).map((x) => x.getAttribute('src')).join('\n');
  if (shown === v.files.map((f) => f.src).join('\n')) return;
  box.replaceChildren(
    ...v.files.map((f) => {
      const figure = h('figure', { class: 'message-video' });
      const video = h('video', { controls: '', preload: 'metadata', src: f.src, 'aria-label': fmt(s.videoLabel, f.name), title: f.name });
      const caption = h('figcaption', {}, f.name);
      video.addEventListener('error', () => {
        caption.textContent = `${f.name} — ${s.videoPlaybackError}`;
        caption.classList.add('video-error');
      });
      figure.append(video, caption);
      return figure;
    }),
  );
}

/** The composer says when the message is a video prompt (the image button then attaches the reference image). */
function updateVideoHint(): void {
  if (!S) return;
  const video = models.find((m) => m.id === selectedModel)?.video ?? false;
  els.videoHint.hidden = !video;
  if (video) els.input.setAttribute('aria-describedby', 'video-hint');
  else els.input.removeAttribute('aria-describedby');
}

function onDidChange(message: MessageView): void {
  if (conversation) {
    const i = conversation.messages.findIndex((x) => x.id === message.id);
    if (i >= 0) conversation.messages[i] = message;
  }
  if (streaming?.messageId === message.id) return;
  const el = els.transcript.querySelector<HTMLElement>(`.message[data-id="${CSS.escape(message.id)}"]`);
  if (!el) return;
  updateMessageChrome(el, message, message.id === lastAssistantId());
  renderVideos(el, message);
  scrollToEnd();
}

/** Status line, error, footer (meta and actions) of a message. */
function updateMessageChrome(el: HTMLElement, m: MessageView, isLastAssistant: boolean): void {
  const s = S!;
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
    if (m.error?.message) {
      errEl.append(h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' }), h('span', { class: 'error-text' }, m.error.message));
    }
    const row = h('div', { class: 'error-actions' });
    if (actions.has('setApiKey')) row.append(textButton(s.setApiKey, 'set-api-key'));
    if (actions.has('retry')) row.append(textButton(s.retry, 'retry', { 'data-message': m.id }));
    if (actions.has('showLog')) row.append(textButton(s.showLog, 'show-log'));
    errEl.append(row);
  }
  const footer = el.querySelector<HTMLElement>('.message-footer')!;
  footer.replaceChildren();
  if (m.status === 'streaming') return;
  const meta: string[] = [];
  if (m.role === 'assistant') {
    if (m.durationMs !== undefined) meta.push(fmt(s.seconds, (m.durationMs / 1000).toFixed(1)));
    const u = m.usage;
    if (u && (u.totalTokens !== undefined || u.completionTokens !== undefined)) {
      const total = u.totalTokens ?? (u.promptTokens ?? 0) + (u.completionTokens ?? 0);
      meta.push(fmt(s.tokens, total, u.promptTokens ?? '?', u.completionTokens ?? '?'));
    }
  }
  footer.append(h('span', { class: 'meta' }, meta.join(' · ')));
  const acts = h('span', { class: 'message-actions' });
  if (m.text) acts.append(iconButton('copy', s.copy, 'copy-message', { 'data-message': m.id }));
  if (m.role === 'user') acts.append(iconButton('edit', s.editAndResend, 'edit-message', { 'data-message': m.id }));
  if (m.role === 'assistant' && isLastAssistant) acts.append(iconButton('refresh', s.regenerate, 'retry', { 'data-message': m.id }));
  footer.append(acts);
}

function lastAssistantId(): string | undefined {
  const msgs = conversation?.messages ?? [];
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]!.role === 'assistant') return msgs[i]!.id;
  return undefined;
}

function renderConversation(): void {
  if (!conversation || !S) return;
  cancelFrame();
  streaming = undefined;
  els.transcript.replaceChildren();
  const last = lastAssistantId();
  for (const m of conversation.messages) {
    const el = messageEl(m, m.id === last);
    els.transcript.append(el);
    if (m.status === 'streaming' && m.requestId) {
      const body = el.querySelector<HTMLElement>('.message-body')!;
      const renderer = new IncrementalRenderer(body, kit!, announce);
      renderer.append(m.text);
      renderer.render();
      streaming = { requestId: m.requestId, messageId: m.id, renderer, reasoning: el.querySelector<HTMLDetailsElement>('.reasoning') ?? undefined, frame: undefined };
    }
  }
  els.title.textContent = conversation.title;
  els.title.title = conversation.title;
  els.systemPrompt.value = conversation.systemPrompt;
  if (conversation.systemPrompt) els.systemDetails.open = true;
  selectedModel = conversation.model;
  els.modelInput.value = selectedModel;
  updateVideoHint();
  updateEmpty();
  updateSendButton();
  scrollToEnd(true);
}

function updateEmpty(): void {
  els.empty.hidden = (conversation?.messages.length ?? 0) > 0;
}

function announce(text: string): void {
  els.live.textContent = text.length > 400 ? text.slice(0, 400) + '…' : text;
}

let stickToEnd = true;
function scrollToEnd(force = false): void {
  if (force || stickToEnd) els.transcript.scrollTop = els.transcript.scrollHeight;
}

function cancelFrame(): void {
  if (streaming?.frame !== undefined) cancelAnimationFrame(streaming.frame);
  if (streaming) streaming.frame = undefined;
}

/** At most one redraw per animation frame, however many deltas arrived. */
function scheduleRender(): void {
  const st = streaming;
  if (!st || st.frame !== undefined) return;
  st.frame = requestAnimationFrame(() => {
    st.frame = undefined;
    st.renderer.render();
    scrollToEnd();
  });
}

function onDidStart(user: MessageView | undefined, assistant: MessageView, requestId: string, title: string): void {
  if (!conversation) return;
  if (user) conversation.messages.push(user);
  conversation.messages.push(assistant);
  // The previous answer loses its Regenerate button.
  for (const b of Array.from(els.transcript.querySelectorAll('[data-action="retry"].icon-button'))) b.remove();
  if (user) els.transcript.append(messageEl(user, false));
  const el = messageEl(assistant, true);
  els.transcript.append(el);
  const body = el.querySelector<HTMLElement>('.message-body')!;
  streaming = { requestId, messageId: assistant.id, renderer: new IncrementalRenderer(body, kit!, announce), reasoning: el.querySelector<HTMLDetailsElement>('.reasoning') ?? undefined, frame: undefined };
  conversation.title = title;
  els.title.textContent = conversation.title;
  els.title.title = conversation.title;
  updateEmpty();
  updateSendButton();
  scrollToEnd(true);
}

function onDidAppend(requestId: string, content: string, reasoning: string): void {
  const st = streaming;
  if (!st || st.requestId !== requestId) return;
  if (reasoning && st.reasoning) {
    st.reasoning.hidden = false;
    const t = st.reasoning.querySelector('.reasoning-text')!;
    t.append(reasoning);
  }
  if (content) st.renderer.append(content);
  const m = conversation?.messages.find((x) => x.id === st.messageId);
  if (m) {
    m.text += content;
    if (reasoning) m.reasoning = (m.reasoning ?? '') + reasoning;
  }
  scheduleRender();
}

function onDidFinish(requestId: string, message: MessageView): void {
  const st = streaming;
  if (conversation) {
    const i = conversation.messages.findIndex((x) => x.id === message.id);
    if (i >= 0) conversation.messages[i] = message;
  }
  const el = els.transcript.querySelector<HTMLElement>(`.message[data-id="${CSS.escape(message.id)}"]`);
  if (st && st.requestId === requestId) {
    cancelFrame();
    st.renderer.finish();
    if (st.reasoning) st.reasoning.open = false;
    streaming = undefined;
  }
  if (el) {
    updateMessageChrome(el, message, message.id === lastAssistantId());
    renderVideos(el, message);
  }
  updateSendButton();
  scrollToEnd();
}

// ---- models ----

function renderModelList(filter: string): void {
  const s = S!;
  const q = filter.trim().toLowerCase();
  const shown = models.filter((m) => !q || m.id.toLowerCase().includes(q) || m.id === selectedModel).slice(0, 200);
  els.modelList.replaceChildren(
    ...shown.map((m, i) => {
      const li = h('li', { role: 'option', id: `model-opt-${i}`, 'data-model': m.id, 'aria-selected': String(m.id === selectedModel), class: 'model-option' }, m.id);
      if (m.video) li.append(h('span', { class: 'badge' }, s.videoModel));
      return li;
    }),
  );
  activeOption = -1;
}

let activeOption = -1;
function openModelList(): void {
  renderModelList(els.modelInput.value === selectedModel ? '' : els.modelInput.value);
  els.modelList.hidden = false;
  els.modelInput.setAttribute('aria-expanded', 'true');
}
function closeModelList(): void {
  els.modelList.hidden = true;
  els.modelInput.setAttribute('aria-expanded', 'false');
  els.modelInput.removeAttribute('aria-activedescendant');
}
function chooseModel(id: string): void {
  selectedModel = id;
  els.modelInput.value = id;
  closeModelList();
  if (conversation) conversation.model = id;
  updateVideoHint();
  post({ type: 'chat/setModel', model: id });
}
function moveActive(delta: number): void {
  const opts = Array.from(els.modelList.querySelectorAll<HTMLElement>('[role="option"]'));
  if (!opts.length) return;
  activeOption = (activeOption + delta + opts.length) % opts.length;
  opts.forEach((o, i) => o.classList.toggle('active', i === activeOption));
  const el = opts[activeOption]!;
  els.modelInput.setAttribute('aria-activedescendant', el.id);
  el.scrollIntoView({ block: 'nearest' });
}

// ---- history ----

function renderHistory(items: HistoryItemView[]): void {
  const s = S!;
  if (!items.length) {
    els.historyList.replaceChildren(h('div', { class: 'empty' }, s.noHistory));
    return;
  }
  els.historyList.replaceChildren(
    ...items.map((it) => {
      const when = new Date(it.updatedAt).toLocaleString();
      const open = h('button', { type: 'button', class: 'history-open', 'data-action': 'history-open', 'data-id': it.id, title: it.title }, h('span', { class: 'history-title' }, it.title || '—'), h('span', { class: 'history-meta' }, `${when} · ${fmt(s.messages, it.messageCount)}`));
      return h(
        'div',
        { class: 'history-item', role: 'listitem', 'data-id': it.id },
        open,
        h('span', { class: 'history-actions' }, iconButton('edit', s.rename, 'history-rename', { 'data-id': it.id }), iconButton('export', s.export, 'history-export', { 'data-id': it.id }), iconButton('trash', s.delete, 'history-delete', { 'data-id': it.id })),
      );
    }),
  );
}

function showHistory(show: boolean): void {
  els.historyView.hidden = !show;
  els.chatView.hidden = show;
  if (show) {
    post({ type: 'history/list', query: els.historySearch.value });
    els.historySearch.focus();
  } else els.input.focus();
}

function startRename(id: string): void {
  const item = els.historyList.querySelector<HTMLElement>(`.history-item[data-id="${CSS.escape(id)}"]`);
  if (!item) return;
  const s = S!;
  const titleEl = item.querySelector('.history-title');
  const input = h('input', { type: 'text', class: 'rename-input', 'aria-label': s.rename, value: titleEl?.textContent ?? '' });
  const finish = (save: boolean) => {
    const v = input.value.trim();
    if (save && v) post({ type: 'history/rename', id, title: v.slice(0, 200) });
    else post({ type: 'history/list', query: els.historySearch.value });
  };
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') finish(true);
    if (e.key === 'Escape') finish(false);
  });
  input.addEventListener('blur', () => finish(true), { once: true });
  item.replaceChildren(input);
  input.focus();
  input.select();
}

// ---- composer ----

function updateSendButton(): void {
  if (!S) return;
  const busy = !!streaming;
  els.send.replaceChildren(h('span', { class: `codicon codicon-${busy ? 'debug-stop' : 'send'}`, 'aria-hidden': 'true' }));
  els.send.setAttribute('aria-label', busy ? S.stop : S.send);
  els.send.title = busy ? S.stop : S.send;
  els.send.classList.toggle('stop', busy);
}

function sendMessage(): void {
  if (streaming) return;
  const text = els.input.value;
  if (!text.trim() && attachments.length === 0) return;
  post({ type: 'chat/send', text, images: attachments });
  els.input.value = '';
  attachments = [];
  renderThumbs();
  vscode.setState({ draft: '' });
  stickToEnd = true;
}

function stop(): void {
  if (streaming) post({ type: 'chat/cancel', requestId: streaming.requestId });
}

function renderThumbs(): void {
  const s = S!;
  els.thumbs.replaceChildren(
    ...attachments.map((a, i) =>
      h('span', { class: 'thumb-wrap' }, h('img', { class: 'thumb', src: a.dataUrl, alt: a.name, title: `${a.name} (${a.width}×${a.height})` }), iconButton('close', `${s.removeImage}: ${a.name}`, 'remove-image', { 'data-index': String(i) })),
    ),
  );
}

function notice(message: string): void {
  const n = h('div', { class: 'notice' }, h('span', { class: 'notice-text' }, message), iconButton('close', S?.cancel ?? 'Close', 'dismiss-notice'));
  els.notices.append(n);
}

async function addFiles(files: Iterable<File>): Promise<void> {
  const s = S!;
  for (const f of files) {
    if (attachments.length >= MAX_IMAGES_PER_MESSAGE) {
      notice(fmt(s.tooManyImages, MAX_IMAGES_PER_MESSAGE));
      break;
    }
    const r = await prepareImage(f);
    if (r.ok) attachments.push(r.image);
    else if (r.reason === 'unsupported') notice(fmt(s.imageUnsupported, f.name));
    else if (r.reason === 'tooLarge') notice(fmt(s.imageTooLarge, f.name, (f.size / 1048576).toFixed(1), MAX_IMAGE_INPUT_BYTES / 1048576));
    else notice(fmt(s.imageFailed, f.name));
  }
  renderThumbs();
}

function startEdit(id: string): void {
  const m = conversation?.messages.find((x) => x.id === id);
  const el = els.transcript.querySelector<HTMLElement>(`.message[data-id="${CSS.escape(id)}"]`);
  if (!m || !el || streaming) return;
  const s = S!;
  const body = el.querySelector<HTMLElement>('.message-body')!;
  const ta = h('textarea', { class: 'edit-input', rows: '4', 'aria-label': s.editAndResend });
  ta.value = m.text;
  const save = textButton(s.send, 'edit-save', { 'data-message': id });
  const cancel = textButton(s.cancel, 'edit-cancel', { 'data-message': id });
  body.replaceChildren(ta, h('div', { class: 'edit-actions' }, save, cancel));
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      save.click();
    } else if (e.key === 'Escape') cancel.click();
  });
  ta.focus();
}

/** The chips row: each chip's label opens a preview of exactly what it sends; its × removes it. */
function renderChips(): void {
  const s = S!;
  const icons: Record<ContextChipView['kind'], string> = { selection: 'selection', file: 'file', openEditors: 'files', problems: 'warning' };
  els.chips.replaceChildren(
    ...chips.map((c) => {
      const label = c.truncated ? `${c.label} (${s.contextTruncated})` : c.label;
      return h(
        'div',
        { class: c.truncated ? 'context-chip truncated' : 'context-chip', role: 'listitem' },
        h(
          'button',
          { type: 'button', class: 'chip-label', 'data-action': 'context-preview', 'data-id': c.id, 'aria-expanded': 'false', 'aria-controls': 'context-preview', title: s.showContext.replace('{0}', c.label), 'aria-label': s.showContext.replace('{0}', label) },
          h('span', { class: `codicon codicon-${icons[c.kind]}`, 'aria-hidden': 'true' }),
          h('span', {}, label),
        ),
        iconButton('close', s.removeContext.replace('{0}', c.label), 'context-remove', { 'data-id': c.id }),
      );
    }),
  );
  els.chipPreview.hidden = true;
  els.chipPreview.textContent = '';
}

// ---- events ----

function onAction(target: HTMLElement, action: string): void {
  const id = target.getAttribute('data-message') ?? '';
  switch (action) {
    case 'send-or-stop':
      return streaming ? stop() : sendMessage();
    case 'attach':
      return els.fileInput.click();
    case 'context-add':
      return post({ type: 'context/add' });
    case 'context-remove':
      post({ type: 'context/remove', id: target.getAttribute('data-id') ?? '' });
      return els.input.focus();
    case 'context-preview': {
      const chip = chips.find((c) => c.id === target.getAttribute('data-id'));
      const open = target.getAttribute('aria-expanded') === 'true';
      for (const b of els.chips.querySelectorAll('[data-action="context-preview"]')) b.setAttribute('aria-expanded', 'false');
      els.chipPreview.hidden = open || !chip;
      els.chipPreview.textContent = open || !chip ? '' : chip.detail;
      if (!open && chip) target.setAttribute('aria-expanded', 'true');
      return;
    }
    case 'remove-image':
      attachments.splice(Number(target.getAttribute('data-index')), 1);
      renderThumbs();
      return els.input.focus();
    case 'new-chat':
      return post({ type: 'chat/new' });
    case 'show-history':
      return showHistory(true);
    case 'hide-history':
      return showHistory(false);
    case 'set-api-key':
      return post({ type: 'command/setApiKey' });
    case 'show-log':
      return post({ type: 'command/showLog' });
    case 'retry':
      return post({ type: 'chat/retry', messageId: id });
    case 'copy-message':
      return post({ type: 'message/copy', messageId: id });
    case 'edit-message':
      return startEdit(id);
    case 'edit-save': {
      const ta = target.closest('.message')?.querySelector<HTMLTextAreaElement>('.edit-input');
      if (ta?.value.trim()) post({ type: 'chat/editAndResend', messageId: id, text: ta.value });
      return;
    }
    case 'edit-cancel':
      return renderConversation();
    case 'code-copy':
    case 'code-insert':
    case 'code-open':
    case 'code-apply': {
      const block = target.closest('.code-block');
      const code = block?.querySelector('code')?.textContent ?? '';
      if (action === 'code-copy') post({ type: 'code/copy', code });
      else if (action === 'code-insert') post({ type: 'code/insert', code });
      else if (action === 'code-apply') post({ type: 'code/apply', code, language: block?.getAttribute('data-lang') ?? '' });
      else post({ type: 'code/open', code, language: block?.getAttribute('data-lang') ?? '' });
      return;
    }
    case 'history-open':
      showHistory(false);
      return post({ type: 'history/open', id: target.getAttribute('data-id') ?? '' });
    case 'history-rename':
      return startRename(target.getAttribute('data-id') ?? '');
    case 'history-export':
      return post({ type: 'history/export', id: target.getAttribute('data-id') ?? '' });
    case 'history-delete':
      return post({ type: 'history/delete', id: target.getAttribute('data-id') ?? '' });
    case 'image-load': {
      const url = target.closest('.remote-image')?.getAttribute('data-url');
      if (url) post({ type: 'image/load', url });
      return;
    }
    case 'dismiss-notice':
      target.closest('.notice')?.remove();
      return;
  }
}

function wireEvents(): void {
  app.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    const link = t.closest<HTMLElement>('[data-href]');
    if (link) {
      e.preventDefault();
      post({ type: 'link/open', url: link.getAttribute('data-href') ?? '' });
      return;
    }
    const opt = t.closest<HTMLElement>('[data-model]');
    if (opt) return chooseModel(opt.getAttribute('data-model')!);
    const btn = t.closest<HTMLElement>('[data-action]');
    if (btn) onAction(btn, btn.getAttribute('data-action')!);
  });
  app.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    // Links are spans of role=link: make Enter activate them like a real link.
    if (e.key === 'Enter' && t.matches('[data-href]')) {
      e.preventDefault();
      post({ type: 'link/open', url: t.getAttribute('data-href') ?? '' });
    }
  });
  els.input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendMessage();
    } else if (e.key === 'Escape' && streaming) {
      e.preventDefault();
      stop();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && streaming && e.target !== els.modelInput) stop();
  });
  els.input.addEventListener('input', () => vscode.setState({ draft: els.input.value }));
  els.input.addEventListener('paste', (e) => {
    const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
    if (files.length) {
      e.preventDefault();
      void addFiles(files);
    }
  });
  const composer = els.input.closest<HTMLElement>('.composer')!;
  composer.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) {
      e.preventDefault();
      composer.classList.add('drag');
    }
  });
  composer.addEventListener('dragleave', () => composer.classList.remove('drag'));
  composer.addEventListener('drop', (e) => {
    composer.classList.remove('drag');
    const files = Array.from(e.dataTransfer?.files ?? []);
    if (files.length) {
      e.preventDefault();
      void addFiles(files);
    }
  });
  els.fileInput.addEventListener('change', () => {
    void addFiles(Array.from(els.fileInput.files ?? []));
    els.fileInput.value = '';
  });
  els.transcript.addEventListener('scroll', () => {
    const t = els.transcript;
    stickToEnd = t.scrollHeight - t.scrollTop - t.clientHeight < 40;
  });
  els.systemPrompt.addEventListener('change', () => post({ type: 'chat/setSystemPrompt', text: els.systemPrompt.value }));
  // Model picker (combobox).
  els.modelInput.addEventListener('focus', () => {
    els.modelInput.select();
    openModelList();
  });
  els.modelInput.addEventListener('input', () => {
    renderModelList(els.modelInput.value);
    els.modelList.hidden = false;
    els.modelInput.setAttribute('aria-expanded', 'true');
  });
  els.modelInput.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (els.modelList.hidden) openModelList();
      moveActive(1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      moveActive(-1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const opts = els.modelList.querySelectorAll<HTMLElement>('[role="option"]');
      const pick = opts[activeOption >= 0 ? activeOption : 0];
      if (pick) chooseModel(pick.getAttribute('data-model')!);
    } else if (e.key === 'Escape') {
      els.modelInput.value = selectedModel;
      closeModelList();
    }
  });
  els.modelInput.addEventListener('blur', () =>
    setTimeout(() => {
      if (document.activeElement !== els.modelInput) {
        els.modelInput.value = selectedModel;
        closeModelList();
      }
    }, 150),
  );
  // The model list takes clicks without stealing focus first.
  els.modelList.addEventListener('mousedown', (e) => e.preventDefault());
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  els.historySearch.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => post({ type: 'history/list', query: els.historySearch.value.slice(0, 500) }), 200);
  });
}

// ---- messages from the host ----

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  // Anything posted before the strings arrive is replayed after `webview/ready` anyway.
  if (!S && msg.type !== 'init/didInit') return;
  switch (msg.type) {
    case 'init/didInit':
      S = msg.strings;
      kit = createMarkdownKit(window, S);
      buildLayout(S);
      hasKey = msg.hasKey;
      els.noKey.hidden = hasKey;
      return;
    case 'key/didChange':
      hasKey = msg.hasKey;
      if (S) els.noKey.hidden = hasKey;
      return;
    case 'conversation/didLoad':
      conversation = msg.conversation;
      return renderConversation();
    case 'conversation/didChangeTitle':
      if (conversation) conversation.title = msg.title;
      if (S) els.title.textContent = msg.title;
      return;
    case 'chat/didStart':
      return onDidStart(msg.user, msg.assistant, msg.requestId, msg.title);
    case 'chat/didAppend':
      return onDidAppend(msg.requestId, msg.content, msg.reasoning);
    case 'chat/didFinish':
      return onDidFinish(msg.requestId, msg.message);
    case 'message/didChange':
      return onDidChange(msg.message);
    case 'models/didLoad':
      models = msg.models;
      selectedModel = msg.selected;
      if (S) {
        if (document.activeElement !== els.modelInput) els.modelInput.value = selectedModel;
        if (msg.error) notice(msg.error);
        updateVideoHint();
      }
      return;
    case 'history/didList':
      if (S) renderHistory(msg.items);
      return;
    case 'notice/didShow':
      if (S) notice(msg.message);
      return;
    case 'view/showHistory':
      if (S) showHistory(true);
      return;
    case 'image/didLoad':
      // The host fetched it after the user asked; only a data: image of an allowed type is ever shown.
      if (/^data:image\/(png|jpeg|gif|webp);base64,/.test(msg.dataUrl)) {
        for (const ph of Array.from(els.transcript.querySelectorAll<HTMLElement>('.remote-image'))) {
          if (ph.getAttribute('data-url') === msg.url) ph.replaceWith(h('img', { class: 'md-image', src: msg.dataUrl, alt: msg.url, title: msg.url }));
        }
      }
      return;
    case 'composer/didRequestFocus':
      if (S) {
        showHistory(false);
        els.input.focus();
      }
      return;
    case 'context/didChange':
      chips = msg.chips;
      if (S) renderChips();
      return;
    case 'composer/didInsert':
      if (S) {
        showHistory(false);
        const v = els.input.value;
        els.input.value = v ? `${v}${v.endsWith('\n') ? '' : '\n\n'}${msg.text}` : `${msg.text}\n\n`;
        vscode.setState({ draft: els.input.value });
        els.input.focus();
        els.input.setSelectionRange(els.input.value.length, els.input.value.length);
      }
      return;
    default: {
      const never: never = msg;
      return never;
    }
  }
});

post({ type: 'webview/ready' });
