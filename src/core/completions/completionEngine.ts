// One inline completion from start to end: cache, adaptive debounce, the gateway request, early stop, post-processing.
import { GatewayError, sleep, type ChatEvent, type GatewayClient, type Logger, type Timeouts } from '../gateway';
import { isPaidGenerationModel } from '../models';
import { AdaptiveDebounce } from './adaptiveDebounce';
import { CompletionCache } from './completionCache';
import {
  buildCompletionContext,
  chatCompletionMessages,
  fimBody,
  type CompletionContext,
  type NeighborSnippet,
} from './completionPrompt';
import { chooseEndpoint, type CompletionEndpoint, type CompletionEndpointSetting } from './fimModels';
import { cutCompletion, finishCompletion } from './postProcess';

export interface CompletionRequest {
  /** Identifies the document (its URI), for the cache. */
  docKey: string;
  /** The cursor's offset in the document (the prefix may be a window ending there); default prefix.length. */
  offset?: number;
  prefix: string;
  suffix: string;
  path: string;
  languageId: string;
  neighbors?: readonly NeighborSnippet[];
}

export interface CompletionResult {
  text: string;
  source: 'cache' | 'gateway';
}

export interface CompletionStats {
  keystrokes: number;
  /** Requests sent to the gateway. */
  requests: number;
  /** Requests closed because the user typed on before the answer was complete. */
  cancelled: number;
  /** Streams closed by us as soon as the suggestion was complete. */
  stoppedEarly: number;
  failed: number;
  cacheHits: number;
  lastError?: { message: string; requestId?: string; at: number };
}

export interface CompletionEngineOptions {
  client: () => Pick<GatewayClient, 'streamChat' | 'streamCompletions'>;
  model: () => string;
  endpoint: () => CompletionEndpointSetting;
  /** The endpoint types the gateway lists for a model (the host's model list); a generation type is never sent to. */
  endpointTypes?: (model: string) => Promise<readonly string[] | undefined>;
  budgetTokens?: () => number;
  maxTokens?: number;
  /** Tagged by the host (`[completions]`). */
  logger?: Logger;
  now?: () => number;
  /** Models that refused fill-in-the-middle; the host keeps them across sessions. */
  refusedFim?: Set<string>;
  onRefusedFim?: (model: string) => void;
  /** Every failed request (not a cancellation); the host turns completions off on a rejected key. */
  onFailure?: (error: GatewayError) => void;
  debounce?: AdaptiveDebounce;
  cache?: CompletionCache;
}

/** Completions wait for nobody: a slow gateway is dropped long before a chat answer would be. */
const COMPLETION_TIMEOUTS: Partial<Timeouts> = { connectMs: 10_000, firstByteMs: 15_000, idleMs: 10_000 };

export class CompletionEngine {
  readonly stats: CompletionStats = {
    keystrokes: 0,
    requests: 0,
    cancelled: 0,
    stoppedEarly: 0,
    failed: 0,
    cacheHits: 0,
  };
  readonly debounce: AdaptiveDebounce;
  readonly cache: CompletionCache;
  private readonly refusedFim: Set<string>;
  private lastKeystroke = -Infinity;
  private readonly now: () => number;

  constructor(private readonly options: CompletionEngineOptions) {
    this.debounce = options.debounce ?? new AdaptiveDebounce();
    this.cache = options.cache ?? new CompletionCache();
    this.refusedFim = options.refusedFim ?? new Set();
    this.now = options.now ?? Date.now;
  }

  /** A change to a document the user is typing in. */
  keystroke(): void {
    const t = this.now();
    this.stats.keystrokes++;
    this.lastKeystroke = t;
    this.debounce.keystroke(t);
  }

  /** The suggestion at this place, or undefined (none, cancelled, or failed: failures are counted, never thrown). */
  async complete(req: CompletionRequest, signal: AbortSignal): Promise<CompletionResult | undefined> {
    const cached = this.cache.get(req.docKey, req.offset ?? req.prefix.length, req.prefix, req.suffix);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return cached ? { text: cached, source: 'cache' } : undefined;
    }
    const wait = this.debounce.delayMs() - (this.now() - this.lastKeystroke);
    if (
      wait > 0 &&
      !(await sleep(wait, signal).then(
        () => true,
        () => false,
      ))
    )
      return undefined;
    if (signal.aborted) return undefined;
    const text = await this.request(req, signal);
    return text ? { text, source: 'gateway' } : undefined;
  }

  private async request(req: CompletionRequest, signal: AbortSignal): Promise<string | undefined> {
    const model = this.options.model();
    if (await this.isPaidGeneration(model)) return undefined;
    const ctx = buildCompletionContext({ ...req, budgetTokens: this.options.budgetTokens?.() });
    const setting = this.options.endpoint();
    let endpoint = chooseEndpoint(setting, model, this.refusedFim);
    for (;;) {
      try {
        const raw = await this.stream(endpoint, ctx, model, signal);
        const text = finishCompletion(raw, ctx);
        this.cache.put(req.docKey, req.offset ?? req.prefix.length, req.prefix, req.suffix, text);
        return text;
      } catch (e) {
        if (signal.aborted) {
          this.stats.cancelled++;
          return undefined;
        }
        const error =
          e instanceof GatewayError
            ? e
            : new GatewayError('network', e instanceof Error ? e.message : String(e), { cause: e });
        if (
          endpoint === 'completions' &&
          setting === 'auto' &&
          (error.kind === 'badRequest' || error.kind === 'notFound')
        ) {
          // The model does not do fill-in-the-middle after all: remember it and ask by chat from now on.
          this.options.logger?.info(`${model} refused /completions (${error.message}); using chat from now on`);
          this.refusedFim.add(model);
          this.options.onRefusedFim?.(model);
          endpoint = 'chat';
          continue;
        }
        this.stats.failed++;
        this.stats.lastError = { message: error.message, requestId: error.requestId, at: this.now() };
        this.options.logger?.warn(
          `${endpoint} request failed (${error.kind}): ${error.message}${error.requestId ? ` (request id: ${error.requestId})` : ''}`,
        );
        this.options.onFailure?.(error);
        return undefined;
      }
    }
  }

  /**
   * True for a video or image generation model (by the gateway's endpoint types, else its name): every keystroke would
   * spend generation credits, so nothing is sent and the status item says why.
   */
  private async isPaidGeneration(model: string): Promise<boolean> {
    const types = await this.options.endpointTypes?.(model).catch(() => undefined);
    if (!isPaidGenerationModel(model, types)) return false;
    const message = `${model} is a video or image generation model; completions never use one (set a chat model in applerouter.completions.model)`;
    if (this.stats.lastError?.message !== message) this.options.logger?.warn(message);
    this.stats.lastError = { message, at: this.now() };
    return true;
  }

  /** Streams the answer and closes the connection as soon as the suggestion is complete. */
  private async stream(
    endpoint: CompletionEndpoint,
    ctx: CompletionContext,
    model: string,
    signal: AbortSignal,
  ): Promise<string> {
    this.stats.requests++;
    const client = this.options.client();
    const maxTokens = this.options.maxTokens ?? 256;
    const call = { maxRetries: 0, timeouts: COMPLETION_TIMEOUTS };
    const events: AsyncIterable<ChatEvent> =
      endpoint === 'completions'
        ? client.streamCompletions(fimBody(ctx, model, maxTokens), signal, call)
        : client.streamChat(
            {
              model,
              messages: chatCompletionMessages(ctx),
              max_tokens: ctx.multiline ? maxTokens : 64,
              temperature: 0.1,
            },
            signal,
            call,
          );
    let raw = '';
    for await (const ev of events) {
      if (ev.type !== 'content') continue;
      raw += ev.text;
      if (cutCompletion(raw, ctx).complete) {
        // Leaving the loop closes the connection: no more tokens are paid for.
        this.stats.stoppedEarly++;
        break;
      }
    }
    return raw;
  }
}
