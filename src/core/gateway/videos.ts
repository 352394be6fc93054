// The Videos API's wire format: the multipart create form and the video object that create and status return.
import { GatewayError, kindForStatus, splitRequestId } from './errors';

interface VideoObject {
  id: string;
  status: string;
  progress?: number;
  error?: unknown;
  model?: string;
  seconds?: string;
  size?: string;
}

export interface CreateVideoRequest {
  model: string;
  prompt: string;
  seconds?: number;
  /** `16x9` or `9x16`. */
  size?: string;
  /** Reference image for image-to-video, sent as the `input_reference` file. */
  image?: { data: Uint8Array; mimeType: string; fileName: string };
}

export interface VideoCallResult {
  video: VideoObject;
  requestId?: string;
}

/** A status answer is a small object; anything larger than this is not one. */
export const MAX_VIDEO_STATUS_BODY = 1024 * 1024;

/** The create request as a multipart form (sent encoded by encodeForm). */
export function createVideoForm(request: CreateVideoRequest): FormData {
  const form = new FormData();
  form.set('model', request.model);
  form.set('prompt', request.prompt);
  if (request.seconds !== undefined) form.set('seconds', String(request.seconds));
  if (request.size) form.set('size', request.size);
  form.set('watermark', 'false');
  if (request.image) {
    form.set(
      'input_reference',
      new Blob([new Uint8Array(request.image.data)], { type: request.image.mimeType }),
      request.image.fileName,
    );
  }
  return form;
}

function parseVideoObject(json: unknown): VideoObject | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  // Some servers wrap the object in `data`.
  const v = (o.data && typeof o.data === 'object' && !Array.isArray(o.data) ? o.data : o) as Record<string, unknown>;
  const id = typeof v.id === 'string' ? v.id : typeof v.task_id === 'string' ? v.task_id : undefined;
  if (!id) return undefined;
  const progress =
    typeof v.progress === 'number' ? v.progress : typeof v.progress === 'string' ? parseFloat(v.progress) : undefined;
  return {
    id,
    status: typeof v.status === 'string' ? v.status : '',
    progress: progress !== undefined && Number.isFinite(progress) ? progress : undefined,
    error: v.error ?? undefined,
    model: typeof v.model === 'string' ? v.model : undefined,
    seconds: v.seconds !== undefined ? String(v.seconds) : undefined,
    size: typeof v.size === 'string' ? v.size : undefined,
  };
}

/**
 * The video object of a 2xx answer. A failed job is a video object that carries an `error`; an `error`
 * without a video (new-api answers some refusals with 200) is a failed call.
 */
export function videoFromAnswer(json: unknown, status: number, requestId: string | undefined): VideoCallResult {
  const video = parseVideoObject(json);
  if (video) return { video, requestId };
  const errorObj = json && typeof json === 'object' ? (json as { error?: unknown }).error : undefined;
  if (errorObj && typeof errorObj === 'object') {
    const e = errorObj as { message?: unknown; code?: unknown; type?: unknown };
    const split = splitRequestId(typeof e.message === 'string' && e.message ? e.message : `HTTP ${status}`);
    const code = typeof e.code === 'string' ? e.code : undefined;
    throw new GatewayError(kindForStatus(400, code, split.message), split.message, {
      status,
      requestId: requestId ?? split.requestId,
      code,
      type: typeof e.type === 'string' ? e.type : undefined,
    });
  }
  throw new GatewayError('protocol', `not a video object: ${JSON.stringify(json).slice(0, 200)}`, {
    status,
    requestId,
  });
}
