// Pure pieces of the tools: argument checks, lexical path confinement (real paths: realPaths.test.ts), result caps, edits.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  BUILTIN_TOOL_DEFINITIONS,
  capToolResult,
  confinePath,
  isProtectedPath,
  parseToolArguments,
  replaceOnce,
  sliceLines,
  toolRoundsBefore,
} from '../../../../src/core/tools';

const readFileSchema = BUILTIN_TOOL_DEFINITIONS.find((d) => d.function.name === 'read_file')!.function.parameters;

describe('parseToolArguments', () => {
  it('accepts valid arguments and an empty string as {}', () => {
    assert.deepEqual(parseToolArguments('{"path":"a.ts","startLine":3}', readFileSchema), {
      ok: true,
      value: { path: 'a.ts', startLine: 3 },
    });
    assert.deepEqual(parseToolArguments('  ', undefined), { ok: true, value: {} });
  });
  it('refuses invalid JSON, non-objects, a missing required property and wrong types', () => {
    for (const raw of ['{"path":', '[1]', '"x"', 'null', '{}', '{"path": 5}', '{"path":"a","startLine":1.5}']) {
      const r = parseToolArguments(raw, readFileSchema);
      assert.equal(r.ok, false, raw);
      assert.match((r as { error: string }).error, /^Invalid arguments/);
    }
  });
});

describe('confinePath', () => {
  const roots = [
    { name: 'app', fsPath: path.resolve('/ws/app') },
    { name: 'lib', fsPath: path.resolve('/ws/lib') },
  ];
  it('resolves relative paths, a folder-name prefix, and absolute paths inside a folder', () => {
    assert.deepEqual(confinePath(roots, 'src/a.ts'), {
      ok: true,
      root: roots[0],
      fsPath: path.resolve('/ws/app/src/a.ts'),
      relative: 'src/a.ts',
    });
    assert.equal((confinePath(roots, 'lib/x.ts') as { fsPath: string }).fsPath, path.resolve('/ws/lib/x.ts'));
    assert.equal((confinePath(roots, path.resolve('/ws/lib/y.ts')) as { relative: string }).relative, 'y.ts');
    assert.equal((confinePath(roots, 'src/../b.ts') as { relative: string }).relative, 'b.ts');
  });
  it('refuses paths outside every folder, through .. or absolute', () => {
    for (const p of ['../secret', 'src/../../etc/passwd', '/etc/passwd', '..\\..\\x', 'a\0b']) {
      const r = confinePath(roots, p);
      assert.equal(r.ok, false, p);
    }
    assert.equal(confinePath([], 'a').ok, false);
  });
  it('marks settings files as protected', () => {
    assert.equal(isProtectedPath('.vscode/settings.json'), true);
    assert.equal(isProtectedPath('proj.code-workspace'), true);
    assert.equal(isProtectedPath('src/settings.json'), false);
  });
});

describe('tool helpers', () => {
  it('caps a result with a note', () => {
    assert.equal(capToolResult('abc', 5), 'abc');
    assert.equal(capToolResult('abcdefgh', 5), 'abcde\n[… 3 more characters were cut]');
    assert.equal(capToolResult('ab😀', 3), 'ab\n[… 2 more characters were cut]', 'never inside a surrogate pair');
  });
  it('slices lines and replaces exactly one occurrence', () => {
    assert.equal(sliceLines('1\n2\n3\n4', 2, 3), '2\n3');
    assert.equal(sliceLines('1\n2', 0, 99), '1\n2');
    assert.deepEqual(replaceOnce('a b a', 'b', 'c'), { ok: true, text: 'a c a', offset: 2 });
    assert.equal(replaceOnce('a b a', 'a', 'c').ok, false);
    assert.equal(replaceOnce('a', 'z', 'c').ok, false);
  });
  it('counts the rounds of the current loop', () => {
    const u = { role: 'user' };
    const tc = { role: 'assistant', toolCalls: [1] };
    assert.equal(toolRoundsBefore([u, tc, tc, { role: 'assistant' }], 3), 2);
    assert.equal(toolRoundsBefore([tc, u, tc], 3), 1);
  });
});
