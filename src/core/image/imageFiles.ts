// Our own names for generated and edited images, and writing image bytes to disk: temp file, then a unique name.
import { promises as fsp } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { moveToUniqueName } from '../video/downloadToFile';
import { generatedFileStem } from '../video/videoFileName';
import { sniffImageType, type ReferenceImageType } from '../video/videoReferenceImage';

/** PNG, JPEG or WebP: what `sniffImageType` recognizes, for a reference image and a generated one alike. */
export type ImageType = ReferenceImageType;

const EXTENSIONS: Record<ImageType, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/webp': '.webp' };

export function extensionFor(type: ImageType): string {
  return EXTENSIONS[type];
}

/** `2026-12-07_0612_gpt-image-1_a-red-fox-2` (no extension: it follows from the bytes). Local time: the user reads it. */
export function imageFileStem(date: Date, model: string, prompt: string, index = 0): string {
  return generatedFileStem(date, model, prompt, index, 'image');
}

/** `photo-edited` for `photo.png` (the result of an edit sits beside the original, never over it). */
export function editedFileStem(original: string, index = 0): string {
  const name = basename(original, extname(original));
  return `${name}-edited${index > 0 ? `-${index + 1}` : ''}`;
}

/** An image that is not PNG, JPEG or WebP. */
export class NotAnImageError extends Error {
  constructor() {
    super('the gateway sent something that is not a PNG, JPEG or WebP image');
    this.name = 'NotAnImageError';
  }
}

/**
 * Writes image bytes as `<stem>.<ext>` in `dir` (the extension from the bytes), through a temp file moved to a free
 * name: an existing file is never replaced and nothing half-written is left behind.
 */
export async function writeImageFile(dir: string, stem: string, bytes: Uint8Array): Promise<string> {
  const type = sniffImageType(bytes);
  if (!type) throw new NotAnImageError();
  await fsp.mkdir(dir, { recursive: true });
  const temp = join(dir, `.${stem}.${randomBytes(4).toString('hex')}.part`);
  try {
    await fsp.writeFile(temp, bytes, { flag: 'wx' });
    return await moveToUniqueName(temp, dir, `${stem}${extensionFor(type)}`);
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** Width and height from a PNG, JPEG or WebP header; undefined when the header does not say. */
export function imageDimensions(b: Uint8Array): { width: number; height: number } | undefined {
  const type = sniffImageType(b);
  const u16be = (i: number) => (b[i]! << 8) | b[i + 1]!;
  const u16le = (i: number) => b[i]! | (b[i + 1]! << 8);
  const u32be = (i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
  if (type === 'image/png' && b.length >= 24) return { width: u32be(16), height: u32be(20) };
  if (type === 'image/jpeg') {
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      // SOF0–SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
        return { height: u16be(i + 5), width: u16be(i + 7) };
      i += 2 + u16be(i + 2);
    }
    return undefined;
  }
  if (type === 'image/webp' && b.length >= 30) {
    const chunk = String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!);
    if (chunk === 'VP8X')
      return {
        width: 1 + (b[24]! | (b[25]! << 8) | (b[26]! << 16)),
        height: 1 + (b[27]! | (b[28]! << 8) | (b[29]! << 16)),
      };
    if (chunk === 'VP8L') {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === 'VP8 ') return { width: u16le(26) & 0x3fff, height: u16le(28) & 0x3fff };
  }
  return undefined;
}
