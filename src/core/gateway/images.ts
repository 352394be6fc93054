// The Images API's wire format: the generation body, the multipart edit form, and both answer shapes (b64_json, url).
import { GatewayError, kindForStatus, splitRequestId } from './errors';

export interface GenerateImagesRequest {
  model: string;
  prompt: string;
  /** e.g. `1024x1024`; absent: the gateway's default. */
  size?: string;
  /** e.g. `high`, `hd`; absent: the gateway's default. */
  quality?: string;
  /** How many images (the `n` field). */
  n?: number;
}

export interface EditImageRequest extends GenerateImagesRequest {
  image: ImageFile;
  /** Transparent where the image may change (same size as the image). */
  mask?: ImageFile;
}

export interface ImageFile {
  data: Uint8Array;
  mimeType: string;
  fileName: string;
}

/** One image of an answer: decoded bytes, or a URL the caller downloads. */
export type ImageItem =
  { kind: 'bytes'; data: Buffer; revisedPrompt?: string } | { kind: 'url'; url: string; revisedPrompt?: string };

export interface ImageAnswer {
  images: ImageItem[];
  requestId?: string;
}

/** Most images one answer may carry (OpenAI allows n ≤ 10). */
const MAX_IMAGES_PER_ANSWER = 10;
/** The largest answer read: several base64 images of a few MB each. */
export const MAX_IMAGE_ANSWER_BYTES = 96 * 1024 * 1024;

/** The JSON body of `POST /images/generations`: unset options are left out, so the gateway's defaults apply. */
export function buildImageGenerationBody(request: GenerateImagesRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: request.model, prompt: request.prompt };
  if (request.n !== undefined && request.n > 1) body.n = request.n;
  if (request.size) body.size = request.size;
  if (request.quality) body.quality = request.quality;
  return body;
}

/** The multipart form of `POST /images/edits`: `image`, optional `mask`, and the text fields. */
export function createImageEditForm(request: EditImageRequest): FormData {
  const form = new FormData();
  form.set('model', request.model);
  form.set('prompt', request.prompt);
  if (request.n !== undefined && request.n > 1) form.set('n', String(request.n));
  if (request.size) form.set('size', request.size);
  if (request.quality) form.set('quality', request.quality);
  const file = (f: ImageFile) => new Blob([new Uint8Array(f.data)], { type: f.mimeType });
  form.set('image', file(request.image), request.image.fileName);
  if (request.mask) form.set('mask', file(request.mask), request.mask.fileName);
  return form;
}

export { encodeForm } from './multipart';

/**
 * Strict base64 (an optional `data:image/…;base64,` prefix and whitespace allowed); undefined when it is not. The
 * decoder skips characters that are not base64 and stops at a `=` inside the text, so any such character shows as a
 * shorter result than the length promises (a regular expression over megabytes of text costs several times more).
 */
export function decodeBase64Image(text: string): Buffer | undefined {
  const raw = (text.startsWith('data:') ? text.replace(/^data:image\/[a-z0-9.+-]+;base64,/i, '') : text).replace(
    /\s+/g,
    '',
  );
  if (!raw || raw.length % 4 === 1) return undefined;
  const padding = raw.endsWith('==') ? 2 : raw.endsWith('=') ? 1 : 0;
  // Padding only ever completes the last group of four.
  if (padding && (raw.length % 4 !== 0 || raw.endsWith('==='))) return undefined;
  const bytes = Buffer.from(raw, 'base64');
  return bytes.length === Math.floor((raw.length * 3) / 4) - padding ? bytes : undefined;
}

function refusal(json: unknown, status: number, requestId: string | undefined): GatewayError | undefined {
  const errorObj = json && typeof json === 'object' ? (json as { error?: unknown }).error : undefined;
  if (!errorObj) return undefined;
  const e = (typeof errorObj === 'object' ? errorObj : { message: String(errorObj) }) as {
    message?: unknown;
    code?: unknown;
    type?: unknown;
  };
  const split = splitRequestId(typeof e.message === 'string' && e.message ? e.message : `HTTP ${status}`);
  const code = typeof e.code === 'string' ? e.code : undefined;
  return new GatewayError(kindForStatus(400, code, split.message), split.message, {
    status,
    requestId: requestId ?? split.requestId,
    code,
    type: typeof e.type === 'string' ? e.type : undefined,
  });
}

/**
 * The images of a 2xx answer `{ data: [{ b64_json | url, revised_prompt }] }`. An `error` object (new-api answers some
 * refusals with 200), no images, or an entry with neither field is a failed call.
 */
export function parseImageAnswer(json: unknown, status: number, requestId: string | undefined): ImageAnswer {
  const refused = refusal(json, status, requestId);
  if (refused) throw refused;
  const data = json && typeof json === 'object' ? (json as { data?: unknown }).data : undefined;
  const protocol = (message: string) => new GatewayError('protocol', message, { status, requestId });
  if (!Array.isArray(data) || data.length === 0) throw protocol('the answer has no images');
  const images: ImageItem[] = [];
  for (const entry of data.slice(0, MAX_IMAGES_PER_ANSWER)) {
    const e = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const revised = typeof e.revised_prompt === 'string' && e.revised_prompt.trim() ? e.revised_prompt : undefined;
    const extra = revised ? { revisedPrompt: revised.slice(0, 10_000) } : {};
    if (typeof e.b64_json === 'string' && e.b64_json) {
      const bytes = decodeBase64Image(e.b64_json);
      if (!bytes) throw protocol('an image in the answer is not valid base64');
      images.push({ kind: 'bytes', data: bytes, ...extra });
    } else if (typeof e.url === 'string' && e.url) {
      const inline = e.url.startsWith('data:') ? decodeBase64Image(e.url) : undefined;
      if (e.url.startsWith('data:') && !inline) throw protocol('an image in the answer is not valid base64');
      images.push(inline ? { kind: 'bytes', data: inline, ...extra } : { kind: 'url', url: e.url, ...extra });
    } else {
      throw protocol('an image in the answer has neither b64_json nor url');
    }
  }
  return { images, requestId };
}
