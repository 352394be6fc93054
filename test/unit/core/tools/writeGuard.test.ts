// Guards by meaning: settings, tasks and launch files under .vscode, workspace files and .git, in Windows name forms.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalSegment, isProtectedPath } from '../../../../src/core/tools';

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
