// A profile's key belongs to its id and its base URL's origin: a changed origin or a reused id gets no key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Services } from '../../src/host/services';
import { activeExtension, gateway, testEnv } from './testEnv';

async function services(): Promise<Services> {
  const api = (await activeExtension()).exports as { services?: Services } | undefined;
  assert.ok(api?.services, 'activate() returned no services in test mode (ExtensionMode.Test)');
  return api.services;
}

async function until(what: string, cond: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cfg = () => vscode.workspace.getConfiguration('applerouter');
const Global = vscode.ConfigurationTarget.Global;

describe('profile keys', function () {
  this.timeout(60_000);

  after(async () => {
    const s = await services();
    await cfg().update('baseUrl', testEnv.baseUrl, Global);
    await cfg().update('profiles', undefined, Global);
    await s.profiles.keyStore('default').delete();
  });

  it('a base URL moved to another origin gets no key, and no request there carries it', async () => {
    const s = await services();
    const key = `sk-origin-${Date.now().toString(36)}`;
    await s.profiles.keyStore('default').set(key);
    // The same test gateway under another name: another origin.
    const elsewhere = testEnv.baseUrl.replace('127.0.0.1', 'localhost');
    assert.notEqual(elsewhere, testEnv.baseUrl);
    await cfg().update('baseUrl', elsewhere, Global);
    await until('the new base URL', () => s.settings.baseUrl === elsewhere.replace(/\/+$/, ''));
    assert.equal(await s.profiles.keyStore('default').get(), undefined);
    await gateway.reset();
    await s
      .getClient('default')
      .listModels()
      .catch(() => undefined);
    for (const r of await gateway.requests())
      assert.ok(!JSON.stringify(r.headers).includes(key), `${r.path} carried the key`);
    await cfg().update('baseUrl', testEnv.baseUrl, Global);
    await until('the old base URL', () => s.settings.baseUrl === testEnv.baseUrl.replace(/\/+$/, ''));
    assert.equal(await s.profiles.keyStore('default').get(), key, 'at its own origin the key is used again');
  });

  it('removing a profile deletes its key; a new profile with the same id starts without one', async () => {
    const s = await services();
    await cfg().update('profiles', [{ id: 'work', baseUrl: testEnv.baseUrl }], Global);
    await until('the profile', () => s.profiles.list().some((p) => p.id === 'work'));
    await s.profiles.keyStore('work').set(`sk-work-${Date.now().toString(36)}`);
    await cfg().update('profiles', [], Global);
    await until(
      'the removed profile key to be deleted',
      async () => (await s.context.secrets.get('applerouter.apiKey.profile.work')) === undefined,
    );
    await cfg().update('profiles', [{ id: 'work', baseUrl: testEnv.baseUrl }], Global);
    await until('the new profile', () => s.profiles.list().some((p) => p.id === 'work'));
    assert.equal(await s.profiles.keyStore('work').get(), undefined);
  });
});
