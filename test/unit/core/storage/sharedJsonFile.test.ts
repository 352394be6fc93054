// Shared small files on real disk: changes from several writers at once all land, a removal is not undone, newer files stay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { NewerSchemaError, SharedNameSets } from '../../../../src/core/storage';

async function tmpFile(): Promise<string> {
  return path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-shared-file-')), 'shared-state.json');
}

test('two windows adding at the same moment: both additions are kept (none written from a stale copy)', async () => {
  const file = await tmpFile();
  const one = new SharedNameSets(file);
  const two = new SharedNameSets(file);
  // Both read the empty file first, as two windows that started together.
  assert.deepEqual(await one.names('toolsRefused'), []);
  assert.deepEqual(await two.names('toolsRefused'), []);
  await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).add('toolsRefused', [`model-${i}`])));
  assert.deepEqual(
    (await new SharedNameSets(file).names('toolsRefused')).sort(),
    Array.from({ length: 20 }, (_, i) => `model-${i}`).sort(),
  );
});

test('a removal in one window is not undone by another window adding something else', async () => {
  const file = await tmpFile();
  const one = new SharedNameSets(file);
  const two = new SharedNameSets(file);
  await one.add('approvedTools', ['run_command', 'read_file']);
  assert.deepEqual(await two.names('approvedTools'), ['run_command', 'read_file']);
  await one.remove('approvedTools', ['run_command']);
  // The second window still has the old list cached, and approves another tool.
  assert.deepEqual(two.cached('approvedTools'), ['run_command', 'read_file']);
  await two.add('approvedTools', ['search_text']);
  assert.deepEqual(await new SharedNameSets(file).names('approvedTools'), ['read_file', 'search_text']);
  assert.deepEqual(two.cached('approvedTools'), ['read_file', 'search_text']);
});

test('a file written by a newer version is read but never overwritten', async () => {
  const file = await tmpFile();
  const future = JSON.stringify({ version: 9, sets: { toolsRefused: ['a'] }, more: true });
  await fs.writeFile(file, future);
  const sets = new SharedNameSets(file);
  await assert.rejects(sets.add('toolsRefused', ['b']), NewerSchemaError);
  assert.equal(await fs.readFile(file, 'utf8'), future);
});
