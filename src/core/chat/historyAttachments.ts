// Images of saved conversations, kept beside them (one file per image), so a checkpoint never rewrites megabytes.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic, type StorageFs } from '../storage';
import type { Conversation, StoredImage } from './conversation';

const ATTACHMENT_PREFIX = 'attachment:';
const ATTACHMENT_REF = /^attachment:([0-9a-f]{32})$/;

export type AttachmentFs = StorageFs & Pick<typeof nodeFs, 'mkdir' | 'readdir'>;

export class HistoryAttachments {
  /** Attachment file names per image object already on disk (images never change once attached). */
  private readonly written = new WeakMap<StoredImage, string>();

  constructor(
    private readonly dir: string,
    private readonly fs: AttachmentFs,
  ) {}

  private folder(id: string): string {
    return path.join(this.dir, 'attachments', id);
  }

  /** A copy of the conversation whose images point at attachment files (written once each). */
  async deflate(conv: Conversation): Promise<Conversation> {
    if (!conv.messages.some((m) => m.images?.length)) return conv;
    const messages = [];
    for (const m of conv.messages) {
      if (!m.images?.length) {
        messages.push(m);
        continue;
      }
      const images: StoredImage[] = [];
      for (const img of m.images) {
        let name = this.written.get(img);
        if (!name && ATTACHMENT_REF.test(img.dataUrl)) name = img.dataUrl.slice(ATTACHMENT_PREFIX.length);
        if (!name) {
          name = createHash('sha256').update(img.dataUrl).digest('hex').slice(0, 32);
          await this.fs.mkdir(this.folder(conv.id), { recursive: true });
          await writeFileAtomic(path.join(this.folder(conv.id), `${name}.txt`), img.dataUrl, { fs: this.fs });
          this.written.set(img, name);
        }
        images.push({ ...img, dataUrl: ATTACHMENT_PREFIX + name });
      }
      messages.push({ ...m, images });
    }
    return { ...conv, messages };
  }

  /** Puts the image data back; an image whose file is gone is left out rather than sent broken. */
  async inflate(conv: Conversation): Promise<void> {
    for (const m of conv.messages) {
      if (!m.images?.length) continue;
      const kept: StoredImage[] = [];
      for (const img of m.images) {
        const ref = ATTACHMENT_REF.exec(img.dataUrl);
        if (!ref) {
          if (img.dataUrl.startsWith('data:image/')) kept.push(img);
          continue;
        }
        try {
          img.dataUrl = await this.fs.readFile(path.join(this.folder(conv.id), `${ref[1]}.txt`), 'utf8');
          this.written.set(img, ref[1]!);
          kept.push(img);
        } catch {
          // a missing attachment: the message keeps its text
        }
      }
      m.images = kept;
    }
  }

  /** Removes a deleted conversation's images. */
  async remove(id: string): Promise<void> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.folder(id));
    } catch {
      return;
    }
    for (const n of names) await this.fs.unlink(path.join(this.folder(id), n)).catch(() => undefined);
    await nodeFs.rmdir(this.folder(id)).catch(() => undefined);
  }
}
