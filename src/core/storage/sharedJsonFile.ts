// A small JSON file that every window changes in place: each change is made to the file's latest content, under a lock.
import { AtomicJsonFile, type JsonSchema, type StorageFs } from './atomicJsonFile';
import { FileLock, type FileLockOptions } from './fileLock';

/**
 * Never a whole-file overwrite from memory: `update` reads the file under the lock, applies the change to what it
 * holds now (another window's changes included), and writes it back atomically. A window's cached copy is only ever
 * read, so a window that has not seen a change cannot undo it.
 */
export class SharedJsonFile<T> {
  private readonly file: AtomicJsonFile<T>;
  private readonly lock: FileLock;

  constructor(
    readonly filePath: string,
    schema: JsonSchema<T>,
    private readonly empty: () => T,
    options: { fs?: StorageFs; lock?: FileLockOptions } = {},
  ) {
    this.file = new AtomicJsonFile(filePath, schema, options.fs);
    this.lock = new FileLock(`${filePath}.lock`, options.lock);
  }

  /** The content now (without the lock); a missing or corrupt file reads as empty (a corrupt one is set aside). */
  async read(): Promise<T> {
    const r = await this.file.read();
    return r.kind === 'ok' ? r.value : r.kind === 'newer' ? ((r.raw as T) ?? this.empty()) : this.empty();
  }

  /**
   * Applies `change` to the file's current content under the lock and writes it; resolves with what was written.
   * A file from a newer version is left alone (the change throws NewerSchemaError).
   */
  update(change: (value: T) => void): Promise<T> {
    return this.lock.run(async () => {
      const r = await this.file.read();
      if (r.kind === 'newer') throw r.error;
      const value = r.kind === 'ok' ? r.value : this.empty();
      change(value);
      await this.file.write(value);
      return value;
    });
  }
}
