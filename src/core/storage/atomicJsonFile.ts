// One JSON file on disk: written whole via temp file, fsync and rename; read with one rule for corrupt files and one for newer schemas.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** The file-system calls the helper makes (node:fs/promises by default; tests wrap it to count or fail). */
export type StorageFs = Pick<typeof nodeFs, 'readFile' | 'rename' | 'unlink' | 'open'>;

/**
 * A file that a newer version of the extension wrote. It is never overwritten: the data in it may be
 * more than this version understands. Every store refuses such a write with this one error.
 */
export class NewerSchemaError extends Error {
  override readonly name = 'NewerSchemaError';
  constructor(
    readonly file: string,
    readonly version: number,
    readonly supported: number,
  ) {
    super(
      `${path.basename(file)} was written by a newer version (schema ${version}; this version reads up to ${supported})`,
    );
  }
}

export type JsonFileRead<T> =
  /** No such file. */
  | { kind: 'missing' }
  | { kind: 'ok'; value: T }
  /** Not JSON, or not what `parse` accepts: moved aside (never deleted), under `setAsideAs`. */
  | { kind: 'corrupt'; setAsideAs: string }
  /** A newer schema: the raw JSON for a read-only view; writing the file throws NewerSchemaError. */
  | { kind: 'newer'; raw: unknown; error: NewerSchemaError };

export interface JsonSchema<T> {
  /** The schema version this code writes and reads (or older). */
  version: number;
  /** The version a parsed file claims; undefined when it names none (then `parse` decides). */
  versionOf(raw: unknown): number | undefined;
  /** The value, or undefined when the JSON is not a valid file of this kind. */
  parse(raw: unknown): T | undefined;
}

/** Where a corrupt file goes: beside it, with the time, so that repeated failures never collide. */
function setAsideName(file: string, now = Date.now()): string {
  return `${file}.corrupt-${now}`;
}

/** Moves a damaged file out of the way (best effort); returns the name it was given. */
async function setAsideFile(file: string, fs: StorageFs = nodeFs): Promise<string> {
  const target = setAsideName(file);
  await fs.rename(file, target).catch(() => undefined);
  return target;
}

/** Reads and classifies one JSON file; a corrupt one is set aside before this returns. */
export async function readJsonFile<T>(
  file: string,
  schema: JsonSchema<T>,
  fs: StorageFs = nodeFs,
): Promise<JsonFileRead<T>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'corrupt', setAsideAs: await setAsideFile(file, fs) };
  }
  const version = schema.versionOf(raw);
  if (version !== undefined && version > schema.version) {
    return { kind: 'newer', raw, error: new NewerSchemaError(file, version, schema.version) };
  }
  const value = schema.parse(raw);
  if (value === undefined) return { kind: 'corrupt', setAsideAs: await setAsideFile(file, fs) };
  return { kind: 'ok', value };
}

export interface WriteOptions {
  fs?: StorageFs;
  /**
   * Also fsync the folder after the rename, so that the new name itself survives a power cut (POSIX;
   * where a folder cannot be opened, as on Windows, this step is skipped). Default true.
   */
  syncDir?: boolean;
}

/**
 * Writes `data` (text, or a value to serialise) so that the file is always either the old or the new
 * content, even if the process is killed or the machine stops mid-write: a temp file in the same
 * folder, flushed to disk, then renamed over the old one.
 */
export async function writeFileAtomic(file: string, data: string, options: WriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFs;
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
  if (options.syncDir !== false) await syncFolder(path.dirname(file), fs);
}

/** JSON.stringify, then writeFileAtomic. */
export function writeJsonFile(file: string, value: unknown, options: WriteOptions = {}): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(value), options);
}

async function syncFolder(dir: string, fs: StorageFs): Promise<void> {
  let handle: nodeFs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here (Windows, some network file systems): the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * One JSON file read and written through the rules above. After a read found a newer schema, every
 * write throws that NewerSchemaError until a later read finds a file this version may replace.
 */
export class AtomicJsonFile<T> {
  private refused: NewerSchemaError | undefined;

  constructor(
    readonly file: string,
    private readonly schema: JsonSchema<T>,
    private readonly fs: StorageFs = nodeFs,
  ) {}

  async read(): Promise<JsonFileRead<T>> {
    const r = await readJsonFile(this.file, this.schema, this.fs);
    this.refused = r.kind === 'newer' ? r.error : undefined;
    return r;
  }

  /** Set when the last read found a newer schema. */
  get newer(): NewerSchemaError | undefined {
    return this.refused;
  }

  async write(value: T): Promise<void> {
    if (this.refused) throw this.refused;
    await writeJsonFile(this.file, value, { fs: this.fs });
  }
}
