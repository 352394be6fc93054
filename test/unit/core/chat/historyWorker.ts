// A child process for the history concurrency tests: saves, renames and deletes conversations in a shared store folder.
import { HistoryStore } from '../../../../src/core/chat/historyStore';
import { FileLock } from '../../../../src/core/storage/fileLock';
import { createConversation } from '../../../../src/core/chat/conversation';

const [mode, dir, prefix, countText] = process.argv.slice(2) as [string, string, string, string];

/** The fate of conversation i of a worker: every 3rd renamed, every 5th deleted (so every 15th is both). */
export function fate(i: number): { renamed: boolean; deleted: boolean } {
  return { renamed: i % 3 === 0, deleted: i % 5 === 0 };
}

async function work(): Promise<void> {
  const store = new HistoryStore(dir, undefined, { staleLockMs: 2000 });
  const count = Number(countText);
  // Saves, renames and deletes interleaved, each awaited as the chat does, while the other worker does the same.
  for (let i = 0; i < count; i++) {
    const id = `${prefix}${i}`;
    const c = createConversation(id, 'gpt-4o', '', 1_000 + i);
    c.title = `${prefix} ${i}`;
    for (let m = 0; m < 4; m++) {
      c.messages.push({
        id: `${id}-${m}`,
        role: m % 2 ? 'assistant' : 'user',
        text: `${prefix} message ${m} of ${i}`,
        status: 'done',
        createdAt: i,
      });
    }
    await store.save(c);
    if (i >= 2 && fate(i - 2).renamed) await store.rename(`${prefix}${i - 2}`, `${prefix} ${i - 2} renamed`);
    if (i >= 1 && fate(i - 1).deleted) await store.delete(`${prefix}${i - 1}`);
  }
  for (const i of [count - 2, count - 1]) {
    if (i >= 0 && fate(i).renamed) await store.rename(`${prefix}${i}`, `${prefix} ${i} renamed`);
    if (i >= 0 && fate(i).deleted && i === count - 1) await store.delete(`${prefix}${i}`);
  }
  await store.flush();
  process.stdout.write('done\n');
}

async function holdLock(): Promise<void> {
  // Takes the store's lock and never lets go: the parent kills this process with SIGKILL while it holds it.
  await new FileLock(`${dir}/store.lock`, { staleMs: 2000 }).run(async () => {
    process.stdout.write('locked\n');
    await new Promise(() => undefined);
  });
}

if (mode === 'work') void work();
else if (mode === 'hold') void holdLock();
