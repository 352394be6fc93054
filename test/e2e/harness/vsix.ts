// Makes sure the packaged .vsix (the real artefact users install) is up to date with the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot, vsixPath } from './paths';

/** Everything that ends up in the package; `media/dist` is build output of `src/webview`. */
const inputs = [
  'src',
  'media',
  'l10n',
  'package.json',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'esbuild.mjs',
  '.vscodeignore',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) {
    if (path.endsWith('media') && name === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, name)));
  }
  return newest;
}

export function vsixIsStale(): boolean {
  if (!existsSync(vsixPath)) return true;
  const built = statSync(vsixPath).mtimeMs;
  return inputs.some((p) => newestMtime(join(repoRoot, p)) > built);
}

/**
 * Builds the .vsix with `npm run package` when it is missing or older than its sources; returns its path.
 * APPLEROUTER_E2E_VSIX names a ready-made package to test instead (a release candidate, or a deliberately broken one).
 */
export function ensureVsix(): string {
  const given = process.env.APPLEROUTER_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`APPLEROUTER_E2E_VSIX=${given} does not exist`);
    return given;
  }
  if (!vsixIsStale()) return vsixPath;
  // Test runs in parallel (several people, one checkout) must not write the same package at once.
  const release = acquireLock(join(repoRoot, '.e2e-cache', 'package.lock'));
  try {
    if (!vsixIsStale()) return vsixPath;
    const started = Date.now();
    const r = spawnSync('npm', ['run', '-s', 'package'], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      timeout: 600_000,
    });
    if (r.status !== 0 || !existsSync(vsixPath)) {
      throw new Error(`npm run package failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }
    process.stderr.write(`packaged ${vsixPath} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return vsixPath;
  } finally {
    release();
  }
}

/** A lock folder holding the owner's PID; a lock whose owner is gone is taken over. */
function acquireLock(dir: string): () => void {
  mkdirSync(dirname(dir), { recursive: true });
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      const owner = Number(readFileSyncSafe(join(dir, 'pid')));
      let alive = false;
      try {
        if (owner) process.kill(owner, 0);
        alive = owner > 0;
      } catch {
        alive = false;
      }
      // A lock folder without a PID yet is being created; give its owner a moment.
      if (owner && !alive) rmSync(dir, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${dir} is still held by process ${owner}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

function readFileSyncSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
