// Persists video jobs in one JSON file under global storage shared by every window: each write merges this window's
// changed jobs into the file's current content under a lock; every transition at once, progress at most once a second.
import * as vscode from 'vscode';
import * as path from 'node:path';
import { parseStoredVideoJob, type VideoJob } from '../../core/video';
import { AtomicJsonFile, NewerSchemaError, SharedJsonFile, WriteThrottle, type JsonSchema } from '../../core/storage';
import type { HostLogger } from '../log';

const FILE_VERSION = 1;
/** Oldest jobs beyond this are forgotten (their files stay on disk). */
const MAX_JOBS = 500;

interface JobsFile {
  version: number;
  jobs: VideoJob[];
  /** Removed job ids and when: a window that still runs one cannot write it back. */
  removed?: Record<string, number>;
}

/** Removals remembered (the newest), so the file stays small. */
const MAX_REMOVED = 1000;

const jobsSchema: JsonSchema<JobsFile> = {
  version: FILE_VERSION,
  versionOf: (raw) => {
    const v = raw && typeof raw === 'object' ? (raw as { version?: unknown }).version : undefined;
    return typeof v === 'number' ? v : undefined;
  },
  parse: (raw) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const jobs = (raw as { jobs?: unknown }).jobs ?? [];
    if (!Array.isArray(jobs)) return undefined;
    const removed: Record<string, number> = {};
    const r = (raw as { removed?: unknown }).removed;
    if (r && typeof r === 'object' && !Array.isArray(r)) {
      for (const [id, at] of Object.entries(r)) if (typeof at === 'number') removed[id] = at;
    }
    return { version: FILE_VERSION, jobs: parseJobs(jobs), removed };
  },
};

function parseJobs(raw: unknown[]): VideoJob[] {
  const out: VideoJob[] = [];
  for (const r of raw) {
    const job = parseStoredVideoJob(r);
    if (job) out.push(job);
  }
  return out;
}

export class VideoJobStore implements vscode.Disposable {
  private jobs = new Map<string, VideoJob>();
  private writing: Promise<void> = Promise.resolve();
  private readonly file: AtomicJsonFile<JobsFile>;
  private readonly shared: SharedJsonFile<JobsFile>;
  /** Jobs changed or removed here since the last write (only these are merged into the file). */
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();
  private warnedNewer = false;
  private readonly emitter = new vscode.EventEmitter<VideoJob | undefined>();
  /** Fires with the changed job, or undefined after a removal or load. */
  readonly onDidChange = this.emitter.event;

  constructor(
    file: string,
    private readonly logger: HostLogger,
  ) {
    this.file = new AtomicJsonFile(file, jobsSchema);
    this.shared = new SharedJsonFile(file, jobsSchema, () => ({ version: FILE_VERSION, jobs: [], removed: {} }));
    this.throttle = new WriteThrottle(() => this.save());
  }

  private readonly throttle: WriteThrottle;

  static forStorage(storageUri: vscode.Uri, logger: HostLogger): VideoJobStore {
    return new VideoJobStore(path.join(storageUri.fsPath, 'videos', 'jobs.json'), logger);
  }

  async load(): Promise<void> {
    for (const job of await this.readDisk()) this.jobs.set(job.id, job);
    this.emitter.fire(undefined);
  }

  list(): VideoJob[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): VideoJob | undefined {
    return this.jobs.get(id);
  }

  /** Saves the job at once; resolves when it is on disk. */
  put(job: VideoJob): Promise<void> {
    this.remember(job);
    return this.throttle.now();
  }

  /** Keeps a progress update; it reaches the disk at most once a second (a chatty gateway cannot wear it out). */
  putProgress(job: VideoJob): void {
    this.remember(job);
    this.throttle.request();
  }

  private remember(job: VideoJob): void {
    this.jobs.set(job.id, job);
    this.dirty.add(job.id);
    if (this.jobs.size > MAX_JOBS) {
      for (const old of this.list().slice(MAX_JOBS)) this.jobs.delete(old.id);
    }
    this.emitter.fire(job);
  }

  remove(id: string): Promise<void> {
    this.jobs.delete(id);
    this.removed.add(id);
    this.dirty.add(id);
    this.emitter.fire(undefined);
    return this.save();
  }

  /** The jobs in the file; a corrupt file is set aside (reported), a newer one is read but never rewritten. */
  private async readDisk(): Promise<VideoJob[]> {
    try {
      const r = await this.file.read();
      switch (r.kind) {
        case 'missing':
          return [];
        case 'ok':
          return r.value.jobs;
        case 'corrupt':
          this.logger.tagged('video').error(`${this.file.file} could not be read; moved to ${r.setAsideAs}`);
          return [];
        case 'newer': {
          if (!this.warnedNewer) this.logger.tagged('video').warn(`${r.error.message}; it is read but not rewritten`);
          this.warnedNewer = true;
          const jobs = (r.raw as { jobs?: unknown }).jobs;
          return Array.isArray(jobs) ? parseJobs(jobs) : [];
        }
      }
    } catch (e) {
      this.logger.tagged('video').error(`could not read ${this.file.file}: ${String(e)}`);
      return [];
    }
  }

  /**
   * Merges this window's changes into the file as it is now, under the lock shared with the other windows: their
   * jobs stay, the newer record of a job both know wins, and a removal (in any window) is never written back.
   */
  private save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const changed = [...this.dirty];
      this.dirty.clear();
      try {
        // A newer version's file is refused (NewerSchemaError): its jobs stay as that version wrote them.
        const merged = await this.shared.update((disk) => {
          const removed = (disk.removed ??= {});
          const byId = new Map(disk.jobs.map((j) => [j.id, j]));
          for (const id of changed) {
            const mine = this.jobs.get(id);
            if (this.removed.has(id) || !mine) {
              byId.delete(id);
              removed[id] = Date.now();
            } else if (!(id in removed)) {
              const theirs = byId.get(id);
              if (!theirs || theirs.updatedAt <= mine.updatedAt) byId.set(id, mine);
            }
          }
          disk.jobs = [...byId.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, MAX_JOBS);
          disk.removed = Object.fromEntries(
            Object.entries(removed)
              .sort((a, b) => b[1] - a[1])
              .slice(0, MAX_REMOVED),
          );
        });
        this.adopt(merged);
      } catch (e) {
        if (e instanceof NewerSchemaError) return;
        // Kept for the next write.
        for (const id of changed) this.dirty.add(id);
        this.logger.tagged('video').error(`could not save ${this.file.file}: ${String(e)}`);
      }
    });
    return this.writing;
  }

  /** Takes the other windows' jobs and removals from the file just written (this window's own changes are in it). */
  private adopt(disk: JobsFile): void {
    for (const id of Object.keys(disk.removed ?? {})) {
      if (this.jobs.delete(id)) this.emitter.fire(undefined);
    }
    for (const job of disk.jobs) {
      if (this.dirty.has(job.id)) continue;
      const mine = this.jobs.get(job.id);
      if (!mine || mine.updatedAt < job.updatedAt) this.jobs.set(job.id, job);
    }
  }

  dispose(): void {
    // A deferred progress write is not lost at shutdown.
    void this.throttle.flush();
    this.emitter.dispose();
  }
}
