// Persists video jobs as one small JSON file under global storage, written atomically: every transition at once,
// progress at most once a second.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseStoredVideoJob, type VideoJob } from '../../core/video';
import { AtomicJsonFile, WriteThrottle, type JsonSchema } from '../../core/storage';
import type { HostLogger } from '../log';

const FILE_VERSION = 1;
/** Oldest jobs beyond this are forgotten (their files stay on disk). */
const MAX_JOBS = 500;

interface JobsFile {
  version: number;
  jobs: VideoJob[];
}

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
    return { version: FILE_VERSION, jobs: parseJobs(jobs) };
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
    if (this.jobs.size > MAX_JOBS) {
      for (const old of this.list().slice(MAX_JOBS)) this.jobs.delete(old.id);
    }
    this.emitter.fire(job);
  }

  remove(id: string): Promise<void> {
    this.jobs.delete(id);
    this.removed.add(id);
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
          this.logger.error(`[video] ${this.file.file} could not be read; moved to ${r.setAsideAs}`);
          return [];
        case 'newer': {
          if (!this.warnedNewer) this.logger.warn(`[video] ${r.error.message}; it is read but not rewritten`);
          this.warnedNewer = true;
          const jobs = (r.raw as { jobs?: unknown }).jobs;
          return Array.isArray(jobs) ? parseJobs(jobs) : [];
        }
      }
    } catch (e) {
      this.logger.error(`[video] could not read ${this.file.file}: ${String(e)}`);
      return [];
    }
  }

  /** Writes are queued so that the last state always wins, and each is temp file + fsync + rename. */
  private save(): Promise<void> {
    this.writing = this.writing.then(async () => {
      try {
        await this.mergeWithDisk();
        // A newer version's file is refused (NewerSchemaError): its jobs stay as that version wrote them.
        if (this.file.newer) return;
        await fsp.mkdir(path.dirname(this.file.file), { recursive: true });
        await this.file.write({ version: FILE_VERSION, jobs: this.list().slice(0, MAX_JOBS) });
      } catch (e) {
        this.logger.error(`[video] could not save ${this.file.file}: ${String(e)}`);
      }
    });
    return this.writing;
  }

  /**
   * Another window may have saved jobs since we loaded: keep theirs, and the newer record of any job
   * both know, so two windows never erase each other's generations.
   */
  private async mergeWithDisk(): Promise<void> {
    for (const job of await this.readDisk()) {
      if (this.removed.has(job.id)) continue;
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
