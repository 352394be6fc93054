// What the Set API Key input box accepts and what it says about obvious mis-pastes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Translate } from '../../../src/core/gateway/types';
import { normalizeApiKey, validateApiKeyInput } from '../../../src/host/apiKey/apiKeyInput';

const t: Translate = (message) => message;

describe('API key input', () => {
  it('accepts real-looking keys, with surrounding whitespace and a pasted Bearer prefix removed', () => {
    for (const value of ['sk-abc123', '  sk-abc123\n', 'Bearer sk-abc123', 'AR-0f9e8d7c.6b5a_4']) {
      assert.equal(validateApiKeyInput(value, t), undefined, value);
    }
    assert.equal(normalizeApiKey('  Bearer   sk-abc123 \r\n'), 'sk-abc123');
  });

  it('refuses empty, spaced, multi-line, non-ASCII, URL and overlong input with a sentence', () => {
    const cases: [string, RegExp][] = [
      ['', /Paste the API key/],
      ['   ', /Paste the API key/],
      ['sk-abc def', /no spaces or line breaks/],
      ['sk-abc\nsk-def', /no spaces or line breaks/],
      ['sk-密钥', /letters, digits and punctuation/],
      ['https://api.applerouter.ai/v1', /looks like a URL/],
      [`sk-${'a'.repeat(600)}`, /too long/],
    ];
    for (const [value, expected] of cases)
      assert.match(validateApiKeyInput(value, t) ?? '(accepted)', expected, JSON.stringify(value));
  });
});
