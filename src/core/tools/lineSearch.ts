// search_text's matching, off the extension host's thread: a model-chosen regular expression runs in a worker with a
// deadline, on lines capped in length, and Stop ends it (a catastrophic pattern costs a worker, never the host).
import { Worker } from 'node:worker_threads';

/** Lines longer than this are cut before matching (and shown cut). */
const MAX_SEARCH_LINE_CHARS = 2000;
/** The longest a search may take before the worker is ended and the partial result returned. */
const SEARCH_DEADLINE_MS = 10_000;
/** Characters of a matching line shown in the result. */
const SHOWN_LINE_CHARS = 300;

export interface LineSearchOptions {
  maxHits: number;
  deadlineMs?: number;
  maxLineChars?: number;
}

export interface LineSearchResult {
  hits: string[];
  /** Why the search ended early: the deadline passed, or the user stopped it. */
  stopped?: 'deadline' | 'cancelled';
}

/** The worker: gets files one by one, posts `name:line: text` for each matching line, stops at the hit limit. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const re = new RegExp(workerData.source, workerData.flags);
let left = workerData.maxHits;
parentPort.on('message', (m) => {
  if (m.type === 'end') { parentPort.postMessage({ type: 'done' }); return; }
  const hits = [];
  const lines = m.text.split('\\n');
  for (let i = 0; i < lines.length && left > 0; i++) {
    const line = lines[i].length > workerData.maxLineChars ? lines[i].slice(0, workerData.maxLineChars) : lines[i];
    if (re.test(line)) { hits.push(m.name + ':' + (i + 1) + ': ' + line.trim().slice(0, ${SHOWN_LINE_CHARS})); left--; }
  }
  parentPort.postMessage({ type: 'hits', hits, full: left <= 0 });
});
`;

/** The pattern for a query: a regular expression, or the literal text; an error sentence for an invalid one. */
export function searchPattern(
  query: string,
  isRegex: boolean,
): { ok: true; source: string } | { ok: false; error: string } {
  const source = isRegex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    new RegExp(source);
  } catch (e) {
    return { ok: false, error: `Invalid regular expression: ${e instanceof Error ? e.message : String(e)}` };
  }
  return { ok: true, source };
}

/** One search: files are added as they are read; `finish` waits for the matches (or the deadline, or Stop). */
export class LineSearch {
  private readonly worker: Worker;
  private readonly hits: string[] = [];
  private pending = 0;
  private ended = false;
  private full = false;
  private readonly result: Promise<LineSearchResult>;
  private settle!: (r: LineSearchResult) => void;
  private readonly timer: NodeJS.Timeout;
  /** Called whenever the worker answers or the search ends (the reader waiting in `drain`). */
  private wake: () => void = () => undefined;

  constructor(
    source: string,
    private readonly options: LineSearchOptions,
    signal: AbortSignal,
  ) {
    this.result = new Promise((resolve) => (this.settle = resolve));
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        source,
        flags: '',
        maxHits: options.maxHits,
        maxLineChars: options.maxLineChars ?? MAX_SEARCH_LINE_CHARS,
      },
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    this.worker.on('message', (m: { type: string; hits?: string[]; full?: boolean }) => {
      if (m.type === 'hits') {
        this.pending--;
        this.hits.push(...(m.hits ?? []));
        if (m.full) this.full = true;
        this.wake();
      } else if (m.type === 'done') this.stop(undefined);
    });
    this.worker.on('error', () => this.stop(undefined));
    this.worker.on('exit', () => this.stop(undefined));
    this.timer = setTimeout(() => this.stop('deadline'), options.deadlineMs ?? SEARCH_DEADLINE_MS);
    if (signal.aborted) this.stop('cancelled');
    else signal.addEventListener('abort', () => this.stop('cancelled'), { once: true });
  }

  /** False once no more files are wanted (enough matches, or the search ended). */
  get wantsMore(): boolean {
    return !this.ended && !this.full && this.hits.length < this.options.maxHits;
  }

  /** True while the worker has more than `n` files still to match (the reader waits, bounding memory). */
  busy(n: number): boolean {
    return !this.ended && this.pending > n;
  }

  add(name: string, text: string): void {
    if (!this.wantsMore) return;
    this.pending++;
    this.worker.postMessage({ type: 'file', name, text });
  }

  finish(): Promise<LineSearchResult> {
    if (!this.ended) this.worker.postMessage({ type: 'end' });
    return this.result;
  }

  /** Resolves once the worker has matched all but `n` of the files added (or the search ended). */
  async drain(n: number): Promise<void> {
    while (this.busy(n)) await new Promise<void>((r) => (this.wake = r));
  }

  private stop(why: LineSearchResult['stopped']): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.timer);
    this.wake();
    void this.worker.terminate();
    this.settle({ hits: this.hits.slice(0, this.options.maxHits), ...(why ? { stopped: why } : {}) });
  }
}
