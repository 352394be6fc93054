// The life of one video generation as a persisted record and a pure state machine, plus resumption.

export type VideoEndpoint = 'chatCompletions' | 'videos';

export type VideoJobState =
  /** Created locally; the request is being sent. */
  | 'submitting'
  /** Accepted by the gateway (Videos API `queued`). */
  | 'queued'
  /** The gateway reports work (chat progress lines, Videos API `processing`/`in_progress`). */
  | 'processing'
  /** The result is known; the host is fetching the file(s). */
  | 'downloading'
  | 'completed'
  | 'failed'
  /** The user stopped waiting; an accepted job may still run (and be charged) at the gateway. */
  | 'cancelled'
  /** The window closed while a chat stream ran: the stream cannot be picked up again. */
  | 'interrupted';

export interface VideoJob {
  /** Our own id (also names the job in the gallery). */
  id: string;
  endpoint: VideoEndpoint;
  model: string;
  prompt: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  state: VideoJobState;
  /** The Videos API job id, saved the moment the gateway answers. */
  remoteId?: string;
  /** 0–100 as the gateway reports it. */
  progress?: number;
  /** The last progress line (chat) or status text (Videos API). */
  lastLine?: string;
  /** Where each result came from (signed URLs on the chat path; `…/videos/{id}/content` otherwise). */
  sourceUrls: string[];
  /** Local files, one per finished download, in result order. */
  files: string[];
  error?: string;
  requestId?: string;
  /** Whether a reference image went with the prompt (the image itself is not kept). */
  withReference?: boolean;
  seconds?: number;
  size?: string;
  /** The gateway profile it was made on (absent: the default profile); polling and downloads ask that gateway. */
  profile?: string;
}

export type VideoJobEvent =
  | { type: 'accepted'; remoteId?: string; requestId?: string }
  | { type: 'progress'; line?: string; percent?: number; status?: 'queued' | 'processing' }
  | { type: 'result'; urls: string[] }
  | { type: 'downloaded'; file: string }
  | { type: 'failed'; error: string; requestId?: string }
  | { type: 'cancelled' }
  | { type: 'interrupted' };

const TERMINAL_STATES: ReadonlySet<VideoJobState> = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

export function isTerminal(job: VideoJob): boolean {
  return TERMINAL_STATES.has(job.state);
}

export function createVideoJob(init: {
  id: string;
  endpoint: VideoEndpoint;
  model: string;
  prompt: string;
  now: number;
  withReference?: boolean;
  seconds?: number;
  size?: string;
  profile?: string;
}): VideoJob {
  const { now, ...rest } = init;
  return { ...rest, createdAt: now, updatedAt: now, state: 'submitting', sourceUrls: [], files: [] };
}

/** Thrown for an event that makes no sense in the job's state (a bug in the caller, never user input). */
export class VideoJobTransitionError extends Error {
  constructor(state: VideoJobState, event: VideoJobEvent['type']) {
    super(`video job: '${event}' is not allowed in state '${state}'`);
  }
}

/**
 * Applies one event and returns the new record (the old one is not changed). Terminal states accept
 * nothing more, except that a late `failed`/`cancelled` after completion is ignored (it raced the end).
 */
export function applyVideoJobEvent(job: VideoJob, event: VideoJobEvent, now: number): VideoJob {
  if (isTerminal(job)) {
    if (event.type === 'failed' || event.type === 'cancelled' || event.type === 'interrupted') return job;
    throw new VideoJobTransitionError(job.state, event.type);
  }
  const next: VideoJob = { ...job, updatedAt: now };
  switch (event.type) {
    case 'accepted':
      if (job.state !== 'submitting') throw new VideoJobTransitionError(job.state, event.type);
      next.state = 'queued';
      if (event.remoteId) next.remoteId = event.remoteId;
      if (event.requestId) next.requestId = event.requestId;
      return next;
    case 'progress':
      if (job.state === 'downloading') throw new VideoJobTransitionError(job.state, event.type);
      // A job that reported processing does not go back to queued because one poll said so.
      next.state = event.status === 'queued' && job.state !== 'processing' ? 'queued' : 'processing';
      if (event.line !== undefined) next.lastLine = event.line;
      if (event.percent !== undefined) next.progress = Math.max(0, Math.min(100, event.percent));
      return next;
    case 'result':
      if (event.urls.length === 0) throw new VideoJobTransitionError(job.state, event.type);
      next.state = 'downloading';
      next.sourceUrls = [...event.urls];
      next.progress = 100;
      return next;
    case 'downloaded':
      if (job.state !== 'downloading') throw new VideoJobTransitionError(job.state, event.type);
      next.files = [...job.files, event.file];
      if (next.files.length >= job.sourceUrls.length) next.state = 'completed';
      return next;
    case 'failed':
      next.state = 'failed';
      next.error = event.error;
      if (event.requestId) next.requestId = event.requestId;
      return next;
    case 'cancelled':
      next.state = 'cancelled';
      return next;
    case 'interrupted':
      next.state = 'interrupted';
      return next;
    default: {
      const never: never = event;
      throw new Error(`unknown video job event ${JSON.stringify(never)}`);
    }
  }
}

export type ResumeAction =
  /** Nothing to do. */
  | { kind: 'none' }
  /** Poll the Videos API job again (and download when it completes). */
  | { kind: 'poll'; remoteId: string }
  /** The result is known; fetch the files not yet on disk. */
  | { kind: 'download'; urls: string[] }
  /** A chat stream died with the window; it cannot be resumed. */
  | { kind: 'interrupt' };

/**
 * What to do with a saved job when the extension starts again. A Videos-API job is polled again; a
 * known result is downloaded (chat URLs may have expired by then: the download reports that); a chat
 * stream in flight is lost. A job that never got an id from the gateway cannot be found again.
 */
export function resumeActionFor(job: VideoJob): ResumeAction {
  if (isTerminal(job)) return { kind: 'none' };
  if (job.state === 'downloading') {
    const missing = job.sourceUrls.slice(job.files.length);
    if (missing.length > 0) return { kind: 'download', urls: missing };
  }
  if (job.endpoint === 'videos' && job.remoteId) return { kind: 'poll', remoteId: job.remoteId };
  return { kind: 'interrupt' };
}

/** Videos API status → our event (`in_progress` is another server's word for `processing`). */
export function videoStatusEvent(status: {
  status?: unknown;
  progress?: unknown;
  error?: unknown;
}):
  | { kind: 'progress'; status: 'queued' | 'processing'; percent?: number }
  | { kind: 'completed' }
  | { kind: 'failed'; error: string }
  | { kind: 'unknown'; status: string } {
  const s = typeof status.status === 'string' ? status.status.toLowerCase() : '';
  const percent = typeof status.progress === 'number' && Number.isFinite(status.progress) ? status.progress : undefined;
  switch (s) {
    case 'queued':
    case 'pending':
    case 'submitted':
      return { kind: 'progress', status: 'queued', percent };
    case 'processing':
    case 'in_progress':
    case 'running':
      return { kind: 'progress', status: 'processing', percent };
    case 'completed':
    case 'succeeded':
    case 'success':
      return { kind: 'completed' };
    case 'failed':
    case 'failure':
    case 'error':
    case 'cancelled':
    case 'expired':
      return { kind: 'failed', error: errorText(status.error) ?? s };
    default:
      return { kind: 'unknown', status: s };
  }
}

function errorText(error: unknown): string | undefined {
  if (typeof error === 'string' && error.trim()) return error.trim();
  if (error && typeof error === 'object') {
    const e = error as { message?: unknown; code?: unknown };
    if (typeof e.message === 'string' && e.message.trim()) return e.message.trim();
    if (typeof e.code === 'string' && e.code.trim()) return e.code.trim();
  }
  return undefined;
}

/**
 * Poll delay: quick at first (a cached or fast job is done in seconds), then the gateway's suggested
 * 10–30 s. `scale` shrinks every delay for tests against the local gateway.
 */
export function pollDelayMs(attempt: number, scale = 1): number {
  const base = attempt < 3 ? 5_000 : attempt < 10 ? 10_000 : 15_000;
  return Math.max(1, Math.round(base * scale));
}

/** Validates a record read back from storage; returns undefined for anything malformed. */
export function parseStoredVideoJob(value: unknown): VideoJob | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const num = (k: string) => (typeof v[k] === 'number' && Number.isFinite(v[k]) ? (v[k] as number) : undefined);
  const strs = (k: string) =>
    Array.isArray(v[k]) && (v[k] as unknown[]).every((x) => typeof x === 'string') ? (v[k] as string[]) : undefined;
  const states: VideoJobState[] = [
    'submitting',
    'queued',
    'processing',
    'downloading',
    'completed',
    'failed',
    'cancelled',
    'interrupted',
  ];
  const id = str('id');
  const endpoint = str('endpoint');
  const state = str('state') as VideoJobState | undefined;
  const createdAt = num('createdAt');
  if (
    !id ||
    (endpoint !== 'chatCompletions' && endpoint !== 'videos') ||
    !state ||
    !states.includes(state) ||
    createdAt === undefined
  ) {
    return undefined;
  }
  const job: VideoJob = {
    id,
    endpoint,
    model: str('model') ?? '',
    prompt: str('prompt') ?? '',
    createdAt,
    updatedAt: num('updatedAt') ?? createdAt,
    state,
    sourceUrls: strs('sourceUrls') ?? [],
    files: strs('files') ?? [],
  };
  const optional: [keyof VideoJob, unknown][] = [
    ['remoteId', str('remoteId')],
    ['progress', num('progress')],
    ['lastLine', str('lastLine')],
    ['error', str('error')],
    ['requestId', str('requestId')],
    ['seconds', num('seconds')],
    ['size', str('size')],
    ['withReference', typeof v.withReference === 'boolean' ? v.withReference : undefined],
  ];
  for (const [k, val] of optional) if (val !== undefined) (job as unknown as Record<string, unknown>)[k] = val;
  return job;
}
