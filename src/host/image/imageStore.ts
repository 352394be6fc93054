// Keeps finished image generations as one small JSON file each under global storage: windows never share a file.
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseImageGeneration, type ImageGeneration } from '../../core/image';
import { writeJsonFile } from '../../core/storage';
import type { HostLogger } from '../log';

/** Most records listed (the newest); older ones stay on disk. */
const MAX_LISTED = 500;
const RECORD_MAX_BYTES = 256 * 1024;

export class ImageStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires after a record was added or removed in this window. */
  readonly onDidChange = this.emitter.event;
  private cache = new Map<string, ImageGeneration>();

  constructor(
    /** Holds `records/` and `files/`. */
    readonly root: string,
    private readonly logger: HostLogger,
  ) {}

  static forStorage(storageUri: vscode.Uri, logger: HostLogger): ImageStore {
    return new ImageStore(path.join(storageUri.fsPath, 'images'), logger);
  }

  /** Where generated images are written. */
  get filesDir(): string {
    return path.join(this.root, 'files');
  }

  private get recordsDir(): string {
    return path.join(this.root, 'records');
  }

  /** Every record on disk (other windows' too), newest first; an unreadable one is skipped and logged. */
  async list(): Promise<ImageGeneration[]> {
    let names: string[];
    try {
      names = (await fsp.readdir(this.recordsDir)).filter((n) => /^[\w-]+\.json$/.test(n));
    } catch {
      return [];
    }
    const records: ImageGeneration[] = [];
    for (const name of names) {
      const file = path.join(this.recordsDir, name);
      try {
        const stat = await fsp.stat(file);
        if (!stat.isFile() || stat.size > RECORD_MAX_BYTES) continue;
        const g = parseImageGeneration(JSON.parse(await fsp.readFile(file, 'utf8')));
        if (g) records.push(g);
      } catch (e) {
        this.logger.warn(`[image] skipped ${name}: ${String(e)}`);
      }
    }
    records.sort((a, b) => b.createdAt - a.createdAt);
    this.cache = new Map(records.map((r) => [r.id, r]));
    return records.slice(0, MAX_LISTED);
  }

  /** A record by id (from this window's last listing, else from disk). */
  async get(id: string): Promise<ImageGeneration | undefined> {
    if (!/^[\w-]+$/.test(id)) return undefined;
    const known = this.cache.get(id);
    if (known) return known;
    try {
      const g = parseImageGeneration(JSON.parse(await fsp.readFile(path.join(this.recordsDir, `${id}.json`), 'utf8')));
      if (g) this.cache.set(g.id, g);
      return g;
    } catch {
      return undefined;
    }
  }

  /** Writes the record (temp file, then rename: a reader never sees half of it). */
  async put(g: ImageGeneration): Promise<void> {
    await fsp.mkdir(this.recordsDir, { recursive: true });
    await writeJsonFile(path.join(this.recordsDir, `${g.id}.json`), g);
    this.cache.set(g.id, g);
    this.emitter.fire();
  }

  /** Forgets the record (its files are the caller's to delete). */
  async remove(id: string): Promise<void> {
    if (!/^[\w-]+$/.test(id)) return;
    await fsp.rm(path.join(this.recordsDir, `${id}.json`), { force: true });
    this.cache.delete(id);
    this.emitter.fire();
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export function newGenerationId(): string {
  return `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}
