// Turns a pasted, dropped or chosen image file into an attachment: type and size checked, downscaled on a canvas.
import {
  IMAGE_MIME_TYPES,
  MAX_IMAGE_DATA_URL_CHARS,
  MAX_IMAGE_INPUT_BYTES,
  MAX_IMAGE_SIDE,
  type ImageAttachment,
  type ImageMime,
} from '../../shared/chat/protocol';

export type PrepareResult =
  { ok: true; image: ImageAttachment } | { ok: false; reason: 'unsupported' | 'tooLarge' | 'failed' };

function isImageMime(t: string): t is ImageMime {
  return (IMAGE_MIME_TYPES as readonly string[]).includes(t);
}

/** The size a w×h image gets so that its long side is at most `max` (never enlarged). */
function fitWithin(w: number, h: number, max = MAX_IMAGE_SIDE): { width: number; height: number } {
  const long = Math.max(w, h);
  if (long <= max) return { width: w, height: h };
  const scale = max / long;
  return { width: Math.max(1, Math.round(w * scale)), height: Math.max(1, Math.round(h * scale)) };
}

function readAsDataUrl(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function loadImage(file: Blob): Promise<HTMLImageElement> {
  // A blob: URL is allowed by the CSP (img-src blob:) and never leaves the webview.
  const url = URL.createObjectURL(file);
  return new Promise<HTMLImageElement>((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('decode failed'));
    img.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}

function encode(canvas: HTMLCanvasElement, mime: ImageMime, quality?: number): { dataUrl: string; mime: ImageMime } {
  // Canvases cannot write GIF; a downscaled GIF becomes a PNG (its first frame).
  const target = mime === 'image/gif' ? 'image/png' : mime;
  const dataUrl = canvas.toDataURL(target, quality);
  const actual = /^data:(image\/[a-z]+);base64,/.exec(dataUrl)?.[1] ?? 'image/png';
  return { dataUrl, mime: isImageMime(actual) ? actual : 'image/png' };
}

export async function prepareImage(file: File): Promise<PrepareResult> {
  if (!isImageMime(file.type)) return { ok: false, reason: 'unsupported' };
  if (file.size > MAX_IMAGE_INPUT_BYTES) return { ok: false, reason: 'tooLarge' };
  let img: HTMLImageElement;
  try {
    img = await loadImage(file);
  } catch {
    return { ok: false, reason: 'failed' };
  }
  const w = img.naturalWidth;
  const h = img.naturalHeight;
  if (!w || !h) return { ok: false, reason: 'failed' };
  const size = fitWithin(w, h);
  const name = file.name || 'image';
  if (size.width === w && size.height === h) {
    const dataUrl = await readAsDataUrl(file);
    if (dataUrl.length <= MAX_IMAGE_DATA_URL_CHARS && dataUrl.startsWith(`data:${file.type};base64,`)) {
      return { ok: true, image: { name, mime: file.type, dataUrl, width: w, height: h } };
    }
  }
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return { ok: false, reason: 'failed' };
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, 0, 0, size.width, size.height);
  let out = encode(canvas, file.type);
  // Still too big as PNG (a photo): JPEG at a good quality is far smaller.
  if (out.dataUrl.length > MAX_IMAGE_DATA_URL_CHARS) out = encode(canvas, 'image/jpeg', 0.85);
  if (out.dataUrl.length > MAX_IMAGE_DATA_URL_CHARS) return { ok: false, reason: 'tooLarge' };
  return { ok: true, image: { name, mime: out.mime, dataUrl: out.dataUrl, width: size.width, height: size.height } };
}
