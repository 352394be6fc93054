// Makes sure the packaged .vsix (the real artefact users install) is up to date with the sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, vsixPath } from './paths';

/** Everything that ends up in the package; `media/dist` is build output of `src/webview`. */
const inputs = ['src', 'media', 'l10n', 'package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'esbuild.mjs', '.vscodeignore', 'README.md'];

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
  const started = Date.now();
  const r = spawnSync('npm', ['run', '-s', 'package'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26, timeout: 600_000 });
  if (r.status !== 0 || !existsSync(vsixPath)) {
    throw new Error(`npm run package failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  process.stderr.write(`packaged ${vsixPath} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return vsixPath;
}
