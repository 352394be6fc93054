// The image preview webview: shows what the host sends, reports clicks and loads, and writes images to the clipboard.
import type {
  ImageAction,
  ImageHostToWebview,
  ImagePreviewStrings,
  ImagePreviewView,
  ImageWebviewToHost,
} from '../../shared/image/imageProtocol';
import { pngBlob } from '../shared/clipboardImage';
import { codicon, h } from '../shared/dom';
import { format } from '../shared/format';
import { vsCodeApi } from '../shared/vscodeApi';

/** Lets VS Code restore this tab after a reload; the host looks the generation up again. */
interface ImageUiState {
  generationId: string;
}

const api = () => vsCodeApi<ImageWebviewToHost, ImageUiState>();
const post = (m: ImageWebviewToHost): void => api().postMessage(m);
let strings: ImagePreviewStrings | undefined;

function actionButton(label: string, icon: string, action: ImageAction, index: number): HTMLButtonElement {
  const b = h(
    'button',
    { type: 'button', class: 'action', 'data-action': action, title: label },
    codicon(icon),
    h('span', {}, label),
  );
  b.addEventListener('click', () => post({ type: 'image/action', action, index }));
  return b;
}

function render(view: ImagePreviewView, s: ImagePreviewStrings): void {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  view.files.forEach((file, index) => {
    const figure = h('figure', { class: 'picture' });
    // Only the local file is loaded (the CSP allows images from the extension's own resources only).
    const img = h('img', { alt: format(s.imageLabel, view.prompt), 'data-index': String(index), tabindex: '0' });
    const status = h('p', { class: 'load-error', role: 'alert', hidden: '' });
    img.addEventListener('load', () => {
      img.dataset.loaded = 'true';
      post({ type: 'image/loaded', index, width: img.naturalWidth, height: img.naturalHeight });
    });
    img.addEventListener('error', () => {
      status.textContent = s.loadError;
      status.hidden = false;
    });
    img.src = file.src;
    figure.append(img, status);
    const caption = view.files.length > 1 ? `${format(s.resultOf, index + 1, view.files.length)} · ` : '';
    figure.append(h('figcaption', {}, `${caption}${file.name}`));
    const actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': file.name });
    actions.append(
      actionButton(s.saveAs, 'save-as', 'saveAs', index),
      actionButton(s.copy, 'copy', 'copy', index),
      actionButton(s.reveal, 'folder-opened', 'reveal', index),
      actionButton(s.insertMarkdown, 'markdown', 'insertMarkdown', index),
      actionButton(s.edit, 'edit', 'edit', index),
    );
    figure.append(actions, h('p', { class: 'copy-status', role: 'status', 'aria-live': 'polite' }));
    root.append(figure);
  });
  const meta = h('dl', { class: 'meta' });
  const rows: [string, string][] = [[s.prompt, view.prompt]];
  if (view.revisedPrompt) rows.push([s.revisedPrompt, view.revisedPrompt]);
  rows.push([s.model, view.model]);
  if (view.options) rows.push([s.options, view.options]);
  rows.push([s.date, view.date]);
  for (const [label, value] of rows) meta.append(h('dt', {}, label), h('dd', {}, value));
  root.append(meta);
  root.append(h('div', { class: 'actions' }, actionButton(s.generateAgain, 'refresh', 'generateAgain', 0)));
}

async function copy(index: number, dataUrl: string): Promise<void> {
  const status = document.querySelectorAll<HTMLElement>('.copy-status')[index];
  try {
    const blob = await pngBlob(dataUrl);
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    if (status && strings) status.textContent = strings.copied;
    post({ type: 'image/copied', index, ok: true });
  } catch (e) {
    if (status && strings) status.textContent = strings.copyFailed;
    post({ type: 'image/copied', index, ok: false, detail: e instanceof Error ? e.message : String(e) });
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data as ImageHostToWebview | undefined;
  if (!msg) return;
  if (msg.type === 'image/show' && msg.view && msg.strings) {
    strings = msg.strings;
    api().setState({ generationId: msg.view.generationId });
    render(msg.view, msg.strings);
  } else if (msg.type === 'image/copyData' && typeof msg.dataUrl === 'string') {
    void copy(msg.index, msg.dataUrl);
  }
});
post({ type: 'image/ready' });
