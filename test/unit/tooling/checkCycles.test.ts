// The cycle check of npm run lint (scripts/check-cycles.mjs) on planted files, and that the source tree has none.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ESLint } from 'eslint';
// @ts-expect-error: a plain .mjs script without type declarations
import { findCycles } from '../../../scripts/check-cycles.mjs';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function plant(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cycles-'));
  dirs.push(root);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe('lint: import cycles', () => {
  it('finds a cycle made of type-only imports through an index.ts', () => {
    const root = plant({
      'a/index.ts': "export { A } from './a';\n",
      'a/a.ts': "import type { B } from '../b';\nexport class A { b?: B; }\n",
      'b.ts': "import type { A } from './a';\nexport interface B { a: A }\n",
      'c.ts': "import { A } from './a';\nexport const c = new A();\n",
    });
    const cycles: string[][] = findCycles(root);
    assert.equal(cycles.length, 1);
    assert.deepEqual(
      cycles[0].map((f) => path.relative(root, f)),
      ['a/a.ts', 'a/index.ts', 'b.ts'].map((f) => path.normalize(f)),
    );
  });

  it('finds none in an acyclic tree', () => {
    const root = plant({ 'a.ts': "import { b } from './b';\nexport const a = b;\n", 'b.ts': 'export const b = 1;\n' });
    assert.deepEqual(findCycles(root), []);
  });

  it('src/ has no import cycle', () => {
    assert.deepEqual(findCycles('src'), []);
  });

  it('ESLint reports runtime cycles in src/', async () => {
    const config = await new ESLint({ cwd: process.cwd() }).calculateConfigForFile('src/core/gateway/client.ts');
    assert.equal(config.rules['import/no-cycle']?.[0], 2);
  });
});
