// Installs the extension's npm dependencies when they are missing or differ from the lockfile, so that
// `npm start`, `npm run package` and `npm test` work on a fresh clone by themselves.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync } from 'node:fs';

/** The `packages` table of a lockfile (npm keeps its own copy of what it installed in node_modules). */
const packagesOf = (file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).packages ?? {};
  } catch {
    return undefined;
  }
};

// A checkout touches package-lock.json's time without changing it, so the installed set is compared by content.
const wanted = packagesOf('package-lock.json') ?? {};
const installed = packagesOf('node_modules/.package-lock.json');
const stale =
  installed === undefined ||
  Object.entries(wanted).some(([path, p]) => path !== '' && !p.optional && p.version !== installed[path]?.version);

if (stale && existsSync('node_modules') && lstatSync('node_modules').isSymbolicLink()) {
  // A linked node_modules is another tree's install: reinstalling here would empty it under that tree.
  console.warn('node_modules is a symbolic link and differs from package-lock.json: run npm ci where it points.');
} else if (stale) {
  console.log('installing npm dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
