// The history store on real files: atomic writes, crashes mid-write, corrupt files, 1,000 conversations, schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { HistoryStore, NewerSchemaError, type HistoryFs } from '../../../../src/core/chat/historyStore';
import {
  createConversation,
  markStaleStreams,
  titleFromText,
  toChatMessages,
  type Conversation,
} from '../../../../src/core/chat/conversation';

async function tmpDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-history-'));
}

function conv(id: string, text: string, now = 1000): Conversation {
  const c = createConversation(id, 'gpt-4o', '', now);
  c.title = titleFromText(text, 'New chat');
  c.messages.push({ id: `${id}-u`, role: 'user', text, status: 'done', createdAt: now });
  c.messages.push({ id: `${id}-a`, role: 'assistant', text: `answer to ${text}`, status: 'done', createdAt: now });
  return c;
}

test('a saved conversation loads back, and the index lists it', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  await store.save(conv('c1', 'Hello 世界 🎉'));
  const again = new HistoryStore(dir);
  assert.deepEqual(
    (await again.list()).map((e) => [e.id, e.title, e.messageCount]),
    [['c1', 'Hello 世界 🎉', 2]],
  );
  const r = await again.load('c1');
  assert.equal(r.kind, 'ok');
  assert.equal(r.kind === 'ok' && r.conversation.messages[0]!.text, 'Hello 世界 🎉');
  assert.deepEqual(await leftovers(dir), [], 'no temp files or lock left behind');
});

/** Temp files and locks in the store folder (there should be none once writes have finished). */
async function leftovers(dir: string): Promise<string[]> {
  return (await fs.readdir(dir)).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock'));
}

test('a write that fails before the rename leaves the old file intact and no temp file', async () => {
  const dir = await tmpDir();
  await new HistoryStore(dir).save(conv('c1', 'original'));
  const failing: HistoryFs = {
    ...fs,
    rename: async (from, to) => {
      if (String(to).endsWith('c1.json')) throw Object.assign(new Error('simulated crash'), { code: 'EIO' });
      return fs.rename(from, to);
    },
  };
  const store = new HistoryStore(dir, failing);
  const events: string[] = [];
  store.onEvent((e) => events.push(e.type));
  // The failed write is kept (and retried), not thrown at the conversation on screen.
  await store.save(conv('c1', 'replacement'));
  assert.deepEqual(events, ['writeFailed']);
  const r = await new HistoryStore(dir).load('c1');
  assert.equal(r.kind === 'ok' && r.conversation.messages[0]!.text, 'original');
  const mine = await store.load('c1');
  assert.equal(mine.kind === 'ok' && mine.conversation.messages[0]!.text, 'replacement');
  assert.deepEqual(await leftovers(dir), []);
  store.dispose();
});

test('a process killed in the middle of writes never leaves a torn file', async () => {
  const dir = await tmpDir();
  const big = 'x'.repeat(2_000_000);
  await new HistoryStore(dir).save(conv('c1', `v0 ${big}`));
  const writer = `
    const { HistoryStore } = require(${JSON.stringify(path.resolve(__dirname, '../../../../src/core/chat/historyStore.ts'))});
    const { createConversation } = require(${JSON.stringify(path.resolve(__dirname, '../../../../src/core/chat/conversation.ts'))});
    const store = new HistoryStore(${JSON.stringify(dir)});
    const big = 'x'.repeat(2000000);
    (async () => { for (let i = 1; ; i++) {
      const c = createConversation('c1', 'gpt-4o', '', i);
      c.title = 'v' + i;
      c.messages.push({ id: 'm', role: 'user', text: 'v' + i + ' ' + big, status: 'done', createdAt: i });
      await store.save(c);
      if (i === 1) process.stdout.write('writing\\n');
    } })();`;
  for (let round = 0; round < 6; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 20 + round * 37));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const text = await fs.readFile(path.join(dir, 'c1.json'), 'utf8');
    const parsed = JSON.parse(text) as Conversation; // throws on a torn file
    assert.match(parsed.messages[0]!.text, /^v\d+ x+$/);
    assert.equal(parsed.messages[0]!.text.length, parsed.messages[0]!.text.indexOf(' ') + 1 + big.length);
    JSON.parse(await fs.readFile(path.join(dir, 'index.json'), 'utf8'));
  }
});

test('a corrupt conversation file is set aside with a notice; the others still load', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  await store.save(conv('good', 'fine'));
  await store.save(conv('bad', 'soon broken'));
  await fs.writeFile(path.join(dir, 'bad.json'), '{"schemaVersion":1,"id":"bad", "messages": [tru');
  const fresh = new HistoryStore(dir);
  const r = await fresh.load('bad');
  assert.equal(r.kind, 'corrupt');
  assert.equal(fresh.takeNotices().length, 1);
  const names = await fs.readdir(dir);
  assert.ok(
    names.some((n) => /^bad\.json\.corrupt-\d+$/.test(n)),
    names.join(','),
  );
  assert.ok(!names.includes('bad.json'));
  assert.equal((await fresh.load('good')).kind, 'ok');
  await fresh.flush();
  assert.deepEqual(
    (await new HistoryStore(dir).list()).map((e) => e.id),
    ['good'],
  );
});

test('a corrupt index is set aside and rebuilt from the files', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  await store.save(conv('a', 'one', 1));
  await store.save(conv('b', 'two', 2));
  await fs.writeFile(path.join(dir, 'index.json'), 'garbage');
  const fresh = new HistoryStore(dir);
  assert.deepEqual(
    (await fresh.list()).map((e) => e.id),
    ['b', 'a'],
  );
  assert.equal(fresh.takeNotices().length, 1);
});

test('with 1,000 saved conversations, listing reads only the index', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  for (let i = 0; i < 1000; i++) await store.save(conv(`c${i}`, `conversation number ${i}`, i));
  const reads: string[] = [];
  const counting: HistoryFs = {
    ...fs,
    readFile: ((p: string, o: unknown) => {
      reads.push(path.basename(String(p)));
      return fs.readFile(p, o as 'utf8');
    }) as HistoryFs['readFile'],
    readdir: (async () => {
      throw new Error('listing must not scan the directory');
    }) as unknown as HistoryFs['readdir'],
  };
  const fresh = new HistoryStore(dir, counting);
  const list = await fresh.list();
  assert.equal(list.length, 1000);
  assert.equal(list[0]!.id, 'c999');
  assert.deepEqual(reads, ['index.json']);
  // Searching by title still needs no conversation file.
  assert.deepEqual(
    (await fresh.search('number 999')).map((e) => e.id),
    ['c999'],
  );
});

test('search finds text inside messages', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  await store.save(conv('a', 'alpha'));
  await store.save(conv('b', 'beta'));
  assert.deepEqual(
    (await store.search('answer to beta')).map((e) => e.id),
    ['b'],
  );
});

test('a conversation from a newer schema is shown but never overwritten', async () => {
  const dir = await tmpDir();
  const future = { ...conv('f', 'from the future'), schemaVersion: 99, extra: { keep: true } };
  await fs.writeFile(path.join(dir, 'f.json'), JSON.stringify(future));
  const before = await fs.readFile(path.join(dir, 'f.json'), 'utf8');
  const store = new HistoryStore(dir);
  const r = await store.load('f');
  assert.ok(r.kind === 'ok' && r.readOnly);
  await assert.rejects(store.save({ ...conv('f', 'downgrade'), schemaVersion: 1 }), NewerSchemaError);
  await assert.rejects(store.rename('f', 'new title'), NewerSchemaError);
  assert.equal(await fs.readFile(path.join(dir, 'f.json'), 'utf8'), before);
});

test('rename and delete update the index', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  await store.save(conv('a', 'alpha'));
  await store.save(conv('b', 'beta'));
  await store.rename('a', 'Renamed');
  await store.delete('b');
  const fresh = new HistoryStore(dir);
  assert.deepEqual(
    (await fresh.list()).map((e) => [e.id, e.title]),
    [['a', 'Renamed']],
  );
  assert.equal((await fresh.load('b')).kind, 'missing');
});

test('ids that are not ours never reach the file system', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  assert.equal((await store.load('../../etc/passwd')).kind, 'missing');
  await assert.rejects(store.save({ ...conv('x', 'y'), id: '../escape' }));
});

test('conversation helpers: titles, request messages with images, stale streams', () => {
  assert.equal(titleFromText('\n\n  Explain   this code please\nmore', 'New chat'), 'Explain this code please');
  assert.equal(titleFromText('   ', 'New chat'), 'New chat');
  assert.ok(titleFromText('word '.repeat(40), 'x').endsWith('…'));
  const c = createConversation('c', 'gpt-4o', 'Be brief.', 1);
  c.messages.push({
    id: 'u',
    role: 'user',
    text: 'What is this?',
    images: [{ name: 'a.png', mime: 'image/png', dataUrl: 'data:image/png;base64,AAAA', width: 1, height: 1 }],
    status: 'done',
    createdAt: 1,
  });
  c.messages.push({ id: 'a', role: 'assistant', text: '', status: 'error', createdAt: 1 });
  c.messages.push({ id: 'a2', role: 'assistant', text: 'partial', status: 'streaming', createdAt: 1 });
  assert.deepEqual(toChatMessages(c), [
    { role: 'system', content: 'Be brief.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      ],
    },
    { role: 'assistant', content: 'partial' },
  ]);
  assert.equal(markStaleStreams(c), true);
  assert.equal(c.messages[2]!.status, 'interrupted');
});

test('images are kept beside the conversation: checkpoints stay small, loading restores them, deleting removes them', async () => {
  const dir = await tmpDir();
  const store = new HistoryStore(dir);
  const c = conv('img', 'look');
  const dataUrl = `data:image/png;base64,${'A'.repeat(400_000)}`;
  c.messages[0]!.images = [{ name: 'a.png', mime: 'image/png', dataUrl, width: 10, height: 10 }];
  await store.save(c);
  c.messages[1]!.text += ' more';
  await store.save(c);
  const file = await fs.readFile(path.join(dir, 'img.json'), 'utf8');
  assert.ok(file.length < 2000, `conversation file is ${file.length} chars`);
  assert.equal(c.messages[0]!.images[0]!.dataUrl, dataUrl, 'the in-memory conversation keeps its data');
  const r = await new HistoryStore(dir).load('img');
  assert.ok(r.kind === 'ok');
  assert.equal(r.conversation.messages[0]!.images?.[0]?.dataUrl, dataUrl);
  assert.equal((await fs.readdir(path.join(dir, 'attachments', 'img'))).length, 1);
  await store.delete('img');
  await assert.rejects(fs.readdir(path.join(dir, 'attachments', 'img')));
});
