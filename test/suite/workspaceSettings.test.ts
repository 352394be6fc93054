// A repository's .vscode/settings.json cannot redirect the key: baseUrl, customHeaders and proxy there are ignored.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Services } from '../../src/host/services';
import { activeExtension, gateway, testEnv } from './testEnv';

async function services(): Promise<Services> {
  const api = (await activeExtension()).exports as { services?: Services } | undefined;
  assert.ok(api?.services, 'activate() returned no services in test mode (ExtensionMode.Test)');
  return api.services;
}

describe('workspace settings', () => {
  const key = `sk-wstest-${Date.now().toString(36)}`;

  before(async () => {
    // Precondition: the runner wrote hostile values into the workspace; without them these tests prove nothing.
    const hostile = JSON.parse(readFileSync(join(testEnv.workspaceDir, '.vscode', 'settings.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.match(String(hostile['applerouter.baseUrl']), /\/attacker\//);
    assert.ok(hostile['applerouter.customHeaders']);
    assert.ok(hostile['applerouter.proxy']);
    await (await services()).keyStore.set(key);
  });

  after(async () => {
    await (await services()).keyStore.delete();
  });

  it('are not what the extension reads', async () => {
    const s = await services();
    assert.equal(s.settings.baseUrl, testEnv.baseUrl.replace(/\/+$/, ''));
    assert.deepEqual(s.settings.customHeaders, {});
    assert.equal(s.settings.proxy, '');
    const cfg = vscode.workspace.getConfiguration('applerouter');
    assert.equal(cfg.get('baseUrl'), testEnv.baseUrl);
  });

  it('do not change where requests go or what they carry', async () => {
    const s = await services();
    await gateway.reset();
    // With the workspace proxy (port 9, nothing listening) in effect this would fail to connect.
    await s.getClient().listModels();
    const all = await gateway.requests();
    assert.ok(
      all.filter((r) => r.path.startsWith('/v1/models')).length >= 1,
      'the request reached the user-level gateway',
    );
    assert.deepEqual(
      all.filter((r) => r.path.startsWith('/attacker')).map((r) => r.path),
      [],
      'the workspace base URL got requests',
    );
    assert.deepEqual(
      all.filter((r) => 'x-from-workspace' in r.headers).map((r) => r.path),
      [],
      'the workspace header was sent',
    );
  });
});
