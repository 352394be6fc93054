// Public types of the gateway client core: requests, streamed events, options. No 'vscode', no DOM.
import type { AnswerLimits } from './answerLimits';
import type { CompletionsRequest } from './completionsRequest';
import type { CreateVideoRequest, VideoCallResult } from './videos';
import type { EditImageRequest, GenerateImagesRequest, ImageAnswer } from './images';

export type { Translate } from './errors';

/** A piece of user content: text, or an image by URL (https or a data: URI). */
export type ContentPart =
  { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

export interface ToolCall {
  id: string;
  name: string;
  /** The raw arguments string as the model produced it; may be invalid JSON (never execute then). */
  arguments: string;
  /** Past the answer's tool-call limit: its arguments were not kept, and it is answered with an error, never run. */
  overLimit?: true;
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  n?: number;
  stop?: string | string[];
  presence_penalty?: number;
  frequency_penalty?: number;
  tools?: ToolDefinition[];
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };
  user?: string;
  /** Anything else the gateway accepts; sent as given. */
  extra?: Record<string, unknown>;
}

export interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  /** Unknown extra fields are kept as the gateway sent them. */
  [key: string]: unknown;
}

export type ChatEvent =
  | { type: 'content'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'toolCalls'; calls: ToolCall[] }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: string }
  /**
   * Text of another choice (`n` > 1, `index` ≥ 1), kept apart from choice 0, which alone gives `content` and
   * `reasoning` events.
   */
  | { type: 'choice'; index: number; content?: string; reasoning?: string };

export interface ChatCompletion {
  content: string;
  reasoning: string;
  toolCalls: ToolCall[];
  usage?: Usage;
  finishReason?: string;
  model?: string;
  requestId?: string;
}

export interface ModelInfo {
  id: string;
  ownedBy?: string;
  created?: number;
  /** new-api's `supported_endpoint_types`, e.g. `openai`, `openai-video`. */
  endpointTypes?: string[];
  /** What the list entry itself says the model can do (OpenRouter-style fields); absent on new-api. */
  capabilities?: { imageInput?: boolean; toolCalling?: boolean; contextTokens?: number; maxOutputTokens?: number };
}

export interface Balance {
  /** Credit limit in USD; undefined when the gateway reports it as unlimited. */
  limitUsd?: number;
  /** Used so far, in USD. */
  usedUsd: number;
  /** limit − used, when there is a limit. */
  remainingUsd?: number;
}

/** Per-line logger; the core tags its lines (taggedLogger, '[http] …') and never passes it the key. */
export interface Logger {
  trace?(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Timeouts {
  /** Until response headers arrive (covers connect and TLS). */
  connectMs: number;
  /** From the headers until the first byte of the body. */
  firstByteMs: number;
  /** Longest silence between two reads of the body (comments count as bytes). */
  idleMs: number;
}

/** A value, or a function read on every request so that a settings change applies at once. */
export type ValueOrGetter<T> = T | (() => T | Promise<T>);

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface GatewayClientOptions {
  baseUrl: ValueOrGetter<string>;
  apiKey: ValueOrGetter<string | undefined>;
  headers?: ValueOrGetter<Record<string, string> | undefined>;
  /**
   * Defaults to the global fetch (inside VS Code it follows the user's proxy settings). A getter is told
   * apart from a fetch function by taking no parameters.
   */
  fetch?: ValueOrGetter<FetchLike>;
  timeouts?: ValueOrGetter<Partial<Timeouts>>;
  /** At most this many retries before the response starts (default 2). */
  maxRetries?: number;
  logger?: Logger;
  /** Largest single SSE event in characters (default 16 MiB); a bigger one is a `protocol` error. */
  maxEventSize?: number;
  /** Bounds of one answer (tool calls, arguments, total size); each one not given keeps its default. */
  answerLimits?: Partial<AnswerLimits>;
}

export interface StreamOptions {
  /** Overrides the client's timeouts for this one call (e.g. video's long idle limit). */
  timeouts?: Partial<Timeouts>;
  /** Retries for this call; 0 for anything that costs money per attempt (video). */
  maxRetries?: number;
}

export interface GatewayClient {
  streamChat(request: ChatRequest, signal?: AbortSignal, options?: StreamOptions): AsyncIterable<ChatEvent>;
  /** `POST /completions` streamed (fill-in-the-middle); the text arrives as `content` events. */
  streamCompletions(
    request: CompletionsRequest,
    signal?: AbortSignal,
    options?: StreamOptions,
  ): AsyncIterable<ChatEvent>;
  complete(request: ChatRequest, signal?: AbortSignal, options?: StreamOptions): Promise<ChatCompletion>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  /** undefined where the gateway has no billing endpoints. */
  getBalance(signal?: AbortSignal): Promise<Balance | undefined>;
  /** The gateway's published prices (new-api's `GET /api/pricing`) as raw JSON; undefined when it publishes none. */
  getPricing(signal?: AbortSignal): Promise<unknown>;
  /** `POST /videos` (multipart); never retried, since every attempt may be charged. */
  createVideo(request: CreateVideoRequest, signal?: AbortSignal): Promise<VideoCallResult>;
  /** `GET /videos/{id}`: the job's status; its body is capped (a status is a small object). */
  getVideo(id: string, signal?: AbortSignal): Promise<VideoCallResult>;
  /**
   * `GET /videos/{id}/content` as URL and headers (the key and custom headers, as every request has),
   * for the downloader, which streams to disk with its own resume and size checks.
   */
  videoContent(id: string): Promise<{ url: string; headers: Record<string, string> }>;
  /** `POST /images/generations` (JSON); never retried. The images come decoded or as URLs to download. */
  generateImages(request: GenerateImagesRequest, signal?: AbortSignal, options?: StreamOptions): Promise<ImageAnswer>;
  /** `POST /images/edits` (multipart: image, optional mask); never retried. */
  editImage(request: EditImageRequest, signal?: AbortSignal, options?: StreamOptions): Promise<ImageAnswer>;
}
