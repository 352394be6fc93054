// The manifest's promises about workspaces: what a repository's settings may change, and what works in Restricted Mode.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

interface Property {
  scope?: string;
}
const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  capabilities?: {
    untrustedWorkspaces?: { supported: boolean | 'limited'; restrictedConfigurations?: string[] };
    virtualWorkspaces?: boolean | { supported: boolean | 'limited' };
  };
  contributes: { configuration: { properties: Record<string, Property> } };
};
const properties = manifest.contributes.configuration.properties;

describe('manifest', () => {
  it('settings that send the key elsewhere, spend credits or raise caps are application-scoped', () => {
    for (const key of [
      'applerouter.baseUrl',
      'applerouter.customHeaders',
      'applerouter.proxy',
      'applerouter.requestTimeoutSeconds',
      'applerouter.video.confirmPaidCredits',
      'applerouter.video.maxDownloadMB',
      'applerouter.context.maxChars',
      'applerouter.completions.enabled',
      'applerouter.completions.exclude',
    ]) {
      assert.equal(properties[key]?.scope, 'application', key);
    }
  });

  it('Restricted Mode is supported in part: every setting a workspace could set is restricted', () => {
    const untrusted = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    const windowScoped = Object.entries(properties)
      .filter(([, p]) => p.scope !== 'application' && p.scope !== 'machine')
      .map(([k]) => k)
      .sort();
    assert.ok(windowScoped.includes('applerouter.model'));
    assert.deepEqual([...(untrusted?.restrictedConfigurations ?? [])].sort(), windowScoped);
  });

  it('virtual workspaces are declared', () => {
    const v = manifest.capabilities?.virtualWorkspaces;
    assert.ok(v === true || (typeof v === 'object' && v.supported !== undefined), JSON.stringify(v));
  });
});
