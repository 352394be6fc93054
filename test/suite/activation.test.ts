// The extension activates inside VS Code and registers every command it contributes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension } from './testEnv';

describe('activation', () => {
  it('activates without error', async () => {
    const ext = await activeExtension();
    assert.equal(ext.isActive, true);
  });

  it('registers every command contributed in package.json', async () => {
    const ext = await activeExtension();
    const contributed =
      (ext.packageJSON as { contributes?: { commands?: Array<{ command: string }> } }).contributes?.commands ?? [];
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('gives every contributed command a translated title in the AppleRouter category', async () => {
    const ext = await activeExtension();
    const contributed = (
      ext.packageJSON as { contributes: { commands: Array<{ command: string; title: string; category?: string }> } }
    ).contributes.commands;
    for (const c of contributed) {
      assert.match(c.command, /^applerouter\./, `${c.command} lacks the applerouter. prefix`);
      assert.equal(c.category, 'AppleRouter', `${c.command} is not in the AppleRouter category`);
      // The manifest loader replaces %key% placeholders with package.nls strings.
      assert.doesNotMatch(c.title, /^%.*%$/, `${c.command} has no translated title`);
    }
  });
});
