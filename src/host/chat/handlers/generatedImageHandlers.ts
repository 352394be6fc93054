// Handler for the actions on an image model's answer (each image's file, written again from the answer if it is gone), and
// for Edit on an image pasted into a message.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { decodeBase64Image, describeError } from '../../../core';
import { extensionFor, writeImageFile } from '../../../core/image';
import { sniffImageType } from '../../../core/video';
import type { SessionMessage } from '../../../core/chat';
import type { ImageService } from '../../image';
import type { ChatHandlers, ChatHost } from '../chatHost';

export function imageHandlers(host: ChatHost & { readonly images?: ImageService }): Pick<ChatHandlers, 'image/act'> {
  return {
    'image/act': async (msg) => {
      const images = host.images;
      const m = (host.session.conversation.messages as SessionMessage[]).find((x) => x.id === msg.messageId);
      const image = m?.images?.[msg.index];
      if (!images || !m || !image) return;
      if (!m.generated) {
        if (m.role === 'user' && msg.action === 'edit') await editPasted(host, images, image.dataUrl);
        return;
      }
      let file = m.generated.files[msg.index];
      try {
        // The conversation keeps the image itself; the gallery's copy may have been deleted since.
        if (!file || !existsSync(file)) {
          const bytes = decodeBase64Image(image.dataUrl);
          if (!bytes) return;
          // The name is ours, but it comes back from a file on disk: only its safe characters make the new one.
          const stem = path
            .basename(image.name)
            .replace(/\.[a-z]+$/i, '')
            .replace(/[^\p{L}\p{N}_-]+/gu, '-');
          file = await writeImageFile(images.filesDir, stem || 'image', bytes);
          m.generated.files[msg.index] = file;
          await host.session.persist();
        }
        if (msg.action === 'copy') {
          const bytes = await readFile(file);
          const type = sniffImageType(bytes);
          if (!type) return;
          host.post({
            type: 'image/didReadForCopy',
            messageId: msg.messageId,
            index: msg.index,
            dataUrl: `data:${type};base64,${bytes.toString('base64')}`,
          });
          return;
        }
        await images.act(msg.action, file, {
          model: m.model ?? '',
          prompt: m.generated.prompt,
          ...(m.generated.revisedPrompt ? { revisedPrompt: m.generated.revisedPrompt } : {}),
        });
      } catch (e) {
        host.log.error(`image action ${msg.action} failed: ${describeError(e)}`);
      }
    },
  };
}

/**
 * Edit on an image pasted into a message: the edit starts from a copy among our own image files, one per distinct
 * image (its name is the hash of its bytes), so the result lands there too and never beside anything of the user's.
 */
async function editPasted(host: ChatHost, images: ImageService, dataUrl: string): Promise<void> {
  const bytes = decodeBase64Image(dataUrl);
  const type = bytes && sniffImageType(bytes);
  if (!bytes || !type) return;
  const stem = `pasted-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`;
  let file = path.join(images.filesDir, `${stem}${extensionFor(type)}`);
  try {
    if (!existsSync(file)) file = await writeImageFile(images.filesDir, stem, bytes);
    await images.act('edit', file, { model: '', prompt: '' });
  } catch (e) {
    host.log.error(`image action edit on a pasted image failed: ${describeError(e)}`);
  }
}
