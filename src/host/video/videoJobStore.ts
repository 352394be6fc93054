// Persists video jobs as one small JSON file under global storage, written atomically at every change.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { parseStoredVideoJob, type VideoJob } from '../../core/video';
import type { HostLogger } from '../logger';

const FILE_VERSION = 1;
/** Oldest jobs beyond this are forgotten (their files stay on disk). */
const MAX_JOBS = 500;

export class VideoJobStore implements vscode.Disposable {
  private jobs = new Map<string, VideoJob>();
  private writing: Promise<void> = Promise.resolve();
  private readonly emitter = new vscode.EventEmitter<VideoJob | undefined>();
  /** Fires with the changed job, or undefined after a removal or load. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly file: string,
    private readonly logger: HostLogger,
  ) {}

  static forStorage(storageUri: vscode.Uri, logger: HostLogger): VideoJobStore {
    return new VideoJobStore(path.join(storageUri.fsPath, 'videos', 'jobs.json'), logger);
  }

  async load(): Promise<void> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch {
      return;
    }
    try {
      const parsed = JSON.parse(text) as { version?: number; jobs?: unknown[] };
      if (typeof parsed.version === 'number' && parsed.version > FILE_VERSION) {
        this.logger.warn(`[video] ${this.file} was written by a newer version; it is read but not rewritten`);
        this.readOnly = true;
      }
      for (const raw of parsed.jobs ?? []) {
        const job = parseStoredVideoJob(raw);
        if (job) this.jobs.set(job.id, job);
      }
    } catch (e) {
      // A damaged file is set aside, not overwritten, so nothing in it is lost.
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await fsp.rename(this.file, aside).catch(() => undefined);
      this.logger.error(`[video] ${this.file} could not be read (${String(e)}); moved to ${aside}`);
    }
    this.emitter.fire(undefined);
  }

  private readOnly = false;
  private readonly removed = new Set<string>();

  list(): VideoJob[] {
    return [...this.jobs.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  get(id: string): VideoJob | undefined {
    return this.jobs.get(id);
  }

  /** Saves the job at once; resolves when it is on disk. */
  put(job: VideoJob): Promise<void> {
    this.jobs.set(job.id, job);
    if (this.jobs.size > MAX_JOBS) {
      for (const old of this.list().slice(MAX_JOBS)) this.jobs.delete(old.id);
    }
    this.emitter.fire(job);
    return this.save();
  }

  remove(id: string): Promise<void> {
    this.jobs.delete(id);
    this.removed.add(id);
    this.emitter.fire(undefined);
    return this.save();
  }

  /** Writes are queued so that the last state always wins, and each is temp file + rename. */
  private save(): Promise<void> {
    if (this.readOnly) return Promise.resolve();
    this.writing = this.writing.then(async () => {
      try {
        await fsp.mkdir(path.dirname(this.file), { recursive: true });
        const merged = await this.mergeWithDisk();
        const snapshot = JSON.stringify({ version: FILE_VERSION, jobs: merged }, null, 1);
        const temp = `${this.file}.${process.pid}.tmp`;
        await fsp.writeFile(temp, snapshot, 'utf8');
        await fsp.rename(temp, this.file);
      } catch (e) {
        this.logger.error(`[video] could not save ${this.file}: ${String(e)}`);
      }
    });
    return this.writing;
  }

  /**
   * Another window may have saved jobs since we loaded: keep theirs, and the newer record of any job
   * both know, so two windows never erase each other's generations.
   */
  private async mergeWithDisk(): Promise<VideoJob[]> {
    try {
      const parsed = JSON.parse(await fsp.readFile(this.file, 'utf8')) as { jobs?: unknown[] };
      for (const raw of parsed.jobs ?? []) {
        const job = parseStoredVideoJob(raw);
        if (!job || this.removed.has(job.id)) continue;
        const mine = this.jobs.get(job.id);
        if (!mine || mine.updatedAt < job.updatedAt) this.jobs.set(job.id, job);
      }
    } catch {
      // No file yet, or an unreadable one (load() already set that aside).
    }
    return this.list().slice(0, MAX_JOBS);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
