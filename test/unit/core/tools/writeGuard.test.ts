// Guards by meaning: settings, tasks and launch files under .vscode, workspace files and .git, in Windows name forms
// and by real path (links aliasing them, nested workspace folders).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalSegment, isProtectedPath, resolveInside } from '../../../../src/core/tools';

describe('isProtectedPath', () => {
  it('refuses settings, tasks, launch and any .vscode json, workspace files and everything in .git', () => {
    for (const p of [
      '.vscode/settings.json',
      '.vscode/tasks.json',
      '.vscode/launch.json',
      '.vscode/extensions.json',
      'sub/.vscode/settings.json',
      'app.code-workspace',
      '.git/config',
      '.git/hooks/pre-commit',
      'pkg/.git/hooks/post-checkout',
      '.vscode',
    ])
      assert.equal(isProtectedPath(p), true, p);
  });
  it('refuses Windows forms of the same files: case, trailing dots and spaces, streams, short names', () => {
    for (const p of [
      '.VSCode/Settings.JSON',
      '.vscode/settings.json.',
      '.vscode/settings.json ',
      '.vscode/settings.json::$DATA',
      '.vscode./tasks.json',
      '.GIT/hooks/pre-commit',
      '.git./config',
      'app.code-workspace.',
      'VSCODE~1/SETTIN~1.JSO',
      'GIT~1/config',
      '.vscode\\settings.json',
    ])
      assert.equal(isProtectedPath(p), true, p);
  });
  it('allows ordinary files, also ones whose names only resemble', () => {
    for (const p of [
      'src/settings.json',
      'vscode/settings.json',
      '.github/workflows/ci.yml',
      'git/config',
      'a.gitignore',
    ])
      assert.equal(isProtectedPath(p), false, p);
  });
  it('canonicalises one segment as Windows opens it', () => {
    assert.equal(canonicalSegment('Settings.JSON. .'), 'settings.json');
    assert.equal(canonicalSegment('tasks.json:$DATA'), 'tasks.json');
  });
});

describe('guards by real path', () => {
  it('a symbolic link aliasing .vscode or .git, and a nested workspace folder, lead to the guarded names', async () => {
    const tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'applerouter-guard-')));
    try {
      fs.mkdirSync(path.join(tmp, '.vscode'));
      fs.mkdirSync(path.join(tmp, '.git', 'hooks'), { recursive: true });
      fs.mkdirSync(path.join(tmp, 'pkg', '.vscode'), { recursive: true });
      fs.symlinkSync(path.join(tmp, '.vscode'), path.join(tmp, 'cfg'));
      fs.symlinkSync(path.join(tmp, '.git', 'hooks'), path.join(tmp, 'hooks-link'));
      const roots = [
        { name: 'ws', fsPath: tmp },
        { name: 'pkg', fsPath: path.join(tmp, 'pkg') },
      ];
      const names = async (p: string) => {
        const r = await resolveInside(roots, p);
        assert.ok(r.ok, p);
        return [r.relative, ...r.relatives];
      };
      for (const p of ['cfg/settings.json', 'cfg/tasks.json', 'hooks-link/pre-commit', 'pkg/.vscode/launch.json']) {
        const all = await names(p);
        assert.equal(isProtectedPath(all[0]!), p.startsWith('pkg/'), `${p} looks harmless by its spelling alone`);
        assert.ok(all.some(isProtectedPath), `${p} is guarded by its real path: ${all.join(', ')}`);
      }
      assert.equal((await names('src/new.ts')).some(isProtectedPath), false);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
