// The gateway's model list with the kind of each model, the filters every feature asks it for, and its cache.
import type { ModelInfo } from '../gateway';
import { modelKind, type ModelKind } from './modelKind';

/** A listed model and what it is for, decided once from its endpoint types and name. */
export interface ListedModel extends ModelInfo {
  kind: ModelKind;
}

/** What a feature wants from the list: models to chat with (also VS Code's chat), to complete code, videos, images. */
export type ModelPurpose = 'chat' | 'completions' | 'video' | 'image';

const PURPOSE_KINDS: Readonly<Record<ModelPurpose, ModelKind>> = {
  chat: 'chat',
  // Completions are asked of chat models (or /completions of the same ones), never of a paid generation model.
  completions: 'chat',
  video: 'video',
  image: 'image',
};

function classifyModels(list: readonly ModelInfo[]): ListedModel[] {
  return list.map((m) => ({ ...m, kind: modelKind(m.id, m.endpointTypes) }));
}

/** The models for one purpose, in the gateway's order. */
export function modelsFor(list: readonly ListedModel[], purpose: ModelPurpose): ListedModel[] {
  const kind = PURPOSE_KINDS[purpose];
  return list.filter((m) => m.kind === kind);
}

/** The endpoint types a list gives for a model id; undefined when the model is not listed or has none. */
export function endpointTypesIn(list: readonly ModelInfo[] | undefined, id: string): string[] | undefined {
  return list?.find((m) => m.id === id)?.endpointTypes;
}

export interface ModelListFetchOptions {
  signal?: AbortSignal;
  /** Ask the gateway now (a key check, Test Connection), and keep what it says. */
  fresh?: boolean;
}

/**
 * One list per key (a profile and its base URL): kept for `ttlMs`, one request at a time per key, dropped by
 * `invalidate()`. A failed request is not kept, so the next caller of `list()` asks again; `quietList()` (lookups that
 * do without the list, such as each completion's model check) waits `failureRetryMs` before it asks again.
 */
export class ModelListCache {
  private readonly entries = new Map<string, { at: number; models: ListedModel[] }>();
  /** When a key's list last failed; cleared by a list that arrives and by invalidate(). */
  private readonly failedAt = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<ListedModel[]>>();
  /** Bumped by invalidate(): an answer to a request sent before it is handed out but not kept. */
  private generation = 0;

  constructor(
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly failureRetryMs = 60_000,
  ) {}

  /**
   * The list, or undefined when it cannot be had; after a failure, undefined without asking for `failureRetryMs`, so a
   * lookup made at every keystroke does not ask a failing gateway each time.
   */
  async quietList(
    key: string,
    fetch: (signal?: AbortSignal) => Promise<ModelInfo[]>,
  ): Promise<ListedModel[] | undefined> {
    const kept = this.peek(key);
    if (kept) return kept;
    const failed = this.failedAt.get(key);
    if (failed !== undefined && this.now() - failed < this.failureRetryMs) return undefined;
    return this.list(key, fetch).catch(() => undefined);
  }

  async list(
    key: string,
    fetch: (signal?: AbortSignal) => Promise<ModelInfo[]>,
    options: ModelListFetchOptions = {},
  ): Promise<ListedModel[]> {
    const entry = this.entries.get(key);
    if (!options.fresh && entry && this.now() - entry.at < this.ttlMs) return entry.models;
    if (options.fresh) return this.load(key, () => fetch(options.signal));
    let shared = this.inflight.get(key);
    if (!shared) {
      // Shared by every caller, so one caller's cancel does not cancel it for the others.
      shared = this.load(key, () => fetch()).finally(() => this.inflight.delete(key));
      this.inflight.set(key, shared);
    }
    return options.signal ? raceAbort(shared, options.signal) : shared;
  }

  /** The list kept for a key, without asking (undefined when none is kept or it is stale). */
  peek(key: string): ListedModel[] | undefined {
    const entry = this.entries.get(key);
    return entry && this.now() - entry.at < this.ttlMs ? entry.models : undefined;
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.inflight.clear();
    this.failedAt.clear();
  }

  private async load(key: string, fetch: () => Promise<ModelInfo[]>): Promise<ListedModel[]> {
    const generation = this.generation;
    let models: ListedModel[];
    try {
      models = classifyModels(await fetch());
    } catch (e) {
      if (generation === this.generation) this.failedAt.set(key, this.now());
      throw e;
    }
    if (generation === this.generation) {
      this.entries.set(key, { at: this.now(), models });
      this.failedAt.delete(key);
    }
    return models;
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
