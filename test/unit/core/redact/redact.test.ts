// The log's second line of defence: keys, auth headers and proxy credentials never reach the channel.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redactSecrets } from '../../../../src/core/redact';

describe('redactSecrets', () => {
  it('masks sk- keys wherever they appear', () => {
    const out = redactSecrets('request failed for key sk-abc123DEF456ghi789 (sk-proj-XyZ_0987654321-abc)');
    assert.doesNotMatch(out, /abc123DEF456ghi789|XyZ_0987654321/);
    assert.match(out, /sk-\*\*\*/);
  });

  it('masks Authorization and Proxy-Authorization values in header lines and JSON', () => {
    for (const text of [
      'Authorization: Bearer my-opaque-token-value',
      'authorization=Bearer my-opaque-token-value',
      '{"Authorization":"Bearer my-opaque-token-value"}',
      'Proxy-Authorization: Basic bXktb3BhcXVlLXRva2VuLXZhbHVl',
      "headers: { authorization: 'my-opaque-token-value' }",
    ]) {
      const out = redactSecrets(text);
      assert.doesNotMatch(out, /my-opaque-token-value|bXktb3BhcXVlLXRva2VuLXZhbHVl/, text);
      assert.match(out, /\*\*\*/, text);
    }
  });

  it('masks a bare Bearer token', () => {
    assert.equal(redactSecrets('sent Bearer abc.def-ghi_123'), 'sent Bearer ***');
  });

  it('masks the current key by its exact value even when it looks like nothing special', () => {
    const key = 'AR9f8e7d6c5b4a';
    const out = redactSecrets(`echo: the gateway said ${key} is invalid; ${key}`, [key]);
    assert.equal(out, 'echo: the gateway said *** is invalid; ***');
  });

  it('masks credentials in URLs but keeps the host', () => {
    assert.equal(
      redactSecrets('using the proxy http://alice:s3cret@10.0.0.2:3128'),
      'using the proxy http://***@10.0.0.2:3128',
    );
  });

  it('leaves ordinary text, URLs, model ids and request ids alone', () => {
    const text =
      'POST http://127.0.0.1:8787/v1/chat/completions model=gpt-4o 401 无效的令牌 (request id: 20250101abc) task-12 ask-me';
    assert.equal(redactSecrets(text, [undefined, '', 'abc']), text);
  });
  it('masks a URL password that holds a raw @ up to the last @ of the authority', () => {
    const out = redactSecrets(
      'proxy http://alice:p@ss@proxy.example:3128/x failed; see https://h.example/a?mail=a@b.c',
    );
    assert.equal(out, 'proxy http://***@proxy.example:3128/x failed; see https://h.example/a?mail=a@b.c');
  });

  it('masks credentials in JSON-escaped URLs (escaped slashes, \\u0040 for @)', () => {
    for (const text of [
      '{"url":"https:\\/\\/user:pw-secret@gw.example\\/v1"}',
      '{"url":"https://user:pw-secret\\u0040gw.example/v1"}',
      '{"url":"https:\\/\\/user:p@w-secret\\u0040gw.example\\/v1"}',
    ]) {
      const out = redactSecrets(text);
      assert.doesNotMatch(out, /pw-secret|p@w|user:/, `${text} → ${out}`);
      assert.match(out, /gw\.example/, 'the host stays');
    }
  });
});
