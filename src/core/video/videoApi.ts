// The gateway's asynchronous Videos API: create a job (multipart), read its status, name its content URL.

import { GatewayError, htmlExcerpt, kindForStatus, splitRequestId } from '../gateway/errors';
import type { FetchLike } from '../gateway/types';

export interface VideoApiConfig {
  baseUrl: string;
  apiKey: string | undefined;
  headers?: Record<string, string>;
  fetch?: FetchLike;
  /** Per-call limit for create and status requests (default 60 s). */
  timeoutMs?: number;
}

export interface VideoObject {
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

function url(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The download URL of a finished job (same origin as the gateway, so the key may go with it). */
export function videoContentUrl(baseUrl: string, id: string): string {
  return url(baseUrl, `/videos/${encodeURIComponent(id)}/content`);
}

/** Headers for the gateway: custom headers, then the key (which a custom header cannot replace). */
export function videoAuthHeaders(config: Pick<VideoApiConfig, 'apiKey' | 'headers'>): Record<string, string> {
  const headers: Record<string, string> = { ...(config.headers ?? {}) };
  for (const k of Object.keys(headers)) if (k.toLowerCase() === 'authorization') delete headers[k];
  if (config.apiKey) headers.Authorization = `Bearer ${config.apiKey}`;
  return headers;
}

function parseVideoObject(json: unknown): VideoObject | undefined {
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  // Some servers wrap the object in `data`.
  const v = (o.data && typeof o.data === 'object' && !Array.isArray(o.data) ? o.data : o) as Record<string, unknown>;
  const id = typeof v.id === 'string' ? v.id : typeof v.task_id === 'string' ? v.task_id : undefined;
  if (!id) return undefined;
  const progress = typeof v.progress === 'number' ? v.progress : typeof v.progress === 'string' ? parseFloat(v.progress) : undefined;
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

async function call(config: VideoApiConfig, path: string, init: RequestInit, signal?: AbortSignal): Promise<{ video: VideoObject; requestId?: string }> {
  const doFetch = config.fetch ?? (globalThis.fetch as FetchLike);
  const timeout = AbortSignal.timeout(config.timeoutMs ?? 60_000);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await doFetch(url(config.baseUrl, path), { ...init, signal: combined, redirect: 'error' });
  } catch (e) {
    if (signal?.aborted) throw new GatewayError('aborted', 'The request was stopped.', { cause: e });
    if (timeout.aborted) throw new GatewayError('timeout', `no answer within ${(config.timeoutMs ?? 60_000) / 1000} s`, { timeoutPhase: 'connect', timeoutMs: config.timeoutMs ?? 60_000, cause: e });
    throw new GatewayError('network', e instanceof Error ? e.message : String(e), { cause: e });
  }
  const requestId = response.headers.get('x-oneapi-request-id') ?? response.headers.get('x-request-id') ?? undefined;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const errorObj = json && typeof json === 'object' ? (json as { error?: unknown }).error : undefined;
  const video = parseVideoObject(json);
  // A failed job is a video object that carries an `error`; only an error without a video is a failed call.
  if (!response.ok || (errorObj && typeof errorObj === 'object' && !video)) {
    const e = (errorObj ?? {}) as { message?: unknown; code?: unknown; type?: unknown };
    const raw = typeof e.message === 'string' && e.message ? e.message : /^\s*</.test(text) ? htmlExcerpt(text) : text.slice(0, 300) || `HTTP ${response.status}`;
    const split = splitRequestId(raw);
    const code = typeof e.code === 'string' ? e.code : undefined;
    const status = response.ok ? 400 : response.status;
    throw new GatewayError(kindForStatus(status, code, split.message), split.message, {
      status: response.status,
      requestId: requestId ?? split.requestId,
      code,
      type: typeof e.type === 'string' ? e.type : undefined,
    });
  }
  if (!video) {
    throw new GatewayError('protocol', /^\s*</.test(text) ? htmlExcerpt(text) : `not a video object: ${text.slice(0, 200)}`, { status: response.status, requestId });
  }
  return { video, requestId };
}

/** `POST /videos` as multipart/form-data. Never retried: every attempt may be charged. */
export function createVideo(config: VideoApiConfig, request: CreateVideoRequest, signal?: AbortSignal): Promise<{ video: VideoObject; requestId?: string }> {
  const form = new FormData();
  form.set('model', request.model);
  form.set('prompt', request.prompt);
  if (request.seconds !== undefined) form.set('seconds', String(request.seconds));
  if (request.size) form.set('size', request.size);
  form.set('watermark', 'false');
  if (request.image) {
    form.set('input_reference', new Blob([new Uint8Array(request.image.data)], { type: request.image.mimeType }), request.image.fileName);
  }
  return call(config, '/videos', { method: 'POST', body: form, headers: videoAuthHeaders(config) }, signal);
}

/** `GET /videos/{id}`. */
export function getVideo(config: VideoApiConfig, id: string, signal?: AbortSignal): Promise<{ video: VideoObject; requestId?: string }> {
  return call(config, `/videos/${encodeURIComponent(id)}`, { method: 'GET', headers: videoAuthHeaders(config) }, signal);
}
