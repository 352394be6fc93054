// The context of a completion: prefix and suffix within a token budget, at line boundaries, as FIM or chat.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  buildCompletionContext,
  chatCompletionMessages,
  estimateTokens,
  fimBody,
  fimHeader,
} from '../../../../src/core/completions/completionPrompt';

const lines = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => `const ${tag}${i} = ${i};`).join('\n') + '\n';

describe('completion context', () => {
  test('everything is kept when it fits', () => {
    const ctx = buildCompletionContext({
      prefix: 'let a = 1;\nlet b = ',
      suffix: ';\n',
      path: 'src/a.ts',
      languageId: 'typescript',
    });
    assert.equal(ctx.prefix, 'let a = 1;\nlet b = ');
    assert.equal(ctx.suffix, ';\n');
    assert.equal(ctx.multiline, true);
  });

  test('a long file is cut to the budget at whole lines, nearest the cursor kept', () => {
    const prefix = lines(2000, 'p') + 'let x = ';
    const suffix = ';\n' + lines(2000, 's');
    const ctx = buildCompletionContext({ prefix, suffix, path: 'a.ts', languageId: 'typescript', budgetTokens: 500 });
    assert.ok(estimateTokens(ctx.prefix + ctx.suffix) <= 500, `${estimateTokens(ctx.prefix + ctx.suffix)} tokens`);
    assert.ok(ctx.prefix.endsWith('const p1999 = 1999;\nlet x = '));
    assert.match(ctx.prefix, /^const p\d+ = \d+;\n/, 'starts at a line start');
    assert.ok(ctx.suffix.startsWith(';\nconst s0 = 0;'));
    assert.ok(ctx.suffix.endsWith('\n'), 'ends at a line end');
    assert.ok(ctx.prefix.length > ctx.suffix.length * 2, 'the text before the cursor gets most of the budget');
  });

  test('a short suffix leaves its share to the prefix', () => {
    const prefix = lines(2000, 'p');
    const ctx = buildCompletionContext({
      prefix,
      suffix: '',
      path: 'a.ts',
      languageId: 'typescript',
      budgetTokens: 500,
    });
    assert.ok(ctx.prefix.length > 1700, String(ctx.prefix.length));
  });

  test('text after the cursor on its line makes it a one-line slot', () => {
    assert.equal(
      buildCompletionContext({ prefix: 'f(', suffix: 'x, y)\n', path: 'a.ts', languageId: 'typescript' }).multiline,
      false,
    );
    assert.equal(
      buildCompletionContext({ prefix: 'f(', suffix: ');\n', path: 'a.ts', languageId: 'typescript' }).multiline,
      true,
    );
  });

  test('neighbors are included up to their share of the budget', () => {
    const neighbors = [
      { path: 'src/b.ts', text: 'export const b = 2;' },
      { path: 'src/big.ts', text: 'x'.repeat(5000) },
    ];
    const ctx = buildCompletionContext({
      prefix: 'a',
      suffix: '',
      path: 'src/a.ts',
      languageId: 'typescript',
      neighbors,
      budgetTokens: 1000,
    });
    assert.deepEqual(
      ctx.neighbors.map((n) => n.path),
      ['src/b.ts'],
    );
  });
});

describe('request bodies', () => {
  const ctx = buildCompletionContext({
    prefix: 'def add(a, b):\n    ',
    suffix: '\n\nprint(add(1, 2))\n',
    path: 'pkg/calc.py',
    languageId: 'python',
    neighbors: [{ path: 'pkg/util.py', text: 'def sub(a, b):\n    return a - b' }],
  });

  test('FIM: the header is a comment of the file language, then the prefix; the suffix goes as is', () => {
    assert.equal(
      fimHeader(ctx),
      '# Path: pkg/calc.py\n# Language: python\n# Compare this snippet from pkg/util.py:\n# def sub(a, b):\n#     return a - b\n',
    );
    const body = fimBody(ctx, 'deepseek-coder', 200);
    assert.equal(body.prompt, fimHeader(ctx) + 'def add(a, b):\n    ');
    assert.equal(body.suffix, '\n\nprint(add(1, 2))\n');
    assert.equal(body.stream, true);
    assert.equal(body.stop, undefined);
  });

  test('FIM in a one-line slot stops at the line end on the gateway', () => {
    const one = buildCompletionContext({ prefix: 'x = f(', suffix: 'y)\n', path: 'a.py', languageId: 'python' });
    assert.deepEqual(fimBody(one, 'codestral-latest', 200).stop, ['\n']);
  });

  test('chat: path, language, neighbors and the code with the cursor marked', () => {
    const [system, user] = chatCompletionMessages(ctx);
    assert.equal(system!.role, 'system');
    assert.match(String(system!.content), /only the code/);
    const text = String(user!.content);
    assert.ok(text.startsWith('File: pkg/calc.py (python)'));
    assert.ok(text.includes('Recently viewed, pkg/util.py:\ndef sub(a, b):'));
    assert.ok(
      text.endsWith('Code, with the cursor marked <CURSOR>:\ndef add(a, b):\n    <CURSOR>\n\nprint(add(1, 2))\n'),
    );
  });
});
