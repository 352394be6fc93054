// Full-text search of the history on real files: words and Chinese text, the index kept on disk, other windows' changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore, type HistoryFs } from '../../../../src/core/chat/historyStore';
import { searchTerms } from '../../../../src/core/chat/historySearch';
import { createConversation, type Conversation } from '../../../../src/core/chat/conversation';

function conv(id: string, title: string, ...texts: string[]): Conversation {
  const c = createConversation(id, 'gpt-4o', '', 1000);
  c.title = title;
  texts.forEach((text, i) =>
    c.messages.push({ id: `${id}-${i}`, role: i % 2 ? 'assistant' : 'user', text, status: 'done', createdAt: 1 }),
  );
  return c;
}

async function found(store: HistoryStore, query: string): Promise<string[]> {
  return (await store.search(query)).map((e) => e.id).sort();
}

test('search terms: words in lower case; Chinese as characters and pairs, a query by its pairs', () => {
  assert.deepEqual(searchTerms('Fix the PATH_VAR, now!'), ['fix', 'the', 'path_var', 'now']);
  assert.deepEqual(searchTerms('读取配置'), ['读', '读取', '取', '取配', '配', '配置', '置']);
  assert.deepEqual(searchTerms('配置', true), ['配置']);
  assert.deepEqual(searchTerms('配', true), ['配']);
});

test('message text is found by its words, in any order and case, and Chinese text by what is typed', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-search-'));
  const store = new HistoryStore(dir);
  await store.save(
    conv('en', 'Build help', 'Why does the build fail?', 'The webpack Config points at a missing loader.'),
  );
  await store.save(conv('zh', '路径问题', '请检查配置文件的路径', '好的'));
  await store.save(conv('other', 'Unrelated', 'nothing to see', 'still nothing'));
  assert.deepEqual(await found(store, 'loader config'), ['en']);
  assert.deepEqual(await found(store, 'WEBPACK'), ['en']);
  assert.deepEqual(await found(store, '配置文件'), ['zh']);
  assert.deepEqual(await found(store, '配置'), ['zh']);
  assert.deepEqual(await found(store, '文配'), []);
  assert.deepEqual(await found(store, 'loader missing nothing'), []);
  // Titles still match as typed (part of a word too).
  assert.deepEqual(await found(store, 'unrel'), ['other']);
});

test('the index is kept on disk: a new window searches without reading the conversations again', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-search-'));
  const first = new HistoryStore(dir);
  for (let i = 0; i < 40; i++) await first.save(conv(`c${i}`, `chat ${i}`, `question number${i}`, `answer ${i}`));
  assert.deepEqual(await found(first, 'number7'), ['c7']);
  await first.flush();
  const reads: string[] = [];
  const counting: HistoryFs = {
    ...fs,
    readFile: ((p: string, o: unknown) => {
      reads.push(path.basename(String(p)));
      return fs.readFile(p, o as 'utf8');
    }) as HistoryFs['readFile'],
  };
  const second = new HistoryStore(dir, counting, { checkFilesAfterMs: Infinity });
  assert.deepEqual(await found(second, 'number12'), ['c12']);
  assert.deepEqual(
    reads.filter((n) => /^c\d+\.json$/.test(n)),
    [],
  );
});

test('what another window saved or deleted is searched as it is now', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-search-'));
  const here = new HistoryStore(dir);
  const there = new HistoryStore(dir);
  await here.save(conv('a', 'A', 'alpha words'));
  await there.save(conv('b', 'B', 'beta words'));
  assert.deepEqual(await found(here, 'words'), ['a', 'b']);
  await there.save({ ...conv('a', 'A', 'gamma now'), updatedAt: 2000 });
  await there.delete('b');
  assert.deepEqual(await found(here, 'words'), []);
  assert.deepEqual(await found(here, 'gamma'), ['a']);
});

test('results found while the index loads are passed on before the search ends', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-search-'));
  const store = new HistoryStore(dir);
  for (let i = 0; i < 40; i++) await store.save(conv(`c${i}`, `chat ${i}`, 'common word'));
  const partial: number[] = [];
  const all = await store.search('common', (f) => partial.push(f.length));
  assert.equal(all.length, 40);
  assert.ok(partial.length > 0 && partial[0]! < 40, `partial counts ${partial.join(',')}`);
});
