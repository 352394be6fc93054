// Entry of the extension-host suite: VS Code (or code-server) loads this module and awaits run().
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  // The test files are bundled into this module; requiring them after pre-require gives them mocha's globals.
  mocha.suite.emit('pre-require', globalThis, 'extension-host', mocha);
  require('./activation.test');
  require('./apiKey.test');
  require('./workspaceSettings.test');
  await new Promise<void>((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed`)) : resolve()));
  });
}
