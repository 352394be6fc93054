// `npm test`: runs lint, then the unit, extension-host and UI suites in turn, and ends with one summary line.
// Every suite always runs: a missing suite folder makes its command fail, never silently drops it.
import { spawnSync } from 'node:child_process';

const suites = [
  // A check, not a test suite: it counts problems, not tests.
  { name: 'lint', cmd: 'npm', args: ['run', '-s', 'lint'], check: true },
  { name: 'unit', cmd: 'npm', args: ['run', '-s', 'test:unit'] },
  { name: 'extension-host', cmd: 'npm', args: ['run', '-s', 'test:host'] },
  { name: 'ui', cmd: 'npm', args: ['run', '-s', 'test:ui'] },
];

const results = [];
for (const s of suites) {
  const started = Date.now();
  const r = spawnSync(s.cmd, s.args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(r.stdout ?? '');
  const out = r.stdout ?? '';
  // node:test's spec reporter ends with "ℹ pass N" / "ℹ fail N"; mocha with "N passing" / "N failing".
  const num = (re) => {
    const m = [...out.matchAll(re)].pop();
    return m ? Number(m[1]) : 0;
  };
  const passed = num(/^ℹ pass (\d+)/gm) + num(/^\s*(\d+) passing/gm);
  // A node:test test cancelled because its parent failed did not pass either.
  const failed = num(/^ℹ fail (\d+)/gm) + num(/^ℹ cancelled (\d+)/gm) + num(/^\s*(\d+) failing/gm);
  const ok = r.status === 0;
  const seconds = (Date.now() - started) / 1000;
  if (s.check) {
    // ESLint ends a failing run with "✖ N problems (…)"; a failed check counts as one failure in the total.
    results.push({
      name: s.name,
      check: true,
      problems: ok ? 0 : Math.max(num(/^✖ (\d+) problems?/gm), 1),
      passed: 0,
      failed: ok ? 0 : 1,
      seconds,
      ok,
    });
    continue;
  }
  results.push({ name: s.name, passed, failed: ok ? failed : Math.max(failed, 1), seconds, ok });
}

console.log('\n── test summary ──');
for (const r of results) {
  const what = r.check ? `${r.problems} problems` : `${r.passed} passed, ${r.failed} failed`;
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${what} (${r.seconds.toFixed(1)} s)`);
}
const passed = results.reduce((a, r) => a + r.passed, 0);
const failed = results.reduce((a, r) => a + r.failed, 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
