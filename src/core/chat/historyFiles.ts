// The history's files: what a conversation file must be, its index entry and search text, and watching the index.
import * as nodeFs from 'node:fs/promises';
import { watch as watchFolder, type FSWatcher } from 'node:fs';
import { NewerSchemaError, type JsonSchema } from '../storage';
import { CONVERSATION_SCHEMA_VERSION, isConversation, type Conversation } from './conversation';
import { INDEX_FILE, type HistoryEntry } from './historyIndex';

/** Another window's change shows within this (file-system events are coalesced; the poll catches missed ones). */
const WATCH_DEBOUNCE_MS = 100;
const POLL_MS = 1500;

/**
 * Calls `check` soon after the index in `dir` changes: file-system events, and a cheap poll for file systems that do
 * not report them (check itself only compares sizes). Returns the stop function.
 */
export function watchIndex(dir: string, check: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const soon = (): void => {
    timer ??= setTimeout(() => {
      timer = undefined;
      check();
    }, WATCH_DEBOUNCE_MS);
  };
  let watcher: FSWatcher | undefined;
  let stopped = false;
  void nodeFs
    .mkdir(dir, { recursive: true })
    .then(() => {
      if (stopped) return;
      watcher = watchFolder(dir, { persistent: false }, (_e, name) => {
        if (!name || name === INDEX_FILE || /^index\.\d+\.jsonl$/.test(String(name))) soon();
      });
      watcher.on('error', () => watcher?.close());
    })
    .catch(() => undefined);
  const poll = setInterval(soon, POLL_MS);
  poll.unref?.();
  return () => {
    stopped = true;
    clearInterval(poll);
    if (timer) clearTimeout(timer);
    watcher?.close();
  };
}

/** The index entry of a conversation. */
export function entryOf(c: Conversation): HistoryEntry {
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

/** What a search looks through: the title and every message's text. */
export function searchText(c: Conversation): string {
  return [c.title, ...c.messages.map((m) => m.text)].join('\n');
}

/** An error from the file system or the lock (as opposed to a refusal such as a newer schema): the write is kept. */
export function isFileSystemError(e: unknown): boolean {
  return !(e instanceof NewerSchemaError) && typeof (e as { code?: unknown } | null)?.code === 'string';
}

/** A conversation file: the schema version it names, and a conversation with the id its name says. */
export function conversationSchema(id: string): JsonSchema<Conversation> {
  return {
    version: CONVERSATION_SCHEMA_VERSION,
    versionOf: (raw) => {
      const v =
        typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
      return typeof v === 'number' ? v : undefined;
    },
    parse: (raw) => (isConversation(raw) && raw.id === id ? raw : undefined),
  };
}
