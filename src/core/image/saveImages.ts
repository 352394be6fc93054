// Puts an answer's images on disk: decoded bytes written, URLs downloaded under the one fetch policy; whole files only.
import type * as http from 'node:http';
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ImageItem } from '../gateway/images';
import type { FetchPolicy } from '../net';
import { downloadToFile, moveToUniqueName } from '../video/downloadToFile';
import { sniffImageType } from '../video/videoReferenceImage';
import { extensionFor, NotAnImageError, writeImageFile } from './imageFiles';

/** The largest image downloaded from a URL. */
const MAX_IMAGE_DOWNLOAD_BYTES = 50 * 1024 * 1024;

export interface SaveImagesOptions {
  dir: string;
  /** The file name (without extension) of image `index`. */
  stem: (index: number) => string;
  policy: FetchPolicy;
  maxBytes?: number;
  signal?: AbortSignal;
  agent?: http.Agent;
}

export interface SavedImages {
  /** Saved files, in the answer's order (failed ones left out). */
  files: string[];
  /** Why an image was not saved (download refused, too large, not an image…), in order. */
  failures: unknown[];
}

/**
 * Saves every image: bytes as they are, URLs downloaded exactly as issued (signed links are never altered), without
 * the key, each redirect and resolved address checked. A failed image leaves nothing on disk.
 */
export async function saveImages(images: readonly ImageItem[], options: SaveImagesOptions): Promise<SavedImages> {
  const files: string[] = [];
  const failures: unknown[] = [];
  for (const [i, item] of images.entries()) {
    if (options.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    try {
      files.push(
        item.kind === 'bytes'
          ? await writeImageFile(options.dir, options.stem(i), item.data)
          : await downloadImage(item.url, options.stem(i), options),
      );
    } catch (e) {
      if (options.signal?.aborted) {
        await Promise.all(files.map((f) => fsp.rm(f, { force: true })));
        throw e;
      }
      failures.push(e);
    }
  }
  return { files, failures };
}

/** Downloads one image URL to a hidden name, checks its bytes, then gives it its own name and extension. */
async function downloadImage(url: string, stem: string, options: SaveImagesOptions): Promise<string> {
  const hidden = `.${stem}.${randomBytes(4).toString('hex')}.download`;
  const result = await downloadToFile({
    url,
    destDir: options.dir,
    fileName: hidden,
    maxBytes: options.maxBytes ?? MAX_IMAGE_DOWNLOAD_BYTES,
    policy: options.policy,
    accept: 'image/png, image/jpeg, image/webp, image/*;q=0.8',
    expected: 'an image',
    signal: options.signal,
    maxResumes: 1,
    ...(options.agent ? { agent: options.agent } : {}),
  });
  try {
    const head = Buffer.alloc(16);
    const fh = await fsp.open(result.path, 'r');
    try {
      await fh.read(head, 0, 16, 0);
    } finally {
      await fh.close();
    }
    const type = sniffImageType(head);
    if (!type) throw new NotAnImageError();
    return await moveToUniqueName(result.path, options.dir, `${stem}${extensionFor(type)}`);
  } finally {
    // Moved: the hidden name is gone already; refused: it goes now.
    await fsp.rm(result.path, { force: true });
  }
}
