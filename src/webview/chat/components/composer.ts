// The composer: message box, image attachments, video hint and the Send button that becomes Stop while streaming.
import {
  IMAGE_MIME_TYPES,
  MAX_IMAGE_INPUT_BYTES,
  MAX_IMAGES_PER_MESSAGE,
  type ImageAttachment,
} from '../../../shared/chat/protocol';
import { codicon, h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionAttrs, actionIconButton, type ActionHandlers } from '../actions';
import { prepareImage } from '../imageAttachments';
import { isImageModelSelected, isVideoModelSelected } from '../state/chatState';
import { subscribe, type ChatContext } from './chatContext';

type ComposerActions = Pick<ActionHandlers, 'send-or-stop' | 'attach' | 'remove-image'>;

export interface Composer {
  element: HTMLElement;
  input: HTMLTextAreaElement;
  actions: ComposerActions;
  focus(): void;
}

export interface ComposerOptions {
  /** Shown above the message box (the context chips). */
  above: Node[];
  /** Called when a message is sent (the transcript follows the answer again). */
  onSend(): void;
}

export function createComposer(ctx: ChatContext, options: ComposerOptions): Composer {
  const s = ctx.strings;
  const { store, host, signal } = ctx;
  let attachments: ImageAttachment[] = [];
  const thumbs = h('div', { class: 'thumbs' });
  const input = h('textarea', {
    class: 'composer-input',
    rows: '3',
    'aria-label': s.message,
    placeholder: s.emptyTranscript,
  });
  const videoHint = h(
    'div',
    { class: 'video-hint', id: 'video-hint', role: 'note', hidden: '' },
    codicon('device-camera-video'),
    h('span', {}, s.videoPromptHint),
  );
  const send = h('button', {
    type: 'button',
    class: 'send-button',
    ...actionAttrs('send-or-stop'),
    'aria-label': s.send,
    title: s.send,
  });
  const fileInput = h('input', {
    type: 'file',
    accept: IMAGE_MIME_TYPES.join(','),
    multiple: '',
    hidden: '',
    tabindex: '-1',
  });
  const element = h(
    'div',
    { class: 'composer' },
    ...options.above,
    thumbs,
    videoHint,
    input,
    h(
      'div',
      { class: 'composer-actions' },
      actionIconButton('file-media', s.attachImage, 'attach'),
      actionIconButton('add', s.addContext, 'context-add'),
      h('span', { class: 'spacer' }),
      send,
    ),
    fileInput,
  );

  const updateSendButton = (): void => {
    const busy = !!store.state.streaming;
    send.replaceChildren(codicon(busy ? 'debug-stop' : 'send'));
    send.setAttribute('aria-label', busy ? s.stop : s.send);
    send.title = busy ? s.stop : s.send;
    send.classList.toggle('stop', busy);
  };
  /** The composer says when the message is a video or image prompt (a paid generation). */
  const updateVideoHint = (): void => {
    const video = isVideoModelSelected(store.state);
    const image = !video && isImageModelSelected(store.state);
    videoHint.hidden = !video && !image;
    videoHint.replaceChildren(
      codicon(image ? 'file-media' : 'device-camera-video'),
      h('span', {}, image ? s.imagePromptHint : s.videoPromptHint),
    );
    if (video || image) input.setAttribute('aria-describedby', 'video-hint');
    else input.removeAttribute('aria-describedby');
  };
  const renderThumbs = (): void => {
    thumbs.replaceChildren(
      ...attachments.map((a, i) =>
        h(
          'span',
          { class: 'thumb-wrap' },
          h('img', { class: 'thumb', src: a.dataUrl, alt: a.name, title: `${a.name} (${a.width}×${a.height})` }),
          actionIconButton('close', `${s.removeImage}: ${a.name}`, 'remove-image', { 'data-index': String(i) }),
        ),
      ),
    );
  };
  const notice = (message: string): void => store.dispatch({ type: 'ui/notice', message });

  const sendMessage = (): void => {
    if (store.state.streaming) return;
    const text = input.value;
    if (!text.trim() && attachments.length === 0) return;
    host.post({ type: 'chat/send', text, images: attachments });
    input.value = '';
    attachments = [];
    renderThumbs();
    host.saveDraft('');
    options.onSend();
  };
  const stop = (): void => {
    const st = store.state.streaming;
    if (st) host.post({ type: 'chat/cancel', requestId: st.requestId });
  };
  const addFiles = async (files: Iterable<File>): Promise<void> => {
    for (const f of files) {
      if (attachments.length >= MAX_IMAGES_PER_MESSAGE) {
        notice(format(s.tooManyImages, MAX_IMAGES_PER_MESSAGE));
        break;
      }
      const r = await prepareImage(f);
      if (r.ok) attachments.push(r.image);
      else if (r.reason === 'unsupported') notice(format(s.imageUnsupported, f.name));
      else if (r.reason === 'tooLarge')
        notice(format(s.imageTooLarge, f.name, (f.size / 1048576).toFixed(1), MAX_IMAGE_INPUT_BYTES / 1048576));
      else notice(format(s.imageFailed, f.name));
    }
    renderThumbs();
  };
  const insert = (text: string): void => {
    const v = input.value;
    input.value = v ? `${v}${v.endsWith('\n') ? '' : '\n\n'}${text}` : `${text}\n\n`;
    host.saveDraft(input.value);
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  };

  input.value = host.draft();
  input.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        sendMessage();
      } else if (e.key === 'Escape' && store.state.streaming) {
        e.preventDefault();
        stop();
      }
    },
    { signal },
  );
  // Esc stops the answer from anywhere, except where Esc means something else (the model picker closes its list).
  document.addEventListener(
    'keydown',
    (e) => {
      if (
        e.key === 'Escape' &&
        !e.defaultPrevented &&
        store.state.streaming &&
        !(e.target instanceof Element && e.target.closest('.model-picker'))
      )
        stop();
    },
    { signal },
  );
  input.addEventListener('input', () => host.saveDraft(input.value), { signal });
  input.addEventListener(
    'paste',
    (e) => {
      const files = Array.from(e.clipboardData?.files ?? []).filter((f) => f.type.startsWith('image/'));
      if (files.length) {
        e.preventDefault();
        void addFiles(files);
      }
    },
    { signal },
  );
  element.addEventListener(
    'dragover',
    (e) => {
      if (e.dataTransfer?.types.includes('Files')) {
        e.preventDefault();
        element.classList.add('drag');
      }
    },
    { signal },
  );
  element.addEventListener('dragleave', () => element.classList.remove('drag'), { signal });
  element.addEventListener(
    'drop',
    (e) => {
      element.classList.remove('drag');
      const files = Array.from(e.dataTransfer?.files ?? []);
      if (files.length) {
        e.preventDefault();
        void addFiles(files);
      }
    },
    { signal },
  );
  fileInput.addEventListener(
    'change',
    () => {
      void addFiles(Array.from(fileInput.files ?? []));
      fileInput.value = '';
    },
    { signal },
  );

  subscribe(ctx, (state, event, previous) => {
    if (state.streaming !== previous.streaming) updateSendButton();
    if (state.selectedModel !== previous.selectedModel || state.models !== previous.models) updateVideoHint();
    if (event.type === 'composer/didRequestFocus' || (event.type === 'ui/showHistory' && !event.show)) input.focus();
    else if (event.type === 'composer/didInsert') insert(event.text);
  });
  updateSendButton();
  updateVideoHint();

  const actions: ComposerActions = {
    'send-or-stop': () => (store.state.streaming ? stop() : sendMessage()),
    attach: () => fileInput.click(),
    'remove-image': (t) => {
      attachments.splice(Number(t.getAttribute('data-index')), 1);
      renderThumbs();
      input.focus();
    },
  };
  return { element, input, actions, focus: () => input.focus() };
}
