// `npm run test:unit`: runs every test/unit/**/*.test.ts with node:test through tsx (Node 20 has no --test globs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}
const filter = process.argv.slice(2);
const files = find('test/unit')
  .sort()
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)));
// Without files node:test would fall back to its own default globs; a filter that matches nothing is a mistake.
if (files.length === 0) {
  console.error(`no test file under test/unit matches ${filter.join(', ') || 'anything'}`);
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
