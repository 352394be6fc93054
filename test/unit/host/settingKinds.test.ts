// Every contributed setting has a stated kind: what a workspace's value may do to it (nothing, lower it, turn it off, anything).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SETTING_KINDS, type SettingKind } from '../../../src/host/settings/settingKinds';

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { scope?: string }> } };
};
const properties = manifest.contributes.configuration.properties;

/**
 * The kind of every setting, stated here on purpose: a new setting fails this test until someone decides what a
 * repository's value may do to it.
 */
const EXPECTED: Record<string, SettingKind> = {
  'applerouter.baseUrl': 'user',
  'applerouter.customHeaders': 'user',
  'applerouter.profiles': 'user',
  'applerouter.proxy': 'user',
  'applerouter.requestTimeoutSeconds': 'user',
  'applerouter.videoModel': 'free',
  'applerouter.video.endpoint': 'free',
  'applerouter.video.confirmPaidCredits': 'user',
  'applerouter.video.idleTimeoutMinutes': 'free',
  'applerouter.video.saveFolder': 'user',
  'applerouter.video.maxDownloadMB': 'user',
  'applerouter.video.pollIntervalSeconds': 'free',
  'applerouter.explainInNewChat': 'free',
  'applerouter.context.maxChars': 'user',
  'applerouter.model': 'free',
  'applerouter.systemPrompt': 'free',
  'applerouter.temperature': 'free',
  'applerouter.maxTokens': 'lowerOnly',
  'applerouter.topP': 'free',
  'applerouter.modelParameters': 'lowerOnly',
  'applerouter.tools.enabled': 'offOnly',
  'applerouter.tools.vscodeTools': 'offOnly',
  'applerouter.tools.maxRounds': 'lowerOnly',
  'applerouter.tools.confirmReadOnly': 'user',
  'applerouter.rules.enabled': 'offOnly',
  'applerouter.balance.warnBelow': 'free',
  'applerouter.balance.refreshMinutes': 'free',
  'applerouter.completions.enabled': 'user',
  'applerouter.completions.model': 'user',
  'applerouter.completions.endpoint': 'user',
  'applerouter.completions.languages': 'offOnly',
  'applerouter.completions.exclude': 'user',
  'applerouter.secretFiles': 'user',
  'applerouter.image.confirmPaidCredits': 'user',
  'applerouter.contextWindow': 'user',
  'applerouter.compaction.summaryModel': 'user',
};

const kinds = Object.fromEntries(Object.entries(SETTING_KINDS).map(([k, v]) => [`applerouter.${k}`, v]));

describe('setting kinds', () => {
  it('every contributed setting is classified, here and in the table the accessors follow', () => {
    for (const key of Object.keys(properties)) {
      assert.ok(EXPECTED[key], `${key} has no stated kind: decide what a workspace's value may do to it`);
      assert.equal(kinds[key], EXPECTED[key], `${key}: settingKinds.ts says ${kinds[key]}`);
    }
    assert.deepEqual(Object.keys(kinds).sort(), Object.keys(properties).sort(), 'the table names only real settings');
  });

  it('user-only settings are application- or machine-scoped in the manifest, and only they are', () => {
    for (const [key, kind] of Object.entries(EXPECTED)) {
      const scope = properties[key]?.scope ?? 'window';
      assert.equal(
        kind === 'user',
        scope === 'application' || scope === 'machine',
        `${key}: ${kind} but scope ${scope}`,
      );
    }
  });

  it('settings that choose a model for background work, raise caps or turn features on are never free', () => {
    for (const key of [
      'applerouter.completions.model',
      'applerouter.completions.endpoint',
      'applerouter.completions.enabled',
      'applerouter.tools.maxRounds',
      'applerouter.modelParameters',
      'applerouter.maxTokens',
      'applerouter.tools.enabled',
      'applerouter.tools.vscodeTools',
      'applerouter.rules.enabled',
      'applerouter.context.maxChars',
      'applerouter.video.maxDownloadMB',
    ])
      assert.notEqual(EXPECTED[key], 'free', key);
  });
});
