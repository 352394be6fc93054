// Runs an extension-host test suite in code-server, taking the command line runTests gives desktop VS Code.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
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
    else if (['--user-data-dir', '--extensions-dir', '--extensionTestsPath', '--extensionDevelopmentPath'].includes(a))
      flags.set(a.slice(2), argv[++i] ?? '');
    // Other desktop flags (--no-sandbox, --disable-updates, …) mean nothing to code-server.
  }
  return { flags, positional };
}

/** Marks the suite's report lines among everything the workbench logs. */
const reportTag = '\u2063applerouter-report\u2063';

async function main(): Promise<number> {
  const { flags, positional } = parse(process.argv.slice(2));
  const testsPath = flags.get('extensionTestsPath');
  const devPath = flags.get('extensionDevelopmentPath');
  if (!testsPath || !devPath) {
    console.error(
      'usage: code-server-test-host --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [--user-data-dir=DIR] [--extensions-dir=DIR] [FOLDER]',
    );
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
    server = await startCodeServer(folders, { smokeTestDriver: true, env: { APPLEROUTER_TEST_REPORT_TAG: reportTag } });
    browser = await openBrowser();
    const page = browser.page;
    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((r) => (finish = r));
    // The workbench forwards its console and the extension host's here. The suite tags its report lines (see
    // test/suite/index.ts) so that only they reach stdout; the workbench's own chatter goes to the run's log.
    const consoleLog = join(folders.logs, 'workbench-console.log');
    await page.exposeFunction('codeAutomationLog', (type: string, args: unknown) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.startsWith(reportTag)) process.stdout.write(`${text.slice(reportTag.length)}\n`);
      else appendFileSync(consoleLog, `[${type}] ${text}\n`);
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
      server.process.exited.then(async (c) => {
        // The workbench may report the exit code just after the server went down.
        const late = await Promise.race([
          exitCode,
          new Promise<undefined>((r) => setTimeout(() => r(undefined), 3000)),
        ]);
        if (late !== undefined) return late;
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
