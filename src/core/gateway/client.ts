// createGatewayClient: every call to an OpenAI-compatible gateway (chat, models, balance, videos, images) over one HTTP stack.
import { answerLimits } from './answerLimits';
import { ChatEventIterator } from './chatEventIterator';
import { buildCompletionsBody, type CompletionsRequest } from './completionsRequest';
import { GatewayError, kindForStreamError } from './errors';
import { createRequester, resolve } from './request';
import { reportedCapabilities } from './modelEntry';
import { encodeForm } from './multipart';
import {
  createVideoForm,
  MAX_VIDEO_STATUS_BODY,
  videoFromAnswer,
  type CreateVideoRequest,
  type VideoCallResult,
} from './videos';
import {
  buildImageGenerationBody,
  createImageEditForm,
  MAX_IMAGE_ANSWER_BYTES,
  parseImageAnswer,
  type EditImageRequest,
  type GenerateImagesRequest,
  type ImageAnswer,
} from './images';
import type {
  Balance,
  ChatCompletion,
  ChatEvent,
  ChatRequest,
  GatewayClient,
  GatewayClientOptions,
  ModelInfo,
  StreamOptions,
} from './types';

export { retryAfterMs } from './retry';

/** Largest single SSE event accepted (characters); bigger ones are refused without buffering further. */
const DEFAULT_MAX_EVENT_SIZE = 16 * 1024 * 1024;
const NUMERIC_FIELDS = ['temperature', 'top_p', 'max_tokens', 'n', 'presence_penalty', 'frequency_penalty'] as const;

/** The body of a JSON request for /chat/completions: unset options are left out; numbers stay numbers. */
function buildChatBody(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { ...(req.extra ?? {}) };
  body.model = req.model;
  body.messages = req.messages;
  body.stream = stream;
  if (stream) body.stream_options = { include_usage: true };
  for (const k of NUMERIC_FIELDS) {
    const v = req[k] as unknown;
    if (v === undefined || v === null || v === '') continue;
    const n = typeof v === 'number' ? v : Number(v);
    if (Number.isFinite(n)) body[k] = n;
  }
  for (const k of ['stop', 'tools', 'tool_choice', 'user'] as const) {
    if (req[k] !== undefined && req[k] !== null) body[k] = req[k];
  }
  return body;
}

/** A hostile gateway cannot make the extension hold an endless model list or billing answer. */
export const MAX_MODEL_LIST_BYTES = 8 * 1024 * 1024;
export const MAX_MODELS = 5000;
const MAX_SMALL_JSON = 1024 * 1024;

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_EVENT_SIZE;
  const limits = answerLimits(options.answerLimits);
  const http = createRequester(options);
  const getJson = (path: string, signal: AbortSignal | undefined, maxBytes = MAX_SMALL_JSON) =>
    http.json('GET', path, undefined, signal, { maxBytes });
  const videoPath = (id: string) => `/videos/${encodeURIComponent(id)}`;

  const client: GatewayClient = {
    streamChat(request: ChatRequest, signal?: AbortSignal, call?: StreamOptions): AsyncIterable<ChatEvent> {
      const body = JSON.stringify(buildChatBody(request, true));
      return {
        [Symbol.asyncIterator]: () =>
          new ChatEventIterator(
            () => http.open('POST', '/chat/completions', body, signal, call),
            signal,
            maxEventSize,
            limits,
          ),
      };
    },

    streamCompletions(
      request: CompletionsRequest,
      signal?: AbortSignal,
      call?: StreamOptions,
    ): AsyncIterable<ChatEvent> {
      const body = JSON.stringify(buildCompletionsBody(request));
      return {
        [Symbol.asyncIterator]: () =>
          new ChatEventIterator(
            () => http.open('POST', '/completions', body, signal, call),
            signal,
            maxEventSize,
            limits,
          ),
      };
    },

    async complete(request: ChatRequest, signal?: AbortSignal, call?: StreamOptions): Promise<ChatCompletion> {
      const o = await http.open(
        'POST',
        '/chat/completions',
        JSON.stringify(buildChatBody(request, false)),
        signal,
        call,
      );
      const result: ChatCompletion = { content: '', reasoning: '', toolCalls: [], requestId: o.requestId };
      const it = new ChatEventIterator(() => Promise.resolve(o), signal, maxEventSize, limits);
      for await (const e of { [Symbol.asyncIterator]: () => it }) {
        if (e.type === 'content') result.content += e.text;
        else if (e.type === 'reasoning') result.reasoning += e.text;
        else if (e.type === 'toolCalls') result.toolCalls.push(...e.calls);
        else if (e.type === 'usage') result.usage = e.usage;
        else if (e.type === 'finish') result.finishReason = e.reason;
      }
      if (it.model) result.model = it.model;
      return result;
    },

    async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
      const { json, requestId } = await getJson('/models', signal, MAX_MODEL_LIST_BYTES);
      const data = Array.isArray(json) ? json : (json as { data?: unknown } | null)?.data;
      if (!Array.isArray(data)) {
        const err = (json as { error?: { message?: string } } | null)?.error;
        if (err) throw new GatewayError(kindForStreamError(), String(err.message ?? 'error'), { requestId });
        throw new GatewayError('protocol', 'the model list has no "data" array', { requestId });
      }
      const models: ModelInfo[] = [];
      for (const m of data.slice(0, MAX_MODELS)) {
        const id = typeof m === 'string' ? m : (m as { id?: unknown })?.id;
        if (typeof id !== 'string' || !id) continue;
        const r = (typeof m === 'object' ? m : {}) as Record<string, unknown>;
        const info: ModelInfo = { id };
        if (typeof r.owned_by === 'string') info.ownedBy = r.owned_by;
        if (typeof r.created === 'number') info.created = r.created;
        if (Array.isArray(r.supported_endpoint_types))
          info.endpointTypes = r.supported_endpoint_types.filter((x): x is string => typeof x === 'string');
        const capabilities = reportedCapabilities(r);
        if (capabilities) info.capabilities = capabilities;
        models.push(info);
      }
      return models;
    },

    async getBalance(signal?: AbortSignal): Promise<Balance | undefined> {
      const get = async (path: string): Promise<Record<string, unknown> | undefined> => {
        try {
          const { json } = await getJson(path, signal);
          if (!json || typeof json !== 'object' || 'error' in json) return undefined;
          return json as Record<string, unknown>;
        } catch (e) {
          if (e instanceof GatewayError && e.kind === 'notFound') return undefined;
          throw e;
        }
      };
      const [sub, usage] = await Promise.all([get('/dashboard/billing/subscription'), get('/dashboard/billing/usage')]);
      if (!sub || !usage) return undefined;
      const limit = Number(sub.hard_limit_usd);
      const usedCents = Number(usage.total_usage);
      if (!Number.isFinite(usedCents)) return undefined;
      const usedUsd = usedCents / 100;
      // new-api reports an unlimited token as 100000000 USD.
      if (!Number.isFinite(limit) || limit >= 100_000_000) return { usedUsd };
      return { limitUsd: limit, usedUsd, remainingUsd: limit - usedUsd };
    },

    async getPricing(signal?: AbortSignal): Promise<unknown> {
      // new-api serves it beside the API, not under it: `<origin>/api/pricing` for a base URL ending in `/v1`.
      const base = (await resolve(options.baseUrl)).replace(/\/+$/, '');
      const path = /\/v1$/i.test(base) ? '/../api/pricing' : '/api/pricing';
      const ask = (withoutKey: boolean) =>
        http.json('GET', path, undefined, signal, { maxBytes: MAX_MODEL_LIST_BYTES, maxRetries: 0, withoutKey });
      try {
        // Prices are public on most gateways: the key goes only to one that asks for it (401/403), once.
        const first = await ask(true).catch((e: unknown) => {
          if (e instanceof GatewayError && (e.status === 401 || e.status === 403)) return undefined;
          throw e;
        });
        return (first ?? (await ask(false))).json;
      } catch (e) {
        // No pricing published (404, an HTML page, a login wall): nothing to estimate with.
        if (e instanceof GatewayError && e.kind !== 'aborted') return undefined;
        throw e;
      }
    },

    async createVideo(request: CreateVideoRequest, signal?: AbortSignal): Promise<VideoCallResult> {
      // Never retried: every attempt may be charged.
      const r = await http.json('POST', '/videos', await encodeForm(createVideoForm(request)), signal, {
        maxRetries: 0,
        maxBytes: MAX_VIDEO_STATUS_BODY,
      });
      return videoFromAnswer(r.json, r.status, r.requestId);
    },

    async getVideo(id: string, signal?: AbortSignal): Promise<VideoCallResult> {
      // The caller polls again on its own schedule; a retry here would only double the wait.
      const r = await http.json('GET', videoPath(id), undefined, signal, {
        maxRetries: 0,
        maxBytes: MAX_VIDEO_STATUS_BODY,
      });
      return videoFromAnswer(r.json, r.status, r.requestId);
    },

    videoContent(id: string): Promise<{ url: string; headers: Record<string, string> }> {
      return http.target(`${videoPath(id)}/content`);
    },

    async generateImages(
      request: GenerateImagesRequest,
      signal?: AbortSignal,
      call?: StreamOptions,
    ): Promise<ImageAnswer> {
      // Never retried: every attempt may be charged.
      const r = await http.json(
        'POST',
        '/images/generations',
        JSON.stringify(buildImageGenerationBody(request)),
        signal,
        {
          ...call,
          maxRetries: 0,
          maxBytes: MAX_IMAGE_ANSWER_BYTES,
        },
      );
      return parseImageAnswer(r.json, r.status, r.requestId);
    },

    async editImage(request: EditImageRequest, signal?: AbortSignal, call?: StreamOptions): Promise<ImageAnswer> {
      const r = await http.json('POST', '/images/edits', await encodeForm(createImageEditForm(request)), signal, {
        ...call,
        maxRetries: 0,
        maxBytes: MAX_IMAGE_ANSWER_BYTES,
      });
      return parseImageAnswer(r.json, r.status, r.requestId);
    },
  };
  return client;
}
