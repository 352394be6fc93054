// Runs an extension-host test suite in code-server, taking the command line runTests gives desktop VS Code.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { openBrowser, type BrowserSession } from './browser';
import { makeRunFolders, startCodeServer, type CodeServer } from './codeServer';
import { resultsRoot, runsRoot } from './paths';

function parse(argv: readonly string[]) {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
    else if (['--user-data-dir', '--extensions-dir', '--extensionTestsPath', '--extensionDevelopmentPath'].includes(a)) flags.set(a.slice(2), argv[++i] ?? '');
    // Other desktop flags (--no-sandbox, --disable-updates, …) mean nothing to code-server.
  }
  return { flags, positional };
}

async function main(): Promise<number> {
  const { flags, positional } = parse(process.argv.slice(2));
  const testsPath = flags.get('extensionTestsPath');
  const devPath = flags.get('extensionDevelopmentPath');
  if (!testsPath || !devPath) {
    console.error('usage: code-server-test-host --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=DIR] [--extensions-dir=DIR] [FOLDER]');
    return 2;
  }
  const userData = flags.get('user-data-dir');
  const root = userData ? dirname(resolve(userData)) : join(runsRoot, `host-${process.pid}-${Date.now()}`);
  const folders = makeRunFolders(root, {
    ...(userData ? { userData: resolve(userData) } : {}),
    ...(flags.get('extensions-dir') ? { extensions: resolve(flags.get('extensions-dir')!) } : {}),
    ...(positional[0] ? { workspace: resolve(positional[0]) } : {}),
  });
  const timeoutMs = Number(process.env.APPLEROUTER_HOST_TEST_TIMEOUT_MS ?? 300_000);
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    server = await startCodeServer(folders, { smokeTestDriver: true });
    browser = await openBrowser();
    const page = browser.page;
    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((r) => (finish = r));
    // The workbench forwards the extension host's console here and reports the suite's exit code.
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: number) => finish(Number(code)));
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server!.port}${resolve(p)}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(devPath)],
      ['extensionTestsPath', remote(testsPath)],
    ]);
    await page.goto(server.workbenchUrl({ payload }));
    const code = await Promise.race([
      exitCode,
      new Promise<number>((r) => (timer = setTimeout(() => r(-1), timeoutMs))),
      server.process.exited.then((c) => {
        console.error(`code-server exited (${c}) before the suite finished`);
        return 1;
      }),
    ]);
    if (code === -1) {
      console.error(`the extension-host suite did not finish within ${timeoutMs} ms`);
      const dir = join(resultsRoot, 'extension-host');
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, 'timeout.png'), animations: 'disabled' }).catch(() => undefined);
      return 1;
    }
    return code;
  } finally {
    clearTimeout(timer);
    await browser?.close();
    await server?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
