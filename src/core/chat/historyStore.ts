// Saved conversations on disk, shared by every window: one file each, a journaled index merged under a lock.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { FileLock, NewerSchemaError, readJsonFile, writeJsonFile } from '../storage';
import { isConversation, type Conversation } from './conversation';
import { conversationSchema, entryOf, isFileSystemError, searchText, watchIndex } from './historyFiles';
import { HistoryAttachments } from './historyAttachments';
import { HistoryIndex, INDEX_FILE, type HistoryEntry, type IndexRecord } from './historyIndex';
import { HistorySearch } from './historySearch';

export { NewerSchemaError };
export type { HistoryEntry } from './historyIndex';

/** The file-system calls the store makes (node:fs/promises by default; tests wrap it to count or fail). */
export type HistoryFs = Pick<
  typeof nodeFs,
  'readFile' | 'writeFile' | 'rename' | 'mkdir' | 'readdir' | 'unlink' | 'open' | 'appendFile' | 'stat'
>;

export type LoadResult =
  | { kind: 'ok'; conversation: Conversation; readOnly: boolean }
  | { kind: 'missing' }
  | { kind: 'corrupt'; setAsideAs: string };

/**
 * `changed`: another window saved, renamed or deleted (the list, and the open conversation, may differ now).
 * `writeFailed`: writing stopped working (disk full, read-only); what was not written is kept and retried.
 * `writeRecovered`: everything kept since has been written.
 */
export type HistoryEvent = { type: 'changed' } | { type: 'writeFailed'; error: unknown } | { type: 'writeRecovered' };

/** A change not yet on disk (its write failed): retried before every later write and every few seconds. */
type Pending = { kind: 'save'; conv: Conversation } | { kind: 'rename'; title: string } | { kind: 'delete' };

const ID = /^[A-Za-z0-9_-]{1,100}$/;
const RETRY_MS = 5000;

export interface HistoryStoreOptions {
  /** Lock timings (tests shorten the stale time). */
  staleLockMs?: number;
  /** Journal lines folded into a new snapshot (tests make it small). */
  compactLines?: number;
  /** When the index is checked against the files after the first list (default 2 s; Infinity: never). */
  checkFilesAfterMs?: number;
  now?: () => number;
}

export class HistoryStore {
  private readonly index: HistoryIndex;
  private readonly lock: FileLock;
  private readonly attachments: HistoryAttachments;
  private readonly searchIndex: HistorySearch;
  /** Conversations on disk from a newer schema: shown read-only, never written. */
  private readonly newer = new Map<string, NewerSchemaError>();
  private readonly pending = new Map<string, Pending>();
  /** The title each conversation had when this window last read or wrote it: the base of a three-way title merge. */
  private readonly seen = new Map<string, string>();
  private readonly listeners = new Set<(e: HistoryEvent) => void>();
  /** Corrupt files found since the last call to takeNotices(). */
  private notices: string[] = [];
  private failing = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private ready: Promise<void> | undefined;
  /** Every write of this window, in order (flush() waits for it). */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly checkFilesAfterMs: number;
  private sorted: { version: number; entries: HistoryEntry[] } | undefined;

  constructor(
    readonly dir: string,
    private readonly fs: HistoryFs = nodeFs,
    options: HistoryStoreOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.checkFilesAfterMs = options.checkFilesAfterMs ?? 2000;
    this.index = new HistoryIndex(dir, fs, (f) => this.notices.push(path.basename(f)), options.compactLines);
    this.lock = new FileLock(path.join(dir, 'store.lock'), { staleMs: options.staleLockMs });
    this.attachments = new HistoryAttachments(dir, fs);
    this.searchIndex = new HistorySearch(path.join(dir, 'search'), (id) => this.textOf(id), fs);
  }

  /** Listens to changes from other windows and to the health of writes; returns the unsubscribe function. */
  onEvent(listener: (e: HistoryEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The index only (kept up to date with other windows): opening the history never reads the conversation files. */
  async list(): Promise<HistoryEntry[]> {
    await this.catchUp();
    if (this.pending.size === 0) {
      // Sorted once per change of the index: the history is listed again at every change in any window.
      if (this.sorted?.version !== this.index.version) {
        const entries = [...this.index.entries.values()].sort((a, b) => b.updatedAt - a.updatedAt);
        this.sorted = { version: this.index.version, entries };
      }
      return [...this.sorted.entries];
    }
    const out = new Map(this.index.entries);
    for (const [id, p] of this.pending) {
      if (p.kind === 'delete') out.delete(id);
      else if (p.kind === 'save') out.set(id, entryOf(p.conv));
      else {
        const e = out.get(id);
        if (e) out.set(id, { ...e, title: p.title });
      }
    }
    return [...out.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /**
   * Titles match as text; message text matches whole words through the full-text index (never a scan of files).
   * `onPartial` gets the results found so far while the index is still loading, so the first ones show early.
   */
  async search(query: string, onPartial?: (found: HistoryEntry[]) => void): Promise<HistoryEntry[]> {
    const all = await this.list();
    const q = query.trim().toLowerCase();
    if (!q) return all;
    const matching = (ids: ReadonlySet<string>): HistoryEntry[] =>
      all.filter((e) => e.title.toLowerCase().includes(q) || ids.has(e.id));
    const ids = await this.searchIndex.search(q, all, onPartial && ((found) => onPartial(matching(found))));
    return matching(ids);
  }

  /** Starts loading the search index (the history view opened: a search is likely soon). */
  warmSearch(): void {
    void this.searchIndex.warm().catch(() => undefined);
  }

  /** True when the conversation was deleted (in any window). */
  isDeleted(id: string): boolean {
    return this.index.deleted.has(id) || this.pending.get(id)?.kind === 'delete';
  }

  /**
   * The title another window gave the conversation since this window last saw it, or undefined. `current` is the
   * title shown here: when it was changed here too, this window's title stands.
   */
  titleFromElsewhere(id: string, current: string): string | undefined {
    const entry = this.index.entries.get(id);
    const base = this.seen.get(id);
    return entry && base !== undefined && entry.title !== base && current === base ? entry.title : undefined;
  }

  /** Reads a conversation; `withImages` false leaves image data on disk (search needs only the text). */
  async load(id: string, withImages = true): Promise<LoadResult> {
    if (!ID.test(id)) return { kind: 'missing' };
    const p = this.pending.get(id);
    if (p?.kind === 'save') return { kind: 'ok', conversation: p.conv, readOnly: false };
    if (p?.kind === 'delete') return { kind: 'missing' };
    const r = await readJsonFile(this.fileOf(id), conversationSchema(id), this.fs);
    if (r.kind === 'missing') return r;
    if (r.kind === 'newer') {
      this.newer.set(id, r.error);
      // Shown as well as we can; never written back.
      if (isConversation(r.raw)) return { kind: 'ok', conversation: r.raw, readOnly: true };
      return { kind: 'ok', conversation: { ...(r.raw as Conversation), messages: [] }, readOnly: true };
    }
    if (r.kind === 'corrupt') {
      this.notices.push(path.basename(r.setAsideAs));
      // Its entry goes from the list; not awaited, as load() also runs inside locked writes.
      void this.enqueue(async () => {
        await this.catchUp();
        if (this.index.entries.has(id)) await this.locked([{ op: 'del', id, at: this.now() }]);
      }).catch(() => undefined);
      return { kind: 'corrupt', setAsideAs: r.setAsideAs };
    }
    this.newer.delete(id);
    if (p?.kind === 'rename') r.value.title = p.title;
    this.seen.set(id, r.value.title);
    if (withImages) await this.attachments.inflate(r.value);
    return { kind: 'ok', conversation: r.value, readOnly: false };
  }

  /**
   * Writes the conversation and its index entry under the lock. A write that fails (disk full, read-only) does not
   * throw: the conversation is kept, listed and loadable here, and written with the next write that works.
   */
  save(conv: Conversation): Promise<void> {
    if (!ID.test(conv.id)) return Promise.reject(new Error(`invalid conversation id ${conv.id}`));
    const newer = this.newer.get(conv.id);
    if (newer) return Promise.reject(newer);
    if (this.pending.get(conv.id)?.kind === 'delete') return Promise.resolve();
    return this.change(conv.id, { kind: 'save', conv });
  }

  async rename(id: string, title: string): Promise<void> {
    if (!ID.test(id)) return;
    const p = this.pending.get(id);
    if (p?.kind === 'save') p.conv.title = title;
    else if (p?.kind !== 'delete') {
      // A newer file refuses the rename (load() recorded why).
      const r = await this.load(id, false);
      if (r.kind === 'ok' && r.readOnly) throw this.newer.get(id)!;
      if (r.kind !== 'ok') return;
    }
    return this.change(id, p?.kind === 'save' ? p : { kind: 'rename', title });
  }

  delete(id: string): Promise<void> {
    if (!ID.test(id)) return Promise.resolve();
    this.newer.delete(id);
    return this.change(id, { kind: 'delete' });
  }

  /** Names of files set aside since the last call (for a notice to the user). */
  takeNotices(): string[] {
    const n = this.notices;
    this.notices = [];
    return n;
  }

  /** Resolves when every write asked for so far has finished (or failed and been kept). */
  async flush(): Promise<void> {
    await this.tail.catch(() => undefined);
    await this.searchIndex.flush();
  }

  /**
   * Watches the folder for other windows' writes; `changed` is emitted within about a second (file-system events,
   * and a cheap poll of two file sizes for file systems that do not report them). Returns the stop function.
   */
  watch(): () => void {
    // Until this window has read the index (its first list or save), there is nothing to catch up: a window that never
    // opens the history reads nothing at start-up.
    return watchIndex(this.dir, () => {
      if (this.ready) void this.catchUp().catch(() => undefined);
    });
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.searchIndex.dispose();
  }

  private emit(e: HistoryEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  /** Reads what other windows wrote since; the first call also checks the index against the files. */
  private async catchUp(): Promise<void> {
    if (!this.ready) {
      this.ready = this.index.refresh().then(async () => {
        // No usable index: rebuilt from the files before anything is listed.
        if (this.index.needsScan) await this.lock.run(() => this.scan());
        // Otherwise checked in the background (a conversation written by a window that died before its index line).
        else if (this.checkFilesAfterMs !== Infinity)
          setTimeout(
            () => void this.enqueue(() => this.lock.run(() => this.scan())).catch(() => undefined),
            this.checkFilesAfterMs,
          ).unref?.();
      });
      await this.ready;
      return;
    }
    await this.ready;
    if (await this.index.refresh()) this.emit({ type: 'changed' });
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.tail.then(job, job);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Records the change, then writes everything kept so far under the lock; a failed write keeps it for later. */
  private change(id: string, p: Pending): Promise<void> {
    this.pending.delete(id);
    this.pending.set(id, p);
    return this.enqueue(() => this.writePending());
  }

  private async writePending(): Promise<void> {
    if (this.pending.size === 0) return;
    try {
      await this.catchUp();
      const changed = await this.lock.run(async () => {
        const elsewhere = await this.index.refresh();
        for (const [id, p] of [...this.pending]) {
          await this.apply(id, p);
          if (this.pending.get(id) === p) this.pending.delete(id);
        }
        await this.index.compactIfLong(this.now());
        return elsewhere;
      });
      if (changed) this.emit({ type: 'changed' });
      if (this.failing) {
        this.failing = false;
        this.emit({ type: 'writeRecovered' });
      }
    } catch (e) {
      if (!isFileSystemError(e)) throw e;
      if (!this.failing) {
        this.failing = true;
        this.emit({ type: 'writeFailed', error: e });
      }
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.enqueue(() => this.writePending()).catch(() => undefined);
    }, RETRY_MS);
    this.retryTimer.unref?.();
  }

  /** One kept change, written now (the lock is held and the index is current). */
  private async apply(id: string, p: Pending): Promise<void> {
    // A deletion in any window wins over a later save or rename from a window that still had it open.
    if (this.index.deleted.has(id) && p.kind !== 'delete') return;
    if (p.kind === 'delete') {
      await this.fs.unlink(this.fileOf(id)).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== 'ENOENT') throw e;
      });
      await this.attachments.remove(id);
      await this.index.append([{ op: 'del', id, at: this.now() }]);
      this.seen.delete(id);
      this.searchIndex.noteDeleted(id);
      return;
    }
    let conv: Conversation;
    if (p.kind === 'rename') {
      const r = await readJsonFile(this.fileOf(id), conversationSchema(id), this.fs);
      if (r.kind !== 'ok') return;
      conv = r.value;
      conv.title = p.title;
    } else {
      conv = p.conv;
      // Three-way title merge: renamed elsewhere and not here since this window read it, their title wins.
      const theirs = this.titleFromElsewhere(id, conv.title);
      if (theirs !== undefined) conv.title = theirs;
    }
    await this.fs.mkdir(this.dir, { recursive: true });
    await writeJsonFile(this.fileOf(id), await this.attachments.deflate(conv), { fs: this.fs });
    const entry = entryOf(conv);
    await this.index.append([{ op: 'put', entry }]);
    this.seen.set(id, conv.title);
    this.searchIndex.noteSaved(entry, searchText(conv));
  }

  /** Brings the index in line with the files (the lock is held): files it lacks are added, entries without files go. */
  private async scan(): Promise<void> {
    await this.index.refresh();
    let names: string[];
    try {
      names = await this.fs.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') names = [];
      else throw e;
    }
    const files = new Set<string>();
    for (const n of names) {
      const m = /^([A-Za-z0-9_-]{1,100})\.json$/.exec(n);
      if (m && n !== INDEX_FILE) files.add(m[1]!);
    }
    const records: IndexRecord[] = [];
    for (const id of files) {
      if (this.index.entries.has(id)) continue;
      // A deletion that stopped before its file was gone is finished now.
      if (this.index.deleted.has(id)) {
        await this.fs.unlink(this.fileOf(id)).catch(() => undefined);
        continue;
      }
      const r = await this.load(id, false).catch(() => undefined);
      if (r?.kind === 'ok') records.push({ op: 'put', entry: entryOf(r.conversation) });
    }
    for (const id of this.index.entries.keys()) {
      if (!files.has(id)) records.push({ op: 'del', id, at: this.now() });
    }
    const rebuild = this.index.needsScan;
    await this.index.append(records);
    if (rebuild) await this.index.writeSnapshot(this.now());
    if (records.length > 0 && !rebuild) this.emit({ type: 'changed' });
  }

  /** Appends index records under the lock (a corrupt file's entry leaving the list). */
  private locked(records: IndexRecord[]): Promise<void> {
    return this.lock.run(async () => {
      await this.index.refresh();
      await this.index.append(records);
    });
  }

  private async textOf(id: string): Promise<string | undefined> {
    const r = await this.load(id, false).catch(() => undefined);
    return r?.kind === 'ok' ? searchText(r.conversation) : undefined;
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }
}
