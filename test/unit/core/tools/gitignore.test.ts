// .gitignore rules as git applies them: anchoring, folders, negation, nested files, and hostile patterns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Glob, GitignoreSet, parseGitignore } from '../../../../src/core/tools';

describe('GitignoreSet', () => {
  const set = new GitignoreSet([
    parseGitignore('# comment\nlocal-notes.txt\nbuild/\n/top.log\n*.tmp\n!keep.tmp\nlogs/**/*.log\n', ''),
    parseGitignore('secret.json\n!public.tmp\n', 'pkg'),
  ]);
  it('ignores names at any depth, folders with all they hold, and anchored paths only at their folder', () => {
    for (const p of ['local-notes.txt', 'a/b/local-notes.txt', 'build/out.js', 'x/build/y/z.js', 'top.log', 'a.tmp'])
      assert.equal(set.ignores(p), true, p);
    for (const p of ['sub/top.log', 'build.js', 'src/app.ts', 'keep.tmp']) assert.equal(set.ignores(p), false, p);
    assert.equal(set.ignores('logs/a/b/c.log'), true);
  });
  it('applies a nested .gitignore below its folder only, after the outer one', () => {
    assert.equal(set.ignores('pkg/secret.json'), true);
    assert.equal(set.ignores('secret.json'), false);
    assert.equal(set.ignores('pkg/public.tmp'), false);
  });
});

describe('Glob', () => {
  it('matches **, *, ?, classes and braces', () => {
    assert.equal(new Glob('**/*.{ts,js}').matches('a/b/c.ts'), true);
    assert.equal(new Glob('**/*.{ts,js}').matches('c.js'), true);
    assert.equal(new Glob('src/?.[a-c]').matches('src/x.b'), true);
    assert.equal(new Glob('src/*.ts').matches('src/a/b.ts'), false);
    assert.equal(new Glob('**/.env*', true).matches('A/.ENV.local'), true);
  });
  it('answers a hostile pattern on a long name at once (no backtracking)', () => {
    const hostile = new Glob(`${'*a'.repeat(40)}b`);
    assert.equal(hostile.matches('a'.repeat(250)), false);
    const stars = new Glob(`${'**/'.repeat(30)}x`);
    assert.equal(stars.matches(`${'d/'.repeat(60)}y`), false);
  });
});
