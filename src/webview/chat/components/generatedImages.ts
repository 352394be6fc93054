// An image model's answer: "Generating…", then each image (a data: URI the host made) with its actions.
import type { MessageView, WebviewStrings } from '../../../shared/chat/protocol';
import { codicon, h } from '../../shared/dom';
import { format } from '../../shared/format';
import { actionIconButton } from '../actions';

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
  const images = (m.images ?? []).filter((i) => /^data:image\/(png|jpeg|webp);base64,/.test(i.dataUrl));
  // The same images again (a later change of the message) keep their elements.
  const shown = Array.from(box.querySelectorAll('img'))
    .map((x) => x.getAttribute('src')?.length)
    .join(',');
  if (shown && shown === images.map((i) => i.dataUrl.length).join(',')) return;
  const figures = images.map((img, index) => {
    const at = { 'data-message': m.id, 'data-index': String(index) };
    const act = (icon: string, label: string, action: string) =>
      actionIconButton(icon, label, 'image-act', { ...at, 'data-image-action': action });
    const label = format(s.generatedImage, index + 1);
    return h(
      'figure',
      { class: 'generated-image' },
      h('img', {
        src: img.dataUrl,
        alt: m.generated?.revisedPrompt ? `${label}: ${m.generated.revisedPrompt}` : label,
        title: `${img.name} (${img.width}×${img.height})`,
        'data-index': String(index),
      }),
      h(
        'figcaption',
        { class: 'generated-image-actions', role: 'toolbar', 'aria-label': label },
        act('open-preview', s.imageOpen, 'open'),
        actionIconButton('copy', s.imageCopy, 'image-copy', at),
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

/** Puts the image shown in the answer on the clipboard as PNG (the host's clipboard takes text only). */
export async function copyGeneratedImage(s: WebviewStrings, target: HTMLElement): Promise<void> {
  const figure = target.closest('figure');
  const img = figure?.querySelector('img');
  const status = figure?.querySelector<HTMLElement>('.image-copy-status');
  try {
    if (!img) throw new Error('no image');
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    canvas.getContext('2d')!.drawImage(img, 0, 0);
    const blob = await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('no PNG'))), 'image/png'),
    );
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    if (status) status.textContent = s.imageCopied;
  } catch {
    if (status) status.textContent = s.imageCopyFailed;
  }
}
