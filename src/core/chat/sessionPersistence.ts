// Persistence of the open conversation: writing it, reporting a failed write, repairs after a reload, and updating a
// conversation that is no longer open.
import { describeError, type Translate } from '../gateway';
import { markStaleStreams, type Conversation } from './conversation';
import { NewerSchemaError, type HistoryStore } from './historyStore';
import { chatSessionMessages as M, type ChatSessionDeps, type SessionMessage } from './chatSessionTypes';

export type PersistenceDeps = Pick<ChatSessionDeps, 'store' | 'now' | 'listener' | 'log' | 't'>;

/** Writes the conversation (never a read-only one or an empty one) and says it is the one to reopen. */
export async function saveConversation(
  deps: PersistenceDeps,
  conv: Conversation,
  readOnly: boolean,
  redact: (text: string) => string,
): Promise<void> {
  if (readOnly || conv.messages.length === 0) return;
  conv.updatedAt = deps.now();
  try {
    await deps.store.save(conv);
    deps.listener({ type: 'lastChanged', id: conv.id });
  } catch (e) {
    reportStoreError(deps, e, redact);
  }
}

/** A failed write becomes a notice: the read-only sentence for a newer file, else the reason (redacted). */
export function reportStoreError(deps: PersistenceDeps, e: unknown, redact: (text: string) => string): void {
  if (e instanceof NewerSchemaError) {
    deps.listener({ type: 'notice', message: deps.t(M.newerSchema) });
    return;
  }
  deps.log.error(`history write failed: ${describeError(e)}`);
  deps.listener({ type: 'notice', message: redact(deps.t(M.saveFailed, describeError(e))) });
}

/**
 * Repairs what a reload cut short: a streaming answer keeps its saved text, marked interrupted with Retry; videos still
 * "saving" that no save of this window works on are marked failed (the gallery resumes them). True when anything changed.
 */
export function repairStale(conv: Conversation, savingHere: ReadonlyMap<string, string>, t: Translate): boolean {
  let changed = false;
  if (markStaleStreams(conv)) {
    for (const m of conv.messages) {
      if (m.status === 'interrupted' && !m.error) m.error = { message: '', actions: ['retry'] };
    }
    changed = true;
  }
  for (const m of conv.messages as SessionMessage[]) {
    if (m.video?.state === 'saving' && !savingHere.has(m.id)) {
      m.video.state = 'failed';
      m.error = { message: t(M.videoInterrupted), actions: ['showLog'] };
      changed = true;
    }
  }
  return changed;
}

/** The user moved to another conversation meanwhile: the message's record is updated on disk. */
export async function updateOnDisk(
  store: HistoryStore,
  convId: string,
  messageId: string,
  apply: (m: SessionMessage) => void,
): Promise<void> {
  const r = await store.load(convId);
  if (r.kind !== 'ok' || r.readOnly) return;
  const m = r.conversation.messages.find((x) => x.id === messageId);
  if (!m) return;
  apply(m);
  await store.save(r.conversation);
}
