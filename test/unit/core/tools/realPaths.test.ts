// The one rule for paths, on an adversarial repository on disk: the real path decides, files are read through the
// checked handle with a bound, and devices, FIFOs and links out are refused without hanging.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import {
  readInside,
  readRuleFiles,
  realLocation,
  realRoots,
  resolveInside,
  MAX_RULE_FILE_BYTES,
  type RealRoot,
} from '../../../../src/core/tools';
import { makeAdversarialRepo, OUTSIDE_RULES, type AdversarialRepo } from './adversarialRepo';

describe('resolveInside and realLocation', () => {
  let repo: AdversarialRepo;
  let roots: RealRoot[];
  before(async () => {
    repo = makeAdversarialRepo();
    roots = await realRoots([{ name: 'ws', fsPath: repo.ws }]);
  });
  after(() => repo.cleanup());

  it('accepts files and new files inside, also through a link that stays inside', async () => {
    const r = await resolveInside(roots, 'src/app.ts');
    assert.equal(r.ok, true);
    assert.deepEqual((r as { relatives: string[] }).relatives, ['src/app.ts']);
    const viaLink = await resolveInside(roots, 'src-link/app.ts');
    assert.equal(viaLink.ok, true);
    assert.deepEqual((viaLink as { relatives: string[] }).relatives, ['src/app.ts'], 'the real path decides');
    const fresh = await resolveInside(roots, 'src/new/dir/file.ts');
    assert.equal(fresh.ok, true);
    assert.equal((fresh as { exists: boolean }).exists, false);
  });

  it('refuses links that lead outside: a folder link, a new file below it, a dangling link out', async () => {
    for (const p of ['vendor-link/credentials', 'vendor-link', 'vendor-link/new.txt', 'AGENTS.md', 'dangling-out']) {
      const r = await resolveInside(roots, p);
      assert.equal(r.ok, false, p);
      assert.match((r as { error: string }).error, /outside the workspace/);
    }
    assert.equal((await resolveInside(roots, '../outside/credentials')).ok, false);
  });

  it('locates search results by real path (VS Code follows links): outside ones are undefined', async () => {
    assert.equal(await realLocation(roots, path.join(repo.ws, 'vendor-link', 'credentials')), undefined);
    assert.equal(await realLocation(roots, path.join(repo.ws, 'AGENTS.md')), undefined);
    assert.deepEqual((await realLocation(roots, path.join(repo.ws, 'src-link', 'lib', 'util.ts')))?.relatives, [
      'src/lib/util.ts',
    ]);
  });

  it('gives the path relative to every folder holding it (nested workspace folders)', async () => {
    const nested = await realRoots([
      { name: 'ws', fsPath: repo.ws },
      { name: 'src', fsPath: path.join(repo.ws, 'src') },
    ]);
    const r = await resolveInside(nested, 'src/lib/util.ts');
    assert.deepEqual((r as { relatives: string[] }).relatives, ['src/lib/util.ts', 'lib/util.ts']);
  });
});

describe('readInside', () => {
  let repo: AdversarialRepo;
  let roots: RealRoot[];
  before(async () => {
    repo = makeAdversarialRepo();
    roots = await realRoots([{ name: 'ws', fsPath: repo.ws }]);
  });
  after(() => repo.cleanup());
  const read = (rel: string, max = 1024) => readInside(roots, path.join(repo.ws, rel), max);

  it('reads a regular file inside, through a link inside too', async () => {
    const r = await read('src-link/app.ts');
    assert.equal(r.ok, true);
    assert.match((r as { bytes: Buffer }).bytes.toString(), /MARKER/);
  });
  it('refuses a link out, a link to /dev/zero, a FIFO, a folder and a file over the bound', async () => {
    assert.deepEqual(await read('vendor-link/credentials'), { ok: false, reason: 'outside' });
    assert.deepEqual(await read('AGENTS.md'), { ok: false, reason: 'outside' });
    assert.deepEqual(await read('zero.txt'), { ok: false, reason: 'notFile' });
    if (repo.hasFifo) assert.deepEqual(await read('pipe.txt'), { ok: false, reason: 'notFile' });
    assert.deepEqual(await read('src'), { ok: false, reason: 'notFile' });
    assert.deepEqual(await read('.github/copilot-instructions.md'), { ok: false, reason: 'tooLarge' });
    assert.deepEqual(await read('nothing-here'), { ok: false, reason: 'missing' });
  });
});

describe('readRuleFiles', () => {
  let repo: AdversarialRepo;
  before(() => (repo = makeAdversarialRepo()));
  after(() => repo.cleanup());
  const rules = () =>
    readRuleFiles([{ name: 'ws', fsPath: repo.ws }], ['AGENTS.md', '.github/copilot-instructions.md']);

  it('skips AGENTS.md linked outside and a rule file over 128 KB, naming each; nothing outside is read', async () => {
    const r = await rules();
    assert.deepEqual(r.files, []);
    assert.deepEqual(r.skipped, [
      { name: 'AGENTS.md', reason: 'outside' },
      { name: '.github/copilot-instructions.md', reason: 'tooLarge' },
    ]);
    assert.equal(JSON.stringify(r).includes(OUTSIDE_RULES), false);
  });
  it('skips a link to /dev/zero and a FIFO without hanging, and reads a regular file up to the bound', async () => {
    fs.rmSync(path.join(repo.ws, 'AGENTS.md'));
    fs.symlinkSync('/dev/zero', path.join(repo.ws, 'AGENTS.md'));
    fs.rmSync(path.join(repo.ws, '.github/copilot-instructions.md'));
    if (repo.hasFifo)
      fs.renameSync(path.join(repo.ws, 'pipe.txt'), path.join(repo.ws, '.github/copilot-instructions.md'));
    const r = await rules();
    assert.deepEqual(r.skipped, [
      { name: 'AGENTS.md', reason: 'notFile' },
      ...(repo.hasFifo ? [{ name: '.github/copilot-instructions.md', reason: 'notFile' }] : []),
    ]);
    fs.rmSync(path.join(repo.ws, 'AGENTS.md'));
    fs.writeFileSync(path.join(repo.ws, 'AGENTS.md'), `# R\n${'y'.repeat(MAX_RULE_FILE_BYTES - 10)}`);
    const ok = await readRuleFiles([{ name: 'ws', fsPath: repo.ws }], ['AGENTS.md']);
    assert.equal(ok.files.length, 1);
    assert.equal(ok.files[0]!.name, 'AGENTS.md');
  });
});

describe('readInside against a link swapped between open and check', () => {
  let repo: AdversarialRepo;
  before(() => (repo = makeAdversarialRepo()));
  after(() => repo.cleanup());

  it('refuses when the file it opened is not the file the real path names (no check-then-use race)', async () => {
    const roots = await realRoots([{ name: 'ws', fsPath: repo.ws }]);
    const link = path.join(repo.ws, 'swapped.txt');
    // At open time the link leads outside; before the real path is checked it is turned to a file inside.
    fs.symlinkSync(path.join(repo.outside, 'credentials'), link);
    const fsp = createRequire(__filename)('node:fs/promises') as { realpath: (p: string) => Promise<string> };
    const original = fsp.realpath;
    fsp.realpath = async (p: string) => {
      if (p === link && fs.readlinkSync(link).startsWith(repo.outside)) {
        fs.rmSync(link);
        fs.symlinkSync(path.join(repo.ws, 'src', 'app.ts'), link);
      }
      return original(p);
    };
    try {
      assert.deepEqual(await readInside(roots, link, 1024), { ok: false, reason: 'changed' });
    } finally {
      fsp.realpath = original;
    }
  });
});
