// Handler for the actions on an image model's answer: each image's file (written again from the answer if it is gone).
import { existsSync } from 'node:fs';
import { decodeBase64Image } from '../../../core';
import { writeImageFile } from '../../../core/image';
import type { SessionMessage } from '../../../core/chat';
import type { ImageService } from '../../image';
import { describeError } from '../../logger';
import type { ChatHandlers, ChatHost } from '../chatHost';

export function imageHandlers(host: ChatHost & { readonly images?: ImageService }): Pick<ChatHandlers, 'image/act'> {
  return {
    'image/act': async (msg) => {
      const images = host.images;
      const m = (host.session.conversation.messages as SessionMessage[]).find((x) => x.id === msg.messageId);
      const image = m?.images?.[msg.index];
      if (!images || !m?.generated || !image) return;
      let file = m.generated.files[msg.index];
      try {
        // The conversation keeps the image itself; the gallery's copy may have been deleted since.
        if (!file || !existsSync(file)) {
          const bytes = decodeBase64Image(image.dataUrl);
          if (!bytes) return;
          file = await writeImageFile(images.filesDir, image.name.replace(/\.[a-z]+$/i, ''), bytes);
          m.generated.files[msg.index] = file;
          await host.session.persist();
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
