// Named sets of names in one file shared by every window (approved tools, models that refused a feature).
import { SharedJsonFile } from './sharedJsonFile';
import type { JsonSchema, StorageFs } from './atomicJsonFile';

interface SetsFile {
  version: number;
  sets: Record<string, string[]>;
}

const VERSION = 1;

const schema: JsonSchema<SetsFile> = {
  version: VERSION,
  versionOf: (raw) => {
    const v = raw && typeof raw === 'object' ? (raw as { version?: unknown }).version : undefined;
    return typeof v === 'number' ? v : undefined;
  },
  parse: (raw) => {
    const sets = raw && typeof raw === 'object' ? (raw as { sets?: unknown }).sets : undefined;
    if (!sets || typeof sets !== 'object' || Array.isArray(sets)) return undefined;
    const out: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(sets)) {
      if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
    }
    return { version: VERSION, sets: out };
  },
};

/**
 * An add or a removal changes the file's current sets under the lock (never this window's copy written back), so
 * two windows adding and removing at once both count, and a removal in one is not undone by the other.
 */
export class SharedNameSets {
  private readonly file: SharedJsonFile<SetsFile>;
  /** The sets as last read or written here, for callers that cannot wait (refreshed by `names`). */
  private cache: Record<string, string[]> = {};

  constructor(file: string, options: { fs?: StorageFs } = {}) {
    this.file = new SharedJsonFile(file, schema, () => ({ version: VERSION, sets: {} }), options);
  }

  /** The names in a set, read from the file now. */
  async names(set: string): Promise<string[]> {
    const value = await this.file.read();
    this.cache = value.sets ?? {};
    return [...(this.cache[set] ?? [])];
  }

  /** The names in a set as last seen here (no file access). */
  cached(set: string): readonly string[] {
    return this.cache[set] ?? [];
  }

  async add(set: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const value = await this.file.update((v) => {
      v.sets[set] = [...new Set([...(v.sets[set] ?? []), ...names])];
    });
    this.cache = value.sets;
  }

  async remove(set: string, names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const gone = new Set(names);
    const value = await this.file.update((v) => {
      v.sets[set] = (v.sets[set] ?? []).filter((n) => !gone.has(n));
    });
    this.cache = value.sets;
  }
}
