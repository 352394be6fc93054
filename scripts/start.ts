// `npm start`: packages the extension, starts the test gateway and a code-server workbench with it installed, prints the address.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installVsix, makeRunFolders, startCodeServer, writeUserSettings } from '../test/e2e/harness/codeServer';
import { startGateway } from '../test/e2e/harness/gateway';
import { repoRoot } from '../test/e2e/harness/paths';
import { ensureVsix } from '../test/e2e/harness/vsix';

/** The test gateway accepts any key except those starting "sk-bad" (see test/gateway/README.md). */
const DEMO_KEY = 'sk-demo';

const SAMPLE = `// A sample file to try the editor commands on: select a function, right-click, "AppleRouter: Explain Selection".
export function fizzBuzz(n: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) {
    out.push(i % 15 === 0 ? 'FizzBuzz' : i % 3 === 0 ? 'Fizz' : i % 5 === 0 ? 'Buzz' : String(i));
  }
  return out;
}
`;

async function main(): Promise<void> {
  const log = (line: string): void => void process.stdout.write(`${line}\n`);
  log('Packaging the extension (skipped when applerouter-chat.vsix is newer than the sources)…');
  const vsix = ensureVsix();

  // One folder kept between runs, so the workbench's state and saved conversations survive a restart.
  const folders = makeRunFolders(join(repoRoot, '.e2e-cache', 'start'));
  const gateway = await startGateway(join(folders.logs, 'gateway.log'));
  writeUserSettings(folders, { 'applerouter.baseUrl': gateway.baseUrl });
  const sample = join(folders.workspace, 'sample.ts');
  if (!existsSync(sample)) {
    mkdirSync(folders.workspace, { recursive: true });
    writeFileSync(sample, SAMPLE);
  }
  log(`Installing ${vsix} into code-server…`);
  installVsix(folders, vsix);
  const server = await startCodeServer(folders);

  // Ctrl+C: the harness's own SIGINT/SIGTERM handler then kills both process groups by their ids and exits.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.prependOnceListener(signal, () => {
      log(`\nStopping code-server (pid ${server.process.pid}) and the test gateway (pid ${gateway.process.pid}).`);
    });
  }
  for (const p of [server.process, gateway.process]) {
    void p.exited.then(async (code) => {
      process.stderr.write(`${p.name} exited (${code}); logs in ${folders.logs}\n`);
      await Promise.allSettled([server.stop(), gateway.stop()]);
      process.exit(1);
    });
  }

  log('');
  log(`Test gateway:  ${gateway.baseUrl}  (applerouter.baseUrl in the workbench's user settings)`);
  log(`Open in a browser:  ${server.workbenchUrl()}`);
  log('');
  log(`Then, once: Ctrl+Shift+P → "AppleRouter: Set API Key" → type ${DEMO_KEY} (the test gateway takes any key).`);
  log("  The key lives in the browser's storage for this address, so it cannot be put there from here.");
  log(`Logs: ${folders.logs}. Press Ctrl+C to stop everything.`);
}

main().catch((e: unknown) => {
  process.stderr.write(`npm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
  // Exiting runs the harness's exit handler, which kills whatever was already started.
  process.exit(1);
});
