// Post-processing of a completion: Markdown fences, the block cut, and never repeating the text after the cursor.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  blockEnd,
  cutCompletion,
  dedupeLineSuffix,
  dedupeSuffixLines,
  finishCompletion,
  stripFences,
} from '../../../../src/core/completions/postProcess';

const ml = (prefix: string, suffix = '') => ({ prefix, suffix, multiline: true });
const sl = (prefix: string, suffix: string) => ({ prefix, suffix, multiline: false });

describe('suffix de-duplication', () => {
  test('the closers already after the cursor are not suggested again', () => {
    assert.equal(dedupeLineSuffix('a, b)', ');'), 'a, b');
    assert.equal(dedupeLineSuffix('a, b);', ');'), 'a, b');
    assert.equal(dedupeLineSuffix("'x']", "']"), "'x");
  });

  test('a closer the suggestion opened itself stays', () => {
    assert.equal(dedupeLineSuffix('bar()', ')'), 'bar()');
    assert.equal(dedupeLineSuffix('x', ')'), 'x');
  });

  test('a one-line suggestion never ends with the rest of the line', () => {
    assert.deepEqual(cutCompletion('points.length);', sl('  return sum / (', ');')), {
      text: 'points.length',
      complete: false,
    });
  });

  test('lines the suffix already has are dropped from the end of a multi-line suggestion', () => {
    const suffix = '\n  return total;\n}\n';
    assert.equal(dedupeSuffixLines('x = 1;\n  y = 2;\n  return total;\n}', suffix), 'x = 1;\n  y = 2;');
    assert.equal(
      finishCompletion('const dx = 1;\n  return total;\n}', ml('function f() {\n  ', suffix)),
      'const dx = 1;',
    );
  });

  test('an answer that is only the suffix again is no suggestion', () => {
    assert.equal(finishCompletion('}', ml('function f() {\n  return 1;\n', '}\n')), '');
  });
});

describe('block cut', () => {
  test('a new block ends with its closing line', () => {
    const prefix = 'export function scale(p: Point, factor: number): Point {\n';
    const raw = 'return { x: p.x * factor, y: p.y * factor };\n}\n\nexport function other() {\n';
    // The cursor is on an empty line inside the function: the body's indentation is the level, so `}` is below it.
    assert.equal(finishCompletion(raw, ml(prefix + '  ')), 'return { x: p.x * factor, y: p.y * factor };');
  });

  test('a function opened on the cursor line is completed up to its closing brace, not beyond', () => {
    const raw = ' {\n  return a + b;\n}\n\nexport function sub(a, b) {\n  return a - b;\n}\n';
    assert.equal(finishCompletion(raw, ml('export function add(a, b)')), ' {\n  return a + b;\n}');
  });

  test('the suggestion stops before a line indented less than the cursor line', () => {
    const prefix = 'function f() {\n  if (x) {\n    ';
    assert.equal(finishCompletion('y();\n    z();\n  }\n}\n', ml(prefix)), 'y();');
  });

  test('statements in a block the suggestion opened are kept', () => {
    const prefix = 'function f() {\n  ';
    const raw = 'for (const p of ps) {\n    total += p;\n    count++;\n  }\n  return total;\n';
    assert.equal(finishCompletion(raw, ml(prefix)), 'for (const p of ps) {\n    total += p;\n    count++;\n  }');
  });

  test('the block end is reported while streaming, as soon as it is decided', () => {
    const prefix = 'function f() {\n  ';
    assert.equal(cutCompletion('for (const p of ps) {\n    total += p;\n', ml(prefix)).complete, false);
    assert.equal(
      cutCompletion('for (const p of ps) {\n    total += p;\n  }', ml(prefix)).complete,
      false,
      'the closing line may still grow',
    );
    assert.equal(cutCompletion('for (const p of ps) {\n    total += p;\n  }\n', ml(prefix)).complete, true);
    assert.equal(blockEnd('a;\n  b;\n', '  ')?.end, 3);
  });

  test('a one-line slot ends at the first line break', () => {
    assert.deepEqual(cutCompletion('a + b;\nmore', sl('  return ', ' // note')), { text: 'a + b;', complete: true });
  });

  test('two blank lines end a suggestion', () => {
    assert.equal(finishCompletion('a();\n\n\n\nb();', ml('')), 'a();');
  });
});

describe('chat answers', () => {
  test('Markdown fences are removed, and an open fence is not shown', () => {
    assert.deepEqual(stripFences('```ts\nreturn 1;\n```\nExplanation'), { text: 'return 1;\n', pending: false });
    assert.deepEqual(stripFences('```typ'), { text: '', pending: true });
    assert.equal(finishCompletion('```ts\nreturn 1;\n```', ml('function f() {\n  ', '\n}')), 'return 1;');
  });

  test('a closed fence completes the suggestion', () => {
    assert.equal(cutCompletion('```\nx\n```', ml('')).complete, true);
  });
});
