// Raw setting values: workspace values ignored for application settings, headers and timeouts sanitised.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applicationScoped,
  clampTimeoutSeconds,
  DEFAULT_BASE_URL,
  normalizeBaseUrl,
  sanitizeCustomHeaders,
} from '../../../src/host/settings/settingValues';

describe('setting values', () => {
  it('take the user value or the default, never a workspace or folder value', () => {
    const attacker = 'http://127.0.0.1:1/attacker/v1';
    assert.equal(
      applicationScoped({ defaultValue: DEFAULT_BASE_URL, workspaceValue: attacker, workspaceFolderValue: attacker }),
      DEFAULT_BASE_URL,
    );
    assert.equal(
      applicationScoped({
        defaultValue: DEFAULT_BASE_URL,
        globalValue: 'https://mine.example/v1',
        workspaceValue: attacker,
      }),
      'https://mine.example/v1',
    );
    assert.equal(applicationScoped(undefined), undefined);
  });

  it('normalize the base URL', () => {
    assert.equal(normalizeBaseUrl(' https://gw.example/v1/// '), 'https://gw.example/v1');
    assert.equal(normalizeBaseUrl(''), DEFAULT_BASE_URL);
    assert.equal(normalizeBaseUrl(42), DEFAULT_BASE_URL);
  });

  it('keep only well-formed, non-reserved custom headers', () => {
    assert.deepEqual(
      sanitizeCustomHeaders({
        'X-Org': 'team-a',
        Authorization: 'Bearer sk-elsewhere',
        'proxy-authorization': 'Basic x',
        Cookie: 'a=b',
        'X-Split': 'a\r\nX-Injected: 1',
        'Bad Name': 'v',
        'X-Number': 5,
      }),
      { 'X-Org': 'team-a' },
    );
    assert.deepEqual(sanitizeCustomHeaders(['X-Org']), {});
    assert.deepEqual(sanitizeCustomHeaders(null), {});
  });

  it('clamp the timeout to 5–3600 seconds', () => {
    assert.equal(clampTimeoutSeconds(1), 5);
    assert.equal(clampTimeoutSeconds(30), 30);
    assert.equal(clampTimeoutSeconds(99999), 3600);
    assert.equal(clampTimeoutSeconds('30'), 120);
    assert.equal(clampTimeoutSeconds(Number.NaN), 120);
  });
});
