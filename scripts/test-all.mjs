// `npm test`: runs the unit, extension-host and UI suites in turn and ends with one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const suites = [
  { name: 'unit', cmd: 'npm', args: ['run', '-s', 'test:unit'], when: () => true },
  { name: 'extension-host', cmd: 'npm', args: ['run', '-s', 'test:host'], when: () => existsSync('test/suite/index.ts') },
  { name: 'ui', cmd: 'npm', args: ['run', '-s', 'test:ui'], when: () => existsSync('test/e2e/ui') },
];

const results = [];
for (const s of suites) {
  if (!s.when()) continue;
  const started = Date.now();
  const r = spawnSync(s.cmd, s.args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  const out = r.stdout ?? '';
  // node:test's spec reporter ends with "ℹ pass N" / "ℹ fail N"; mocha with "N passing" / "N failing".
  const num = (re) => { const m = [...out.matchAll(re)].pop(); return m ? Number(m[1]) : 0; };
  const passed = num(/^ℹ pass (\d+)/gm) + num(/^\s*(\d+) passing/gm);
  // A node:test test cancelled because its parent failed did not pass either.
  const failed = num(/^ℹ fail (\d+)/gm) + num(/^ℹ cancelled (\d+)/gm) + num(/^\s*(\d+) failing/gm);
  const ok = r.status === 0;
  results.push({ name: s.name, passed, failed: ok ? failed : Math.max(failed, 1), seconds: (Date.now() - started) / 1000, ok });
}

console.log('\n── test summary ──');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(1)} s)`);
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
