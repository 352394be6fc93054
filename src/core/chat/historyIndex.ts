// The shared list of saved conversations: a snapshot plus an append-only journal, changed only under the store's lock.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { readJsonFile, writeJsonFile, type JsonSchema, type NewerSchemaError } from '../storage';

const INDEX_SCHEMA_VERSION = 1;
export const INDEX_FILE = 'index.json';
/** The journal after snapshot `generation` n is `index.n.jsonl`; a compaction starts the next one. */
const JOURNAL = /^index\.(\d+)\.jsonl$/;
/** A journal this long is folded into a new snapshot (under the lock), so a window start reads little. */
const COMPACT_LINES = 2000;
/** Deletions are remembered this long, so that a window that still had the conversation open cannot bring it back. */
const TOMBSTONE_MS = 90 * 24 * 60 * 60_000;

export interface HistoryEntry {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  /** The conversation it was forked from (id and title at the time). */
  forkedFrom?: { id: string; title: string };
}

/** One change in the journal: a conversation saved or renamed (its whole entry), or deleted. */
export type IndexRecord = { op: 'put'; entry: HistoryEntry } | { op: 'del'; id: string; at: number };

interface IndexFile {
  schemaVersion: number;
  /** Which journal continues this snapshot (absent in files written before the journal: 0). */
  generation?: number;
  entries: HistoryEntry[];
  /** Deleted ids and when (absent before the journal). */
  deleted?: Record<string, number>;
}

export type IndexFs = Pick<
  typeof nodeFs,
  'readFile' | 'rename' | 'unlink' | 'open' | 'appendFile' | 'stat' | 'mkdir' | 'writeFile' | 'readdir'
>;

const ID = /^[A-Za-z0-9_-]{1,100}$/;

export class HistoryIndex {
  readonly entries = new Map<string, HistoryEntry>();
  readonly deleted = new Map<string, number>();
  /** Changes with every change of `entries` (for the list's sorted copy). */
  version = 0;
  /** Set when the snapshot on disk has a newer schema: it is read, never rewritten, and the journal is left alone. */
  newer: NewerSchemaError | undefined;
  private generation = 0;
  /** Bytes of the journal already applied. */
  private offset = 0;
  private lines = 0;
  /** The snapshot as last read (mtime and size), to notice another window's compaction. */
  private snapshotStamp = '';
  private loaded = false;

  constructor(
    readonly dir: string,
    private readonly fs: IndexFs,
    /** A corrupt snapshot was set aside under this name. */
    private readonly onCorrupt: (setAsideAs: string) => void,
    private readonly compactLines = COMPACT_LINES,
  ) {}

  /** Whether the last load found no usable snapshot (missing or corrupt): the files must be scanned. */
  needsScan = false;

  /** Brings the state up to date with the disk (another window's changes included); true when anything changed. */
  refresh(): Promise<boolean> {
    return this.serial(() => this.refreshNow());
  }

  /** Appends changes (the caller holds the lock and has just refreshed), then applies them here. */
  append(records: IndexRecord[]): Promise<void> {
    return this.serial(() => this.appendNow(records));
  }

  /** Folds the journal into a new snapshot when it has grown long (the caller holds the lock). */
  compactIfLong(now: number): Promise<void> {
    return this.serial(async () => {
      if (this.lines >= this.compactLines) await this.writeSnapshotNow(now);
    });
  }

  /** Writes the whole state as a new snapshot and starts an empty journal (the caller holds the lock). */
  writeSnapshot(now: number): Promise<void> {
    return this.serial(() => this.writeSnapshotNow(now));
  }

  /** One reader or writer of the journal at a time in this process, so no line is applied twice or skipped. */
  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.chain.then(job, job);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private chain: Promise<unknown> = Promise.resolve();

  private async refreshNow(): Promise<boolean> {
    if (!this.loaded) {
      await this.loadSnapshot();
      await this.readJournal();
      return true;
    }
    const before = this.offset;
    const found = await this.readJournal();
    if (found === 'gone' || (await this.snapshotChanged())) {
      await this.loadSnapshot();
      await this.readJournal();
      return true;
    }
    return this.offset !== before;
  }

  private async appendNow(records: IndexRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.newer) {
      await this.fs.mkdir(this.dir, { recursive: true });
      // A leading newline ends any line a killed writer left unfinished, so it cannot swallow this one.
      const text = records.map((r) => `\n${JSON.stringify(r)}`).join('') + '\n';
      await this.fs.appendFile(this.journalFile(this.generation), text, 'utf8');
      this.offset += Buffer.byteLength(text);
      this.lines += records.length;
    }
    for (const r of records) this.apply(r);
  }

  private async writeSnapshotNow(now: number): Promise<void> {
    if (this.newer) return;
    for (const [id, at] of this.deleted) if (now - at > TOMBSTONE_MS) this.deleted.delete(id);
    const next = this.generation + 1;
    const body: IndexFile = {
      schemaVersion: INDEX_SCHEMA_VERSION,
      generation: next,
      entries: [...this.entries.values()],
      deleted: Object.fromEntries(this.deleted),
    };
    await this.fs.mkdir(this.dir, { recursive: true });
    // The next journal exists before the old one goes: a reader that finds its journal gone reloads the snapshot.
    await this.fs.writeFile(this.journalFile(next), '', { flag: 'a' });
    await writeJsonFile(path.join(this.dir, INDEX_FILE), body, { fs: this.fs });
    const old = this.generation;
    this.generation = next;
    this.offset = 0;
    this.lines = 0;
    this.snapshotStamp = await this.stamp();
    this.needsScan = false;
    await this.fs.unlink(this.journalFile(old)).catch(() => undefined);
  }

  private apply(r: IndexRecord): void {
    this.version++;
    if (r.op === 'put') {
      this.entries.set(r.entry.id, r.entry);
      this.deleted.delete(r.entry.id);
    } else {
      this.entries.delete(r.id);
      this.deleted.set(r.id, r.at);
    }
  }

  private journalFile(generation: number): string {
    return path.join(this.dir, `index.${generation}.jsonl`);
  }

  private async loadSnapshot(): Promise<void> {
    this.version++;
    this.entries.clear();
    this.deleted.clear();
    this.generation = 0;
    this.offset = 0;
    this.lines = 0;
    this.newer = undefined;
    this.needsScan = false;
    this.snapshotStamp = await this.stamp();
    const r = await readJsonFile(path.join(this.dir, INDEX_FILE), indexSchema, this.fs);
    this.loaded = true;
    let file: IndexFile;
    if (r.kind === 'missing' || r.kind === 'corrupt') {
      if (r.kind === 'corrupt') this.onCorrupt(r.setAsideAs);
      this.needsScan = true;
      this.generation = await this.latestJournal();
      return;
    }
    if (r.kind === 'newer') {
      this.newer = r.error;
      const raw = r.raw as { entries?: unknown };
      if (!Array.isArray(raw.entries)) {
        this.needsScan = true;
        return;
      }
      file = { schemaVersion: r.error.version, entries: raw.entries as HistoryEntry[] };
    } else {
      file = r.value;
    }
    this.generation = typeof file.generation === 'number' ? file.generation : 0;
    for (const e of file.entries) {
      const entry = parseEntry(e);
      if (entry) this.entries.set(entry.id, entry);
    }
    for (const [id, at] of Object.entries(file.deleted ?? {})) {
      if (ID.test(id) && typeof at === 'number') this.deleted.set(id, at);
    }
  }

  /** Without a snapshot, the newest journal on disk is the one to continue. */
  private async latestJournal(): Promise<number> {
    let names: string[] = [];
    try {
      names = await this.fs.readdir(this.dir);
    } catch {
      return 0;
    }
    let latest = 0;
    for (const n of names) {
      const m = JOURNAL.exec(n);
      if (m) latest = Math.max(latest, Number(m[1]));
    }
    return latest;
  }

  /** Applies the journal's complete lines past what was read; 'gone' when the journal was compacted away. */
  private async readJournal(): Promise<'ok' | 'gone'> {
    let handle: nodeFs.FileHandle;
    try {
      handle = await this.fs.open(this.journalFile(this.generation), 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // No journal yet for a fresh snapshot is normal; one that vanished after being read means a compaction.
      return this.offset > 0 ? 'gone' : 'ok';
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return 'ok';
      const buf = Buffer.alloc(size - this.offset);
      const { bytesRead } = await handle.read(buf, 0, buf.length, this.offset);
      const end = buf.lastIndexOf(0x0a, bytesRead - 1);
      if (end < 0) return 'ok';
      for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
        if (!line) continue;
        const r = parseRecord(line);
        if (r) this.apply(r);
        this.lines++;
      }
      this.offset += end + 1;
      return 'ok';
    } finally {
      await handle.close();
    }
  }

  private async snapshotChanged(): Promise<boolean> {
    return (await this.stamp()) !== this.snapshotStamp;
  }

  private async stamp(): Promise<string> {
    try {
      const s = await this.fs.stat(path.join(this.dir, INDEX_FILE));
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'none';
    }
  }
}

/** The index entry of a stored conversation, or undefined when it is not a valid one. */
function parseEntry(e: unknown): HistoryEntry | undefined {
  const x = e as Partial<HistoryEntry> | null;
  if (!x || typeof x.id !== 'string' || !ID.test(x.id) || typeof x.title !== 'string') return undefined;
  if (typeof x.updatedAt !== 'number') return undefined;
  const f = x.forkedFrom;
  // The common case (an entry this code wrote) is kept as parsed: a window start reads 10,000 of them.
  if (
    typeof x.createdAt === 'number' &&
    typeof x.messageCount === 'number' &&
    (f === undefined || (typeof f.id === 'string' && typeof f.title === 'string')) &&
    Object.keys(x).length <= 6
  )
    return x as HistoryEntry;
  return {
    id: x.id,
    title: x.title,
    createdAt: Number(x.createdAt) || x.updatedAt,
    updatedAt: x.updatedAt,
    messageCount: Number(x.messageCount) || 0,
    ...(f && typeof f.id === 'string' && typeof f.title === 'string'
      ? { forkedFrom: { id: f.id, title: f.title } }
      : {}),
  };
}

function parseRecord(line: string): IndexRecord | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    // A line a killed writer left unfinished: what it said is still in the conversation file (a scan finds it).
    return undefined;
  }
  const r = raw as { op?: unknown; entry?: unknown; id?: unknown; at?: unknown };
  if (r.op === 'put') {
    const entry = parseEntry(r.entry);
    return entry ? { op: 'put', entry } : undefined;
  }
  if (r.op === 'del' && typeof r.id === 'string' && ID.test(r.id)) {
    return { op: 'del', id: r.id, at: typeof r.at === 'number' ? r.at : 0 };
  }
  return undefined;
}

const indexSchema: JsonSchema<IndexFile> = {
  version: INDEX_SCHEMA_VERSION,
  versionOf: (raw) => {
    const v = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
    return typeof v === 'number' ? v : undefined;
  },
  parse: (raw) => {
    const idx = raw as IndexFile | null;
    return idx && typeof idx === 'object' && Array.isArray(idx.entries) && typeof idx.schemaVersion === 'number'
      ? idx
      : undefined;
  },
};
