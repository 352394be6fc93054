// The API key round-trips through SecretStorage, reaches the gateway only as a Bearer header, and never lands in settings.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../../src/host/services';
import { activeExtension, gateway, testEnv } from './testEnv';

/** activate() hands its services to tests only when VS Code runs it in test mode. */
async function services(): Promise<Services> {
  const ext = await activeExtension();
  const api = ext.exports as { services?: Services } | undefined;
  assert.ok(api?.services, 'activate() returned no services in test mode (ExtensionMode.Test)');
  return api.services;
}

/** Every file under `dir` (bounded, so a big cache cannot stall the suite) whose text contains `needle`. */
function filesContaining(dir: string, needle: string): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else if (st.isFile() && st.size < 20_000_000 && readFileSync(p).includes(needle)) hits.push(p);
    }
  };
  walk(dir);
  return hits;
}

describe('API key', () => {
  const key = `sk-hosttest-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

  after(async () => {
    await (await services()).keyStore.delete();
  });

  it('round-trips through SecretStorage', async () => {
    const s = await services();
    await s.keyStore.set(key);
    assert.equal(await s.context.secrets.get('applerouter.apiKey'), key);
    assert.equal(await s.keyStore.get(), key);
  });

  it('never appears in settings, global state or any file of the profile and workspace', async () => {
    const s = await services();
    assert.equal(await s.keyStore.get(), key, 'precondition: the key is stored');
    // Let VS Code flush state it writes lazily before looking at the disk.
    await new Promise((r) => setTimeout(r, 1500));
    assert.doesNotMatch(readFileSync(testEnv.userSettingsFile, 'utf8'), new RegExp(key));
    assert.equal(
      JSON.stringify(vscode.workspace.getConfiguration('applerouter')).includes(key),
      false,
      'key in the applerouter settings',
    );
    for (const k of s.context.globalState.keys()) {
      assert.equal(
        JSON.stringify(s.context.globalState.get(k) ?? null).includes(key),
        false,
        `key in globalState ${k}`,
      );
    }
    assert.deepEqual(filesContaining(testEnv.userDataDir, key), []);
    assert.deepEqual(filesContaining(testEnv.workspaceDir, key), []);
  });

  it('is sent as a Bearer header to the user-level base URL', async () => {
    const s = await services();
    await gateway.reset();
    const models = await s.getClient().listModels();
    assert.ok(
      models.some((m) => m.id === 'gpt-4o'),
      'the test gateway lists gpt-4o',
    );
    // Other features (the chat's model list) may also ask for /models once a key is set; every request carries it.
    const seen = (await gateway.requests()).filter((r) => r.path.startsWith('/v1/models'));
    assert.ok(seen.length >= 1, 'GET /v1/models reached the gateway');
    for (const r of seen) assert.equal(r.headers.authorization, `Bearer ${key}`);
  });

  it('is kept when the Set API Key input box is dismissed', async () => {
    const s = await services();
    const result = vscode.commands.executeCommand<{ outcome: string }>('applerouter.setApiKey');
    let settled = false;
    void result.then(
      () => (settled = true),
      () => (settled = true),
    );
    // Close the input box as soon as it is shown (retrying until the command has opened it).
    for (let i = 0; i < 100 && !settled; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
    assert.deepEqual(await result, { outcome: 'dismissed' });
    assert.equal(await s.keyStore.get(), key);
    assert.equal(await s.context.secrets.get('applerouter.apiKey'), key);
  });

  it('is gone from SecretStorage once removed', async () => {
    const s = await services();
    await s.keyStore.delete();
    assert.equal(await s.context.secrets.get('applerouter.apiKey'), undefined);
    assert.equal(await s.keyStore.get(), undefined);
  });
});
