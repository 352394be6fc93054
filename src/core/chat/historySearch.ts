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
const SCHEMA_VERSION = 2;
/** A shard's unsaved changes are written after this quiet time (one shard is a sixteenth of the index). */
const PERSIST_DELAY_MS = 2000;
/** The index is dropped from memory after this long without a search (the shard files stay). */
const IDLE_UNLOAD_MS = 10 * 60_000;

interface ShardHeader {
  schemaVersion: number;
  /** [conversation id, number in the index, version indexed (see versionOf)]. */
  docs: [string, number, number][];
  next: number;
}

interface Shard {
  index: FlexIndex;
  byId: Map<string, { num: number; version: number }>;
  byNum: Map<number, string>;
  next: number;
  dirty: boolean;
}

export type SearchFs = StorageFs & Pick<typeof nodeFs, 'mkdir'>;

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

/** What the index holds of a conversation is current while its save time and title are (a rename keeps the time). */
function versionOf(e: HistoryEntry): number {
  return hash(`${e.updatedAt}|${e.title}`);
}

function shardOf(id: string): number {
  return hash(id) % SHARDS;
}

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class HistorySearch {
  private shards: (Shard | undefined)[] = new Array<Shard | undefined>(SHARDS).fill(undefined);
  /** Each shard's load from disk, once started. */
  private loads: (Promise<void> | undefined)[] = new Array<Promise<void> | undefined>(SHARDS).fill(undefined);
  private persistTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private persisting: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    /** The searchable text of a saved conversation (undefined when it cannot be read). */
    private readonly textOf: (id: string) => Promise<string | undefined>,
    private readonly fs: SearchFs = nodeFs,
  ) {}

  /** Loads the shards from disk, one after another (in the background when the history opens). */
  async warm(): Promise<void> {
    for (let n = 0; n < SHARDS; n++) await this.ensure(n);
  }

  /**
   * Ids of the conversations whose text has every word of the query. Shard by shard, each first caught up with
   * `entries` (only conversations changed since it was written are read); `onPartial` gets the ids found so far after
   * each shard but the last, so the first results show before the whole index is loaded.
   */
  async search(
    query: string,
    entries: readonly HistoryEntry[],
    onPartial?: (found: ReadonlySet<string>) => void,
  ): Promise<Set<string>> {
    const terms = [...new Set(searchTerms(query, true))];
    const groups: HistoryEntry[][] = Array.from({ length: SHARDS }, () => []);
    for (const e of entries) groups[shardOf(e.id)]!.push(e);
    const found = new Set<string>();
    for (let n = 0; n < SHARDS; n++) {
      await this.ensure(n);
      await this.reconcile(n, groups[n]!);
      const shard = this.shards[n];
      if (shard && terms.length > 0) {
        let hits: Set<number> | undefined;
        // Each term alone, intersected here: the query is encoded exactly as the documents were.
        for (const term of terms) {
          const ids = new Set(shard.index.search(term, { limit: shard.byNum.size + 1 }) as number[]);
          hits = hits ? new Set([...hits].filter((x) => ids.has(x))) : ids;
          if (hits.size === 0) break;
        }
        for (const x of hits ?? []) {
          const id = shard.byNum.get(x);
          if (id) found.add(id);
        }
      }
      if (onPartial && n < SHARDS - 1) onPartial(found);
    }
    this.touch();
    this.schedulePersist();
    return found;
  }

  /** A conversation was saved here: its text is indexed now when its shard is in memory (no file read). */
  noteSaved(entry: HistoryEntry, text: string): void {
    const loaded = this.loads[shardOf(entry.id)];
    if (!loaded) return;
    void loaded.then(() => {
      this.put(entry.id, versionOf(entry), text);
      this.schedulePersist();
    });
  }

  noteDeleted(id: string): void {
    const loaded = this.loads[shardOf(id)];
    if (!loaded) return;
    void loaded.then(() => {
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

  private ensure(n: number): Promise<void> {
    return (this.loads[n] ??= this.loadShard(n));
  }

  /** Indexes what changed since the shard was written, removes what was deleted: only those files are read. */
  private async reconcile(n: number, entries: readonly HistoryEntry[]): Promise<void> {
    const shard = this.shard(n);
    const live = new Set<string>();
    for (const e of entries) {
      live.add(e.id);
      const known = shard.byId.get(e.id);
      if (known && known.version === versionOf(e)) continue;
      const text = await this.textOf(e.id);
      if (text === undefined) continue;
      this.put(e.id, versionOf(e), text);
    }
    for (const id of [...shard.byId.keys()]) if (!live.has(id)) this.remove(id);
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
    return path.join(this.dir, `shard-${n}.txt`);
  }

  /**
   * A shard file is a header line (the documents and their versions) and then two lines per exported chunk, its key
   * and its data as FlexSearch wrote it, so the data is parsed once, by FlexSearch. A file that is missing, unreadable
   * or of another schema is simply rebuilt from the conversations.
   */
  private async loadShard(n: number): Promise<void> {
    let lines: string[];
    let header: ShardHeader;
    try {
      lines = (await this.fs.readFile(this.shardFile(n), 'utf8')).split('\n');
      header = JSON.parse(lines[0]!) as ShardHeader;
      if (header.schemaVersion !== SCHEMA_VERSION || !Array.isArray(header.docs)) return;
    } catch {
      return;
    }
    const shard: Shard = { index: newIndex(), byId: new Map(), byNum: new Map(), next: header.next, dirty: false };
    try {
      for (let i = 1; i + 1 < lines.length; i += 2) shard.index.import(lines[i]!, lines[i + 1]!);
    } catch {
      return;
    }
    for (const [id, num, version] of header.docs) {
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
      const header: ShardHeader = {
        schemaVersion: SCHEMA_VERSION,
        docs: [...shard.byId].map(([id, d]) => [id, d.num, d.version]),
        next: shard.next,
      };
      const parts = [JSON.stringify(header)];
      // Chunk data is JSON, which never holds a raw line break.
      shard.index.export((key: string, data: string) => void parts.push(key, data));
      try {
        await this.fs.mkdir(this.dir, { recursive: true });
        await writeFileAtomic(this.shardFile(n), parts.join('\n'), { fs: this.fs, syncDir: false });
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
        this.loads = new Array<Promise<void> | undefined>(SHARDS).fill(undefined);
      });
    }, IDLE_UNLOAD_MS);
    this.idleTimer.unref?.();
  }
}
