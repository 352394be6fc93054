// Full-text search over every saved conversation: a FlexSearch index in shards, persisted as a cache of the files.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { Index as FlexIndex } from 'flexsearch';
import { writeFileAtomic, type StorageFs } from '../storage';
import type { HistoryEntry } from './historyIndex';

/*
 * Why FlexSearch: measured on 10,000 conversations of 40 messages (bench/history.bench.ts data), its inverted index
 * keeps plain arrays of numeric ids per term — about 75 MB of heap, a 37 MB export that loads in well under a
 * second — where MiniSearch's per-document maps took about 450 MB and seven seconds to load. It is maintained, has no
 * dependencies, updates one document in place, and exports/imports its index as strings.
 *
 * The index is a cache: each shard file records the `updatedAt` of every conversation it holds, and before a search
 * the shards are checked against the history list, so only conversations changed since (in any window) are read
 * again. Shards are written without the lock: two windows may overwrite each other's shard, and the loser's
 * changes are found stale and re-read at the next search.
 */

const SHARDS = 16;
const SCHEMA_VERSION = 1;
/** A shard's unsaved changes are written after this quiet time (one shard is a sixteenth of the index). */
const PERSIST_DELAY_MS = 2000;
/** The index is dropped from memory after this long without a search (the shard files stay). */
const IDLE_UNLOAD_MS = 10 * 60_000;

interface ShardFile {
  schemaVersion: number;
  /** [conversation id, number in the index, updatedAt indexed]. */
  docs: [string, number, number][];
  next: number;
  chunks: Record<string, string>;
}

interface Shard {
  index: FlexIndex;
  byId: Map<string, { num: number; version: number }>;
  byNum: Map<number, string>;
  next: number;
  dirty: boolean;
}

export type SearchFs = StorageFs & Pick<typeof nodeFs, 'mkdir' | 'stat'>;

const CJK_RUN = /(\p{Script=Han}+|\p{Script=Hiragana}+|\p{Script=Katakana}+|\p{Script=Hangul}+)/u;
const CJK_START = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * The words of a text as the index keeps them: lower case; runs of Chinese, Japanese or Korean as single characters
 * and as pairs (they have no spaces between words). A query (`forQuery`) uses only the pairs of a run longer than one
 * character, so "世界" matches those two characters side by side, not anywhere apart.
 */
export function searchTerms(text: string, forQuery = false): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}_]+/gu)) {
    for (const part of m[0].split(CJK_RUN)) {
      if (!part) continue;
      if (!CJK_START.test(part)) {
        if (part.length <= 40) out.push(part);
        continue;
      }
      const chars = [...part];
      for (let i = 0; i < chars.length; i++) {
        if (!forQuery || chars.length === 1) out.push(chars[i]!);
        if (i + 1 < chars.length) out.push(chars[i]! + chars[i + 1]!);
      }
    }
  }
  return out;
}

function newIndex(): FlexIndex {
  // Terms come from searchTerms (the query too), so every field of text matches whole words the same way.
  return new FlexIndex({ tokenize: 'strict', resolution: 1, cache: false, encode: (text) => searchTerms(text) });
}

function shardOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SHARDS;
}

export class HistorySearch {
  private shards: (Shard | undefined)[] = new Array<Shard | undefined>(SHARDS).fill(undefined);
  private loading: Promise<void> | undefined;
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    /** The searchable text of a saved conversation (undefined when it cannot be read). */
    private readonly textOf: (id: string) => Promise<string | undefined>,
    private readonly fs: SearchFs = nodeFs,
  ) {}

  /** Loads the shards from disk (in the background when the history opens); a search waits for it. */
  warm(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  /** Ids of the conversations whose text has every word of the query; the index first catches up with `entries`. */
  async search(query: string, entries: readonly HistoryEntry[]): Promise<Set<string>> {
    const terms = [...new Set(searchTerms(query, true))];
    await this.warm();
    await this.reconcile(entries);
    this.touch();
    const found = new Set<string>();
    if (terms.length === 0) return found;
    for (const shard of this.shards) {
      if (!shard) continue;
      let hits: Set<number> | undefined;
      // Each term alone, intersected here: the query is encoded exactly as the documents were.
      for (const term of terms) {
        const ids = new Set(shard.index.search(term, { limit: shard.byNum.size + 1 }) as number[]);
        hits = hits ? new Set([...hits].filter((n) => ids.has(n))) : ids;
        if (hits.size === 0) break;
      }
      for (const n of hits ?? []) {
        const id = shard.byNum.get(n);
        if (id) found.add(id);
      }
    }
    return found;
  }

  /** A conversation was saved here: its text is indexed now when the index is in memory (no file read). */
  noteSaved(entry: HistoryEntry, text: string): void {
    if (!this.loading) return;
    void this.loading.then(() => {
      this.put(entry.id, entry.updatedAt, text);
      this.schedulePersist();
    });
  }

  noteDeleted(id: string): void {
    if (!this.loading) return;
    void this.loading.then(() => {
      this.remove(id);
      this.schedulePersist();
    });
  }

  /** Writes the shards that changed; resolves when they are on disk. */
  flush(): Promise<void> {
    if (this.persistTimer) clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    this.persisting = this.persisting.then(() => this.persistDirty()).catch(() => undefined);
    return this.persisting;
  }

  dispose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    void this.flush();
  }

  /** Indexes what changed since the shards were written, removes what was deleted: only those files are read. */
  private async reconcile(entries: readonly HistoryEntry[]): Promise<void> {
    const live = new Set<string>();
    for (const e of entries) {
      live.add(e.id);
      const shard = this.shard(shardOf(e.id));
      const known = shard.byId.get(e.id);
      if (known && known.version === e.updatedAt) continue;
      const text = await this.textOf(e.id);
      if (text === undefined) continue;
      this.put(e.id, e.updatedAt, text);
    }
    for (const shard of this.shards) {
      if (!shard) continue;
      for (const id of [...shard.byId.keys()]) if (!live.has(id)) this.remove(id);
    }
    this.schedulePersist();
  }

  private put(id: string, version: number, text: string): void {
    const shard = this.shard(shardOf(id));
    const known = shard.byId.get(id);
    if (known) {
      shard.index.update(known.num, text);
      known.version = version;
    } else {
      const num = shard.next++;
      shard.index.add(num, text);
      shard.byId.set(id, { num, version });
      shard.byNum.set(num, id);
    }
    shard.dirty = true;
  }

  private remove(id: string): void {
    const shard = this.shard(shardOf(id));
    const known = shard.byId.get(id);
    if (!known) return;
    shard.index.remove(known.num);
    shard.byId.delete(id);
    shard.byNum.delete(known.num);
    shard.dirty = true;
  }

  private shard(n: number): Shard {
    let s = this.shards[n];
    if (!s) {
      s = { index: newIndex(), byId: new Map(), byNum: new Map(), next: 0, dirty: false };
      this.shards[n] = s;
    }
    return s;
  }

  private shardFile(n: number): string {
    return path.join(this.dir, `shard-${n}.json`);
  }

  private async loadAll(): Promise<void> {
    await Promise.all(Array.from({ length: SHARDS }, (_, n) => this.loadShard(n)));
  }

  /** A shard file that is missing, unreadable or of another schema is simply rebuilt from the conversations. */
  private async loadShard(n: number): Promise<void> {
    let file: ShardFile;
    try {
      file = JSON.parse(await this.fs.readFile(this.shardFile(n), 'utf8')) as ShardFile;
      if (file.schemaVersion !== SCHEMA_VERSION || !Array.isArray(file.docs)) return;
    } catch {
      return;
    }
    const shard: Shard = { index: newIndex(), byId: new Map(), byNum: new Map(), next: file.next, dirty: false };
    try {
      for (const [key, data] of Object.entries(file.chunks)) shard.index.import(key, data);
    } catch {
      return;
    }
    for (const [id, num, version] of file.docs) {
      shard.byId.set(id, { num, version });
      shard.byNum.set(num, id);
    }
    this.shards[n] = shard;
  }

  private schedulePersist(): void {
    if (this.persistTimer || !this.shards.some((s) => s?.dirty)) return;
    this.persistTimer = setTimeout(() => void this.flush(), PERSIST_DELAY_MS);
    this.persistTimer.unref?.();
  }

  private async persistDirty(): Promise<void> {
    for (let n = 0; n < SHARDS; n++) {
      const shard = this.shards[n];
      if (!shard?.dirty) continue;
      shard.dirty = false;
      const chunks: Record<string, string> = {};
      shard.index.export((key: string, data: string) => {
        chunks[key] = data;
      });
      const body: ShardFile = {
        schemaVersion: SCHEMA_VERSION,
        docs: [...shard.byId].map(([id, d]) => [id, d.num, d.version]),
        next: shard.next,
        chunks,
      };
      try {
        await this.fs.mkdir(this.dir, { recursive: true });
        await writeFileAtomic(this.shardFile(n), JSON.stringify(body), { fs: this.fs, syncDir: false });
      } catch {
        // A cache: the next search re-reads what the file lacks.
        shard.dirty = true;
      }
    }
  }

  /** Frees the memory after a while without searches; the next search loads the shards again. */
  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      void this.flush().then(() => {
        this.shards = new Array<Shard | undefined>(SHARDS).fill(undefined);
        this.loading = undefined;
      });
    }, IDLE_UNLOAD_MS);
    this.idleTimer.unref?.();
  }
}
