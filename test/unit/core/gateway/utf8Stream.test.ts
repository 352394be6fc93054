// Utf8Stream against TextDecoder: every way of cutting a body into two or three reads decodes the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Utf8Stream } from '../../../../src/core/gateway/utf8Stream';

const BODY = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from('data: 你好 é 🎉 done\n\n'),
  Buffer.from([0xe4, 0xbd]),
]);

function reference(parts: Uint8Array[]): string {
  const d = new TextDecoder('utf-8');
  return parts.map((p) => d.decode(p, { stream: true })).join('') + d.decode();
}

function ours(parts: Uint8Array[]): string {
  const d = new Utf8Stream();
  return parts.map((p) => d.decode(p)).join('') + d.end();
}

test('every two- and three-way split decodes like a streaming TextDecoder (BOM dropped, a cut-off character kept whole)', () => {
  for (let i = 0; i <= BODY.length; i++) {
    for (let j = i; j <= BODY.length; j += 3) {
      const parts = [BODY.subarray(0, i), BODY.subarray(i, j), BODY.subarray(j)];
      assert.equal(ours(parts), reference(parts), `split at ${i}/${j}`);
    }
  }
  assert.ok(!ours([BODY]).startsWith('\ufeff'));
  assert.ok(ours([BODY]).endsWith('\ufffd'), 'an unfinished character at the end becomes U+FFFD');
});

test('invalid bytes become U+FFFD as with TextDecoder', () => {
  const bad = Buffer.from([0x61, 0xff, 0x62, 0xc3, 0x28, 0xe2, 0x82, 0x63]);
  for (let i = 0; i <= bad.length; i++) {
    const parts = [bad.subarray(0, i), bad.subarray(i)];
    assert.equal(ours(parts), reference(parts), `split at ${i}`);
  }
});
