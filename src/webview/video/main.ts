// The video preview webview: shows what the host sends and reports clicks and playback events back.
import type {
  VideoAction,
  VideoHostToWebview,
  VideoPreviewStrings,
  VideoPreviewView,
  VideoWebviewToHost,
} from '../../shared/video/videoProtocol';
import { codicon, h } from '../shared/dom';
import { format } from '../shared/format';
import { vsCodeApi } from '../shared/vscodeApi';

/** Lets VS Code restore this tab after a reload; the host looks the job up again. */
interface VideoUiState {
  jobId: string;
}

const api = () => vsCodeApi<VideoWebviewToHost, VideoUiState>();
const post = (m: VideoWebviewToHost): void => api().postMessage(m);

function actionButton(label: string, icon: string, action: VideoAction, index: number): HTMLButtonElement {
  const b = h(
    'button',
    { type: 'button', class: 'action', 'data-action': action, title: label },
    codicon(icon),
    h('span', {}, label),
  );
  b.addEventListener('click', () => post({ type: 'video/action', action, index }));
  return b;
}

function render(view: VideoPreviewView, s: VideoPreviewStrings): void {
  const root = document.getElementById('root')!;
  root.replaceChildren();
  view.files.forEach((file, index) => {
    const figure = h('figure', { class: 'clip' });
    // Only the local file is loaded (the CSP allows media from the extension's own resources only).
    const video = h('video', {
      controls: '',
      preload: 'metadata',
      playsinline: '',
      'aria-label': format(s.videoLabel, view.prompt),
      'data-index': String(index),
    });
    video.src = file.src;
    const status = h('p', { class: 'playback-error', role: 'alert', hidden: '' });
    video.addEventListener('loadedmetadata', () => {
      video.dataset.loaded = 'true';
      post({
        type: 'video/media',
        event: 'loadedmetadata',
        index,
        detail: `${video.videoWidth}x${video.videoHeight} ${video.duration.toFixed(2)}s`,
      });
    });
    video.addEventListener('error', () => {
      status.textContent = s.playbackError;
      status.hidden = false;
      post({
        type: 'video/media',
        event: 'error',
        index,
        detail: video.error ? `code ${video.error.code} ${video.error.message}` : undefined,
      });
    });
    figure.append(video, status);
    if (view.files.length > 1) figure.append(h('figcaption', {}, format(s.resultOf, index + 1, view.files.length)));
    const actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': file.name });
    actions.append(
      actionButton(s.openExternal, 'play-circle', 'openExternal', index),
      actionButton(s.saveAs, 'save-as', 'saveAs', index),
      actionButton(s.reveal, 'folder-opened', 'reveal', index),
    );
    if (view.hasSourceUrl) actions.append(actionButton(s.copySource, 'link', 'copySource', index));
    figure.append(actions);
    root.append(figure);
  });
  root.append(h('p', { class: 'note' }, s.noAudioNote));
  const meta = h('dl', { class: 'meta' });
  for (const [label, value] of [
    [s.prompt, view.prompt],
    [s.model, view.model],
    [s.date, view.date],
  ] as const) {
    meta.append(h('dt', {}, label), h('dd', {}, value));
  }
  root.append(meta);
  root.append(h('div', { class: 'actions' }, actionButton(s.generateAgain, 'refresh', 'generateAgain', 0)));
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const msg = event.data as VideoHostToWebview | undefined;
  if (msg && msg.type === 'video/show' && msg.view && msg.strings) {
    api().setState({ jobId: msg.view.jobId });
    render(msg.view, msg.strings);
  }
});
post({ type: 'video/ready' });
