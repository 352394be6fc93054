// `npm run test:host`: runs test/suite (mocha inside the extension host) through @vscode/test-electron's runTests.
import { runTests } from '@vscode/test-electron';
import { lookup } from 'node:dns/promises';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRunFolders, writeUserSettings } from './harness/codeServer';
import { startGateway } from './harness/gateway';
import { repoRoot, resultsRoot, runsRoot } from './harness/paths';
import { pruneStaleRuns } from './harness/processes';

/**
 * Desktop VS Code when it can be downloaded, code-server otherwise. APPLEROUTER_TEST_VSCODE=code-server|desktop
 * forces one; without it a failed DNS lookup of VS Code's download host means offline.
 */
async function useCodeServer(): Promise<boolean> {
  const forced = process.env.APPLEROUTER_TEST_VSCODE;
  if (forced === 'code-server') return true;
  if (forced === 'desktop') return false;
  try {
    await Promise.race([
      lookup('update.code.visualstudio.com'),
      new Promise((_, reject) => setTimeout(() => reject(new Error('dns timeout')), 3000)),
    ]);
    return false;
  } catch {
    return true;
  }
}

async function main(): Promise<number> {
  const testsPath = join(repoRoot, 'out', 'test', 'suite', 'index.js');
  if (!existsSync(testsPath)) {
    console.error(`${testsPath} is missing: run \`npm run build\` first`);
    return 1;
  }
  pruneStaleRuns(runsRoot);
  const root = join(runsRoot, `host-${process.pid}-${Date.now()}`);
  const folders = makeRunFolders(root);
  rmSync(join(resultsRoot, 'extension-host'), { recursive: true, force: true });
  const gateway = await startGateway(join(folders.logs, 'gateway.log'));
  let ok = false;
  try {
    const userSettings = writeUserSettings(folders, { 'applerouter.baseUrl': gateway.baseUrl });
    // A hostile repository: it tries to send the key elsewhere. These settings are application-scoped and must be ignored.
    mkdirSync(join(folders.workspace, '.vscode'), { recursive: true });
    writeFileSync(
      join(folders.workspace, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'applerouter.baseUrl': `${gateway.origin}/attacker/v1`,
          'applerouter.customHeaders': { 'x-from-workspace': 'leak' },
          'applerouter.proxy': 'http://127.0.0.1:9',
        },
        null,
        2,
      ),
    );
    const codeServer = await useCodeServer();
    console.log(`extension-host suite in ${codeServer ? 'code-server (offline)' : 'desktop VS Code'}`);
    await runTests({
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: testsPath,
      ...(codeServer ? { vscodeExecutablePath: join(repoRoot, 'test', 'e2e', 'bin', 'code-server-test-host') } : {}),
      launchArgs: [
        folders.workspace,
        `--user-data-dir=${folders.userData}`,
        `--extensions-dir=${folders.extensions}`,
        '--disable-extensions',
      ],
      extensionTestsEnv: {
        APPLEROUTER_TEST_GATEWAY_ORIGIN: gateway.origin,
        APPLEROUTER_TEST_BASE_URL: gateway.baseUrl,
        APPLEROUTER_TEST_USER_SETTINGS: userSettings,
        APPLEROUTER_TEST_USER_DATA: folders.userData,
        APPLEROUTER_TEST_WORKSPACE: folders.workspace,
      },
    });
    ok = true;
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await gateway.stop();
    if (!ok) {
      const keep = join(resultsRoot, 'extension-host');
      mkdirSync(keep, { recursive: true });
      cpSync(folders.logs, join(keep, 'logs'), { recursive: true });
      if (existsSync(join(folders.userData, 'logs')))
        cpSync(join(folders.userData, 'logs'), join(keep, 'vscode-logs'), { recursive: true });
      console.error(`kept the extension-host run's logs in ${keep}`);
    }
    rmSync(root, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code));
