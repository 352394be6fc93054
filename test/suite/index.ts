// Entry of the extension-host suite: VS Code (or code-server) loads this module and awaits run().
import Mocha from 'mocha';
import { format } from 'node:util';

export async function run(): Promise<void> {
  // In code-server the report travels through the browser console with the workbench's own messages; the
  // launcher (test/e2e/harness/hostLauncher.ts) sets a tag so it can tell the report's lines apart.
  const tag = process.env.APPLEROUTER_TEST_REPORT_TAG;
  if (tag) Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(tag + format(...args));
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  // The test files are bundled into this module; requiring them after pre-require gives them mocha's globals.
  mocha.suite.emit('pre-require', globalThis, 'extension-host', mocha);
  /* eslint-disable @typescript-eslint/no-require-imports -- a static import would run before pre-require. */
  require('./activation.test');
  require('./apiKey.test');
  require('./workspaceSettings.test');
  require('./languageModel.test');
  require('./profileKeys.test');
  /* eslint-enable @typescript-eslint/no-require-imports */
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) =>
      failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve(),
    );
  });
}
