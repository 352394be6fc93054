// The history shared by several windows on real files: merges, renames and deletions, watching, faults, two processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { HistoryStore, type HistoryEvent, type HistoryFs } from '../../../../src/core/chat/historyStore';
import { createConversation, titleFromText, type Conversation } from '../../../../src/core/chat/conversation';
import { fate } from './historyWorker';

async function tmpDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-shared-'));
}

function conv(id: string, text: string, now = 1000): Conversation {
  const c = createConversation(id, 'gpt-4o', '', now);
  c.title = titleFromText(text, 'New chat');
  c.messages.push({ id: `${id}-u`, role: 'user', text, status: 'done', createdAt: now });
  c.messages.push({ id: `${id}-a`, role: 'assistant', text: `answer to ${text}`, status: 'done', createdAt: now });
  return c;
}

async function ids(store: HistoryStore): Promise<string[]> {
  return (await store.list()).map((e) => e.id).sort();
}

test('two windows saving in turn: neither erases the other (the reported case)', async () => {
  const dir = await tmpDir();
  const first = new HistoryStore(dir);
  const second = new HistoryStore(dir);
  await first.list();
  await second.list();
  await first.save(conv('a', 'first window, one', 1));
  await second.save(conv('b', 'second window', 2));
  await first.save(conv('c', 'first window, two', 3));
  // After a reload: a new store on the same folder.
  assert.deepEqual(await ids(new HistoryStore(dir)), ['a', 'b', 'c']);
  assert.deepEqual(await ids(first), ['a', 'b', 'c']);
  assert.deepEqual(await ids(second), ['a', 'b', 'c']);
});

test('a rename or a deletion in one window is not undone by a later save in another', async () => {
  const dir = await tmpDir();
  const one = new HistoryStore(dir);
  const two = new HistoryStore(dir);
  const open = conv('x', 'open in both');
  await one.save(conv('d', 'to be deleted'));
  await one.save(open);
  // The second window has both open (its own copies).
  const xInTwo = await two.load('x');
  const dInTwo = await two.load('d');
  assert.ok(xInTwo.kind === 'ok' && dInTwo.kind === 'ok');
  await one.rename('x', 'Renamed in one');
  await one.delete('d');
  // The second window keeps streaming into its copies and saves them.
  xInTwo.conversation.messages.push({ id: 'more', role: 'user', text: 'more', status: 'done', createdAt: 2 });
  dInTwo.conversation.messages.push({ id: 'more', role: 'user', text: 'more', status: 'done', createdAt: 2 });
  await two.save(xInTwo.conversation);
  await two.save(dInTwo.conversation);
  const list = await new HistoryStore(dir).list();
  assert.deepEqual(
    list.map((e) => [e.id, e.title, e.messageCount]),
    [['x', 'Renamed in one', 3]],
  );
  assert.equal(xInTwo.conversation.title, 'Renamed in one', 'the open copy takes the other window’s title');
  assert.equal((await new HistoryStore(dir).load('d')).kind, 'missing');
  assert.ok(two.isDeleted('d'));
});

test('a title changed in this window after another renamed it stays this window’s', async () => {
  const dir = await tmpDir();
  const one = new HistoryStore(dir);
  const two = new HistoryStore(dir);
  await one.save(conv('x', 'original'));
  const mine = await two.load('x');
  assert.ok(mine.kind === 'ok');
  await one.rename('x', 'Theirs');
  mine.conversation.title = 'Mine';
  await two.save(mine.conversation);
  assert.deepEqual(
    (await new HistoryStore(dir).list()).map((e) => e.title),
    ['Mine'],
  );
});

test('another window’s change is reported by the watcher, without a reload', async () => {
  const dir = await tmpDir();
  const here = new HistoryStore(dir);
  const there = new HistoryStore(dir);
  await here.list();
  const stop = here.watch();
  try {
    const changed = new Promise<void>((resolve) => {
      const off = here.onEvent((e) => {
        if (e.type === 'changed') {
          off();
          resolve();
        }
      });
    });
    await there.save(conv('w', 'written elsewhere'));
    await changed;
    assert.deepEqual(await ids(here), ['w']);
  } finally {
    stop();
  }
});

test('a journal compacted by another window is followed (snapshot reloaded), nothing lost', async () => {
  const dir = await tmpDir();
  const here = new HistoryStore(dir, undefined, { compactLines: 20 });
  const there = new HistoryStore(dir, undefined, { compactLines: 20 });
  await here.save(conv('first', 'first'));
  // Enough saves for the other window to fold its journal into a new snapshot, three times.
  for (let i = 0; i < 61; i++) await there.save(conv(`n${i % 50}`, `save ${i}`, i));
  assert.ok(
    (await fs.readdir(dir)).some((n) => /^index\.[3-9]\d*\.jsonl$/.test(n)),
    'the journal was compacted',
  );
  assert.equal((await here.list()).length, 51);
  assert.ok(here.isDeleted('first') === false);
});

/** A file system whose writes fail while `broken` is set, like a full disk. */
function breakable(): { fs: HistoryFs; set(broken: boolean): void } {
  let broken = false;
  const fail = (): never => {
    throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
  };
  return {
    set: (b) => {
      broken = b;
    },
    fs: {
      ...fs,
      open: ((p: string, flags?: string) =>
        broken && flags !== 'r' ? fail() : fs.open(p, flags)) as HistoryFs['open'],
      appendFile: ((...a: Parameters<typeof fs.appendFile>) =>
        broken ? fail() : fs.appendFile(...a)) as HistoryFs['appendFile'],
      unlink: ((p: string) => (broken ? fail() : fs.unlink(p))) as HistoryFs['unlink'],
      rename: ((a: string, b: string) => (broken ? fail() : fs.rename(a, b))) as HistoryFs['rename'],
      writeFile: ((...a: Parameters<typeof fs.writeFile>) =>
        broken ? fail() : fs.writeFile(...a)) as HistoryFs['writeFile'],
    },
  };
}

test('a full disk loses nothing: one failure event, everything kept and shown, all written once it works', async () => {
  const dir = await tmpDir();
  const disk = breakable();
  const store = new HistoryStore(dir, disk.fs);
  const events: HistoryEvent['type'][] = [];
  store.onEvent((e) => events.push(e.type));
  await store.save(conv('kept', 'before the disk filled', 1));
  await store.save(conv('gone', 'to be deleted while full', 2));
  disk.set(true);
  const open = conv('new', 'written while full', 5);
  await store.save(open);
  open.messages.push({ id: 'later', role: 'user', text: 'still typing', status: 'done', createdAt: 6 });
  await store.save(open);
  await store.rename('kept', 'Renamed while full');
  await store.delete('gone');
  assert.deepEqual(events, ['writeFailed'], 'one notice for the whole episode');
  // What is on screen stays: the list and the open conversation as this window has them.
  assert.deepEqual(
    (await store.list()).map((e) => [e.id, e.title]),
    [
      ['new', 'written while full'],
      ['kept', 'Renamed while full'],
    ],
  );
  const loaded = await store.load('new');
  assert.equal(loaded.kind === 'ok' && loaded.conversation.messages.length, 3);
  // Nothing of it reached the disk yet.
  assert.deepEqual(await ids(new HistoryStore(dir)), ['gone', 'kept']);
  disk.set(false);
  await store.save(conv('next', 'the next write', 7));
  assert.deepEqual(events, ['writeFailed', 'writeRecovered']);
  const after = new HistoryStore(dir);
  assert.deepEqual(
    (await after.list()).map((e) => [e.id, e.title, e.messageCount]),
    [
      ['next', 'the next write', 2],
      ['new', 'written while full', 3],
      ['kept', 'Renamed while full', 2],
    ],
  );
  store.dispose();
});

test('a read-only store: the write is kept and retried by itself once the folder is writable again', async () => {
  // The retry timer does not hold a process open (the extension host is kept alive by the editor); this test is.
  const alive = setInterval(() => undefined, 1000);
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  await store.save(conv('a', 'first'));
  if (process.getuid?.() === 0) {
    // root ignores permission bits: the same failure, made by the file system wrapper instead.
    const disk = breakable();
    const ro = new HistoryStore(dir, disk.fs);
    disk.set(true);
    const failed = new Promise<void>((r) => ro.onEvent((e) => e.type === 'writeFailed' && r()));
    await ro.save(conv('b', 'while read-only'));
    await failed;
    const recovered = new Promise<void>((r) => ro.onEvent((e) => e.type === 'writeRecovered' && r()));
    disk.set(false);
    await recovered;
    ro.dispose();
  } else {
    await fs.chmod(dir, 0o555);
    const failed = new Promise<void>((r) => store.onEvent((e) => e.type === 'writeFailed' && r()));
    await store.save(conv('b', 'while read-only'));
    await failed;
    const recovered = new Promise<void>((r) => store.onEvent((e) => e.type === 'writeRecovered' && r()));
    await fs.chmod(dir, 0o755);
    await recovered;
  }
  clearInterval(alive);
  assert.deepEqual(await ids(new HistoryStore(dir)), ['a', 'b']);
  store.dispose();
});

const worker = path.join(__dirname, 'historyWorker.ts');

function run(args: string[]): { done: Promise<number | null>; stdout: () => string; kill: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return {
    done: new Promise((r) => child.once('exit', (code) => r(code))),
    stdout: () => out,
    kill: () => child.kill('SIGKILL'),
  };
}

test('two processes saving, renaming and deleting 200 conversations each at once: every survivor listed, none corrupt', async () => {
  const dir = await tmpDir();
  const a = run(['work', dir, 'a', '200']);
  const b = run(['work', dir, 'b', '200']);
  assert.deepEqual(await Promise.all([a.done, b.done]), [0, 0]);
  const expected: [string, string][] = [];
  for (const p of ['a', 'b']) {
    for (let i = 0; i < 200; i++) {
      const f = fate(i);
      if (!f.deleted) expected.push([`${p}${i}`, f.renamed ? `${p} ${i} renamed` : `${p} ${i}`]);
    }
  }
  const store = new HistoryStore(dir);
  const listed = (await store.list()).map((e) => [e.id, e.title] as [string, string]);
  const byId = (x: [string, string], y: [string, string]): number => x[0].localeCompare(y[0]);
  assert.deepEqual(listed.sort(byId), expected.sort(byId));
  for (const [id, title] of expected) {
    const r = await store.load(id);
    assert.ok(r.kind === 'ok', `${id} loads`);
    assert.equal(r.conversation.title, title);
  }
  const names = await fs.readdir(dir);
  assert.equal(names.filter((n) => /^[ab]\d+\.json$/.test(n)).length, expected.length, 'deleted files are gone');
  assert.deepEqual(
    names.filter((n) => n.includes('corrupt') || n.endsWith('.tmp') || n.endsWith('.lock')),
    [],
  );
});

test('a process killed while holding the lock does not block the others: its lock is taken over once stale', async () => {
  const dir = await tmpDir();
  const holder = run(['hold', dir, '', '0']);
  while (!holder.stdout().includes('locked')) await new Promise((r) => setTimeout(r, 20));
  holder.kill();
  await holder.done;
  const store = new HistoryStore(dir, undefined, { staleLockMs: 2000 });
  await store.save(conv('after', 'saved after the kill'));
  assert.deepEqual(await ids(new HistoryStore(dir)), ['after']);
});
