// A lock shared by every process on the machine (each editor window's extension host) around a read-merge-write.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import * as lockfile from 'proper-lockfile';

/**
 * proper-lockfile: a lock directory made with mkdir (atomic on every local and network file system, Windows too),
 * its mtime refreshed while held, and taken over once it is older than `staleMs` — so a window that was killed while
 * holding it blocks the others for at most that long, never for ever.
 */
export interface FileLockOptions {
  /** A lock not refreshed for this long belongs to a dead process and is taken over (proper-lockfile's minimum: 2 s). */
  staleMs?: number;
  /** How long to keep trying before giving up with ELOCKED. */
  waitMs?: number;
  /** Called when a held lock was taken over (this process stalled past `staleMs`); the work in hand still finishes. */
  onCompromised?: (e: Error) => void;
}

const DEFAULT_STALE_MS = 10_000;

/** Thrown when the lock could not be had within `waitMs` (its `code` is ELOCKED). */
class LockTimeoutError extends Error {
  override readonly name = 'LockTimeoutError';
  readonly code = 'ELOCKED';
}

export class FileLock {
  /** Calls in this process run one after another: proper-lockfile refuses a second lock of the same path. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    /** The lock's own path (a folder named `<name>.lock` is made beside the data). */
    readonly lockPath: string,
    private readonly options: FileLockOptions = {},
  ) {}

  /** Runs `job` while holding the lock; the lock is released when it settles, even when it throws. */
  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(
      () => this.locked(job),
      () => this.locked(job),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async locked<T>(job: () => Promise<T>): Promise<T> {
    const stale = Math.max(2000, this.options.staleMs ?? DEFAULT_STALE_MS);
    const waitMs = this.options.waitMs ?? stale * 3;
    await nodeFs.mkdir(path.dirname(this.lockPath), { recursive: true });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(path.dirname(this.lockPath), {
        lockfilePath: this.lockPath,
        realpath: false,
        stale,
        update: Math.max(1000, Math.floor(stale / 5)),
        // Short random waits: a lock is held for milliseconds, and two windows must not wake in step.
        retries: { retries: Math.ceil(waitMs / 25), minTimeout: 5, maxTimeout: 50, factor: 1.3, randomize: true },
        onCompromised: (e) => this.options.onCompromised?.(e),
      });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ELOCKED') {
        throw new LockTimeoutError(`${path.basename(this.lockPath)} stayed locked for ${waitMs} ms`, { cause: e });
      }
      throw e;
    }
    try {
      return await job();
    } finally {
      // A lock that was taken over is no longer ours to remove.
      await release().catch(() => undefined);
    }
  }
}
