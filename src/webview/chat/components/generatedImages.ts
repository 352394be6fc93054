// An image model's answer: "Generating…", then each image (a saved file, or the kept copy) with its actions.
import type { MessageView, WebviewStrings } from '../../../shared/chat/protocol';
import { pngBlob } from '../../shared/clipboardImage';
import { codicon, h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionIconButton } from '../actions';

/** What an answer's images are shown from: the host's webview URIs of the saved files, or the kept data: URIs. */
function sources(m: MessageView): { src: string; name: string; width: number; height: number }[] {
  if (m.generated?.files) return m.generated.files;
  return (m.images ?? [])
    .filter((i) => /^data:image\/(png|jpeg|webp);base64,/.test(i.dataUrl))
    .map((i) => ({ src: i.dataUrl, name: i.name, width: i.width, height: i.height }));
}

/** Fills the message's `.message-generated` box; leaves it hidden for other answers. */
export function renderGeneratedImages(s: WebviewStrings, el: HTMLElement, m: MessageView): void {
  const box = el.querySelector<HTMLElement>('.message-generated');
  if (!box) return;
  if (!m.generated || m.role !== 'assistant') {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.hidden = false;
  if (m.status === 'streaming') {
    box.replaceChildren(
      h(
        'div',
        { class: 'image-generating', role: 'status' },
        codicon('loading codicon-modifier-spin'),
        h('span', {}, s.imageGenerating),
      ),
    );
    return;
  }
  const images = sources(m);
  // The same images again (a later change of the message) keep their elements.
  const key = images.map((i) => (i.src.startsWith('data:') ? i.src.length : i.src)).join('\n');
  if (box.dataset.shown === key) return;
  box.dataset.shown = key;
  const figures = images.map((img, index) => {
    const at = { 'data-message': m.id, 'data-index': String(index) };
    const act = (icon: string, label: string, action: string) =>
      actionIconButton(icon, label, 'image-act', { ...at, 'data-image-action': action });
    const label = format(s.generatedImage, index + 1);
    return h(
      'figure',
      { class: 'generated-image', 'data-index': String(index) },
      h('img', {
        src: img.src,
        alt: m.generated?.revisedPrompt ? `${label}: ${m.generated.revisedPrompt}` : label,
        title: `${img.name} (${img.width}×${img.height})`,
      }),
      h(
        'figcaption',
        { class: 'generated-image-actions', role: 'toolbar', 'aria-label': label },
        act('open-preview', s.imageOpen, 'open'),
        act('copy', s.imageCopy, 'copy'),
        act('save-as', s.imageSaveAs, 'saveAs'),
        act('folder-opened', s.imageReveal, 'reveal'),
        act('markdown', s.imageInsertMarkdown, 'insertMarkdown'),
        act('edit', s.imageEdit, 'edit'),
        act('refresh', s.imageGenerateAgain, 'generateAgain'),
        h('span', { class: 'image-copy-status', role: 'status', 'aria-live': 'polite' }),
      ),
    );
  });
  const parts: HTMLElement[] = [...figures];
  if (m.generated.revisedPrompt)
    parts.push(h('p', { class: 'revised-prompt' }, h('strong', {}, `${s.revisedPrompt}: `), m.generated.revisedPrompt));
  box.replaceChildren(...parts);
}

/** Puts the bytes the host read for a "Copy Image" on the clipboard and says how it went beside the image. */
export async function copyGeneratedImage(
  s: WebviewStrings,
  list: HTMLElement,
  messageId: string,
  index: number,
  dataUrl: string,
): Promise<void> {
  const message = Array.from(list.querySelectorAll<HTMLElement>('.message')).find((e) => e.dataset.id === messageId);
  const status = message?.querySelector<HTMLElement>(`.generated-image[data-index="${index}"] .image-copy-status`);
  try {
    if (!/^data:image\/(png|jpeg|webp);base64,/.test(dataUrl)) throw new Error('not an image');
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': await pngBlob(dataUrl) })]);
    if (status) status.textContent = s.imageCopied;
  } catch {
    if (status) status.textContent = s.imageCopyFailed;
  }
}
