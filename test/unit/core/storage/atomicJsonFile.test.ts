// The atomic JSON file helper on real files: a crash mid-write, a failed rename, a corrupt file, a newer schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import {
  AtomicJsonFile,
  NewerSchemaError,
  readJsonFile,
  writeJsonFile,
  type JsonSchema,
  type StorageFs,
} from '../../../../src/core/storage';

interface Doc {
  version: number;
  items: string[];
}

const schema: JsonSchema<Doc> = {
  version: 2,
  versionOf: (raw) => ((raw as { version?: unknown } | null)?.version as number | undefined) ?? undefined,
  parse: (raw) => (raw && typeof raw === 'object' && Array.isArray((raw as Doc).items) ? (raw as Doc) : undefined),
};

async function tmpDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-atomic-'));
}

test('a written file reads back; no temp file is left', async () => {
  const dir = await tmpDir();
  const file = path.join(dir, 'doc.json');
  await writeJsonFile(file, { version: 2, items: ['a', '世界'] });
  assert.deepEqual(await readJsonFile(file, schema), { kind: 'ok', value: { version: 2, items: ['a', '世界'] } });
  assert.deepEqual(await readJsonFile(path.join(dir, 'none.json'), schema), { kind: 'missing' });
  assert.deepEqual(await fs.readdir(dir), ['doc.json']);
});

test('a write that fails at the rename keeps the old file and removes its temp file', async () => {
  const dir = await tmpDir();
  const file = path.join(dir, 'doc.json');
  await writeJsonFile(file, { version: 2, items: ['old'] });
  const failing: StorageFs = {
    ...fs,
    rename: () => Promise.reject(Object.assign(new Error('simulated EIO'), { code: 'EIO' })),
  };
  await assert.rejects(writeJsonFile(file, { version: 2, items: ['new'] }, { fs: failing }), /simulated EIO/);
  assert.deepEqual(JSON.parse(await fs.readFile(file, 'utf8')), { version: 2, items: ['old'] });
  assert.deepEqual(await fs.readdir(dir), ['doc.json']);
});

test('a process killed (SIGKILL) in the middle of writes never leaves a torn file', async () => {
  const dir = await tmpDir();
  const file = path.join(dir, 'doc.json');
  const big = 'x'.repeat(1_000_000);
  await writeJsonFile(file, { version: 2, items: ['v0', big] });
  const writer = `
    const { writeJsonFile } = require(${JSON.stringify(path.resolve(__dirname, '../../../../src/core/storage/atomicJsonFile.ts'))});
    const big = 'x'.repeat(1000000);
    (async () => { for (let i = 1; ; i++) {
      await writeJsonFile(${JSON.stringify(file)}, { version: 2, items: ['v' + i, big] });
      if (i === 1) process.stdout.write('writing\\n');
    } })();`;
  for (let round = 0; round < 6; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', writer], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 15 + round * 29));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const r = await readJsonFile(file, schema);
    assert.equal(r.kind, 'ok', `round ${round}: ${JSON.stringify(r).slice(0, 120)}`);
    assert.match(r.kind === 'ok' ? r.value.items[0]! : '', /^v\d+$/);
    assert.equal(r.kind === 'ok' && r.value.items[1]!.length, big.length);
  }
});

test('a corrupt file (not JSON, or not the expected shape) is set aside under one naming scheme, never deleted', async () => {
  const dir = await tmpDir();
  const broken = path.join(dir, 'broken.json');
  const wrong = path.join(dir, 'wrong.json');
  await fs.writeFile(broken, '{"version":2,"items":["a"');
  await fs.writeFile(wrong, '{"version":1,"items":"not a list"}');
  const a = await readJsonFile(broken, schema);
  const b = await readJsonFile(wrong, schema);
  assert.equal(a.kind, 'corrupt');
  assert.equal(b.kind, 'corrupt');
  assert.match(a.kind === 'corrupt' ? path.basename(a.setAsideAs) : '', /^broken\.json\.corrupt-\d+$/);
  assert.match(b.kind === 'corrupt' ? path.basename(b.setAsideAs) : '', /^wrong\.json\.corrupt-\d+$/);
  assert.equal(
    await fs.readFile(a.kind === 'corrupt' ? a.setAsideAs : '', 'utf8'),
    '{"version":2,"items":["a"',
    'the damaged bytes are kept',
  );
  const names = (await fs.readdir(dir)).sort();
  assert.ok(!names.includes('broken.json') && !names.includes('wrong.json'), names.join(','));
});

test('a newer schema is read but refused for writing with NewerSchemaError, and the file is left as it was', async () => {
  const dir = await tmpDir();
  const file = path.join(dir, 'doc.json');
  const text = '{"version":3,"items":["from the future"],"extra":true}';
  await fs.writeFile(file, text);
  const doc = new AtomicJsonFile(file, schema);
  const r = await doc.read();
  assert.equal(r.kind, 'newer');
  assert.deepEqual(r.kind === 'newer' && r.raw, JSON.parse(text));
  assert.ok(doc.newer instanceof NewerSchemaError);
  assert.equal(doc.newer?.version, 3);
  assert.equal(doc.newer?.supported, 2);
  await assert.rejects(
    doc.write({ version: 2, items: ['mine'] }),
    (e: unknown) => e instanceof NewerSchemaError && e.version === 3,
  );
  assert.equal(await fs.readFile(file, 'utf8'), text);
  // Once the file is one this version may replace (here: removed), writing works again.
  await fs.unlink(file);
  assert.equal((await doc.read()).kind, 'missing');
  await doc.write({ version: 2, items: ['mine'] });
  assert.deepEqual(await readJsonFile(file, schema), { kind: 'ok', value: { version: 2, items: ['mine'] } });
});
