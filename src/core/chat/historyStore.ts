// Saved conversations on disk: one JSON file each plus an index, written atomically, corrupt files set aside.
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { NewerSchemaError, readJsonFile, writeFileAtomic, type JsonSchema } from '../storage';
import { CONVERSATION_SCHEMA_VERSION, isConversation, type Conversation, type StoredImage } from './conversation';

export { NewerSchemaError };

const INDEX_SCHEMA_VERSION = 1;
const INDEX_FILE = 'index.json';

export interface HistoryEntry {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  messageCount: number;
  /** The conversation it was forked from (id and title at the time). */
  forkedFrom?: { id: string; title: string };
}

/** The index entry of a conversation. */
function entryOf(c: Conversation): HistoryEntry {
  const e: HistoryEntry = {
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    messageCount: c.messages.length,
  };
  if (c.forkedFrom) e.forkedFrom = { id: c.forkedFrom.id, title: c.forkedFrom.title };
  return e;
}

interface IndexFile {
  schemaVersion: number;
  entries: HistoryEntry[];
}

/** The file-system calls the store makes (node:fs/promises by default; tests wrap it to count or fail). */
export type HistoryFs = Pick<
  typeof nodeFs,
  'readFile' | 'writeFile' | 'rename' | 'mkdir' | 'readdir' | 'unlink' | 'open'
>;

export type LoadResult =
  | { kind: 'ok'; conversation: Conversation; readOnly: boolean }
  | { kind: 'missing' }
  | { kind: 'corrupt'; setAsideAs: string };

const ID = /^[A-Za-z0-9_-]{1,100}$/;
/** Images live beside the conversation, so a checkpoint of a streaming answer does not rewrite megabytes. */
const ATTACHMENT_PREFIX = 'attachment:';
const ATTACHMENT_REF = /^attachment:([0-9a-f]{32})$/;

export class HistoryStore {
  private index: Map<string, HistoryEntry> | undefined;
  /** Set when the index on disk has a newer schema: it is read, never rewritten. */
  private indexNewer: NewerSchemaError | undefined;
  /** True while the index is rebuilt from the files (which calls load()). */
  private rebuilding = false;
  /** Conversations on disk from a newer schema: shown read-only, never written. */
  private readonly newer = new Map<string, NewerSchemaError>();
  /** Writes run one after another so the index never loses an update. */
  private queue: Promise<unknown> = Promise.resolve();
  /** Attachment file names per image object already on disk (images never change once attached). */
  private readonly written = new WeakMap<StoredImage, string>();
  /** Corrupt files found since the last call to takeNotices(). */
  private notices: string[] = [];

  constructor(
    readonly dir: string,
    private readonly fs: HistoryFs = nodeFs,
  ) {}

  /** The index only: opening the history never reads the conversation files. */
  async list(): Promise<HistoryEntry[]> {
    const index = await this.loadIndex();
    return [...index.values()].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Titles match from the index; text needs the files, so it is read only when searching. */
  async search(query: string): Promise<HistoryEntry[]> {
    const q = query.trim().toLowerCase();
    const all = await this.list();
    if (!q) return all;
    const out: HistoryEntry[] = [];
    for (const e of all) {
      if (e.title.toLowerCase().includes(q)) {
        out.push(e);
        continue;
      }
      const r = await this.load(e.id, false);
      if (r.kind === 'ok' && r.conversation.messages.some((m) => m.text.toLowerCase().includes(q))) out.push(e);
    }
    return out;
  }

  /** Reads a conversation; `withImages` false leaves image data on disk (search needs only the text). */
  async load(id: string, withImages = true): Promise<LoadResult> {
    if (!ID.test(id)) return { kind: 'missing' };
    const r = await readJsonFile(this.fileOf(id), conversationSchema(id), this.fs);
    if (r.kind === 'missing') return r;
    if (r.kind === 'newer') {
      this.newer.set(id, r.error);
      // Shown as well as we can; never written back.
      if (isConversation(r.raw)) return { kind: 'ok', conversation: r.raw, readOnly: true };
      return { kind: 'ok', conversation: { ...(r.raw as Conversation), messages: [] }, readOnly: true };
    }
    if (r.kind === 'corrupt') {
      this.notices.push(path.basename(r.setAsideAs));
      // Not awaited: load() also runs inside queued writes, which must not wait on the queue.
      const index = this.index ?? (this.rebuilding ? undefined : await this.loadIndex());
      if (index?.delete(id)) void this.enqueue(() => this.writeIndex(index)).catch(() => undefined);
      return { kind: 'corrupt', setAsideAs: r.setAsideAs };
    }
    this.newer.delete(id);
    if (withImages) await this.inflateImages(r.value);
    return { kind: 'ok', conversation: r.value, readOnly: false };
  }

  /** Writes the conversation and its index entry, each atomically. */
  save(conv: Conversation): Promise<void> {
    return this.enqueue(async () => {
      if (!ID.test(conv.id)) throw new Error(`invalid conversation id ${conv.id}`);
      const newer = this.newer.get(conv.id);
      if (newer) throw newer;
      await this.fs.mkdir(this.dir, { recursive: true });
      await this.writeAtomic(this.fileOf(conv.id), JSON.stringify(await this.deflateImages(conv)));
      const index = await this.loadIndex();
      index.set(conv.id, entryOf(conv));
      await this.writeIndex(index);
    });
  }

  rename(id: string, title: string): Promise<void> {
    return this.enqueue(async () => {
      const r = await this.load(id);
      if (r.kind !== 'ok') return;
      // load() recorded the refusal of a newer file.
      if (r.readOnly) throw this.newer.get(id)!;
      r.conversation.title = title;
      await this.writeAtomic(this.fileOf(id), JSON.stringify(await this.deflateImages(r.conversation)));
      const index = await this.loadIndex();
      const e = index.get(id);
      if (e) e.title = title;
      await this.writeIndex(index);
    });
  }

  delete(id: string): Promise<void> {
    return this.enqueue(async () => {
      if (!ID.test(id)) return;
      try {
        await this.fs.unlink(this.fileOf(id));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      await rmDir(this.fs, this.attachmentDir(id));
      this.newer.delete(id);
      const index = await this.loadIndex();
      if (index.delete(id)) await this.writeIndex(index);
    });
  }

  /** Names of files set aside since the last call (for a notice to the user). */
  takeNotices(): string[] {
    const n = this.notices;
    this.notices = [];
    return n;
  }

  /** Resolves when every queued write has finished. */
  async flush(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private attachmentDir(id: string): string {
    return path.join(this.dir, 'attachments', id);
  }

  /** A copy of the conversation whose images point at attachment files (written once each). */
  private async deflateImages(conv: Conversation): Promise<Conversation> {
    if (!conv.messages.some((m) => m.images?.length)) return conv;
    const messages = [];
    for (const m of conv.messages) {
      if (!m.images?.length) {
        messages.push(m);
        continue;
      }
      const images: StoredImage[] = [];
      for (const img of m.images) {
        let name = this.written.get(img);
        if (!name && ATTACHMENT_REF.test(img.dataUrl)) name = img.dataUrl.slice(ATTACHMENT_PREFIX.length);
        if (!name) {
          name = createHash('sha256').update(img.dataUrl).digest('hex').slice(0, 32);
          await this.fs.mkdir(this.attachmentDir(conv.id), { recursive: true });
          await this.writeAtomic(path.join(this.attachmentDir(conv.id), `${name}.txt`), img.dataUrl);
          this.written.set(img, name);
        }
        images.push({ ...img, dataUrl: ATTACHMENT_PREFIX + name });
      }
      messages.push({ ...m, images });
    }
    return { ...conv, messages };
  }

  /** Puts the image data back; an image whose file is gone is left out rather than sent broken. */
  private async inflateImages(conv: Conversation): Promise<void> {
    for (const m of conv.messages) {
      if (!m.images?.length) continue;
      const kept: StoredImage[] = [];
      for (const img of m.images) {
        const ref = ATTACHMENT_REF.exec(img.dataUrl);
        if (!ref) {
          if (img.dataUrl.startsWith('data:image/')) kept.push(img);
          continue;
        }
        try {
          img.dataUrl = await this.fs.readFile(path.join(this.attachmentDir(conv.id), `${ref[1]}.txt`), 'utf8');
          this.written.set(img, ref[1]!);
          kept.push(img);
        } catch {
          // a missing attachment: the message keeps its text
        }
      }
      m.images = kept;
    }
  }

  private fileOf(id: string): string {
    return path.join(this.dir, `${id}.json`);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async loadIndex(): Promise<Map<string, HistoryEntry>> {
    if (this.index) return this.index;
    const r = await readJsonFile(path.join(this.dir, INDEX_FILE), indexSchema, this.fs);
    if (r.kind === 'missing') {
      // No index: a first run, or the index was lost. Rebuild it from the files if there are any.
      this.index = await this.rebuildIndex();
      return this.index;
    }
    if (r.kind === 'corrupt') {
      this.notices.push(path.basename(r.setAsideAs));
      this.index = await this.rebuildIndex();
      await this.writeIndex(this.index);
      return this.index;
    }
    let idx: IndexFile;
    if (r.kind === 'newer') {
      this.indexNewer = r.error;
      const entries = (r.raw as { entries?: unknown }).entries;
      if (!Array.isArray(entries)) {
        this.index = await this.rebuildIndex();
        return this.index;
      }
      idx = { schemaVersion: r.error.version, entries: entries as HistoryEntry[] };
    } else {
      idx = r.value;
    }
    this.index = new Map();
    for (const e of idx.entries) {
      if (
        e &&
        typeof e.id === 'string' &&
        ID.test(e.id) &&
        typeof e.title === 'string' &&
        typeof e.updatedAt === 'number'
      ) {
        const f = e.forkedFrom;
        const forkedFrom =
          f && typeof f.id === 'string' && typeof f.title === 'string'
            ? { forkedFrom: { id: f.id, title: f.title } }
            : {};
        this.index.set(e.id, {
          id: e.id,
          title: e.title,
          createdAt: Number(e.createdAt) || e.updatedAt,
          updatedAt: e.updatedAt,
          messageCount: Number(e.messageCount) || 0,
          ...forkedFrom,
        });
      }
    }
    return this.index;
  }

  private async rebuildIndex(): Promise<Map<string, HistoryEntry>> {
    this.rebuilding = true;
    try {
      return await this.scanFiles();
    } finally {
      this.rebuilding = false;
    }
  }

  private async scanFiles(): Promise<Map<string, HistoryEntry>> {
    const index = new Map<string, HistoryEntry>();
    let names: string[];
    try {
      names = await this.fs.readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return index;
      throw e;
    }
    for (const name of names) {
      const m = /^([A-Za-z0-9_-]{1,100})\.json$/.exec(name);
      if (!m || name === INDEX_FILE) continue;
      const r = await this.load(m[1]!).catch(() => undefined);
      if (r?.kind === 'ok') {
        const c = r.conversation;
        index.set(c.id, entryOf(c));
      }
    }
    return index;
  }

  private async writeIndex(index: Map<string, HistoryEntry>): Promise<void> {
    // A newer version's index is refused (it would lose what that version added); the files stay the truth.
    if (this.indexNewer) return;
    await this.fs.mkdir(this.dir, { recursive: true });
    const body: IndexFile = { schemaVersion: INDEX_SCHEMA_VERSION, entries: [...index.values()] };
    await this.writeAtomic(path.join(this.dir, INDEX_FILE), JSON.stringify(body));
  }

  /** Temp file in the same directory, flushed to disk, then renamed over the old one. */
  private writeAtomic(file: string, data: string): Promise<void> {
    return writeFileAtomic(file, data, { fs: this.fs });
  }
}

/** A conversation file: the schema version it names, and a conversation with the id its name says. */
function conversationSchema(id: string): JsonSchema<Conversation> {
  return {
    version: CONVERSATION_SCHEMA_VERSION,
    versionOf: schemaVersionOf,
    parse: (raw) => (isConversation(raw) && raw.id === id ? raw : undefined),
  };
}

const indexSchema: JsonSchema<IndexFile> = {
  version: INDEX_SCHEMA_VERSION,
  versionOf: schemaVersionOf,
  parse: (raw) => {
    const idx = raw as IndexFile | null;
    return idx && typeof idx === 'object' && Array.isArray(idx.entries) && typeof idx.schemaVersion === 'number'
      ? idx
      : undefined;
  },
};

function schemaVersionOf(raw: unknown): number | undefined {
  const v = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
  return typeof v === 'number' ? v : undefined;
}

async function rmDir(fs: HistoryFs, dir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const n of names) await fs.unlink(path.join(dir, n)).catch(() => undefined);
  await nodeFs.rmdir(dir).catch(() => undefined);
}
