// Unit tests of the preview's message check and the reference-image check (pure logic).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseVideoWebviewMessage } from '../../../../src/shared/video/videoProtocol';
import { sniffImageType, MAX_REFERENCE_BYTES } from '../../../../src/core/video/videoReferenceImage';

test('valid webview messages pass; anything else is refused', () => {
  assert.deepEqual(parseVideoWebviewMessage({ type: 'video/ready' }), { type: 'video/ready' });
  assert.deepEqual(parseVideoWebviewMessage({ type: 'video/action', action: 'saveAs', index: 0 }), {
    type: 'video/action',
    action: 'saveAs',
    index: 0,
  });
  assert.deepEqual(
    parseVideoWebviewMessage({ type: 'video/media', event: 'error', index: 1, detail: 'x'.repeat(1000) })?.type,
    'video/media',
  );
  assert.equal(
    (
      parseVideoWebviewMessage({ type: 'video/media', event: 'error', index: 1, detail: 'x'.repeat(1000) }) as {
        detail: string;
      }
    ).detail.length,
    300,
  );
  for (const bad of [
    null,
    'video/ready',
    { type: 'video/action', action: 'rm -rf', index: 0 },
    { type: 'video/action', action: 'saveAs', index: -1 },
    { type: 'video/action', action: 'saveAs', index: 1.5 },
    { type: 'video/action', action: 'saveAs' },
    { type: 'video/media', event: 'play', index: 0 },
    { type: 'chat/send' },
  ]) {
    assert.equal(parseVideoWebviewMessage(bad), undefined, JSON.stringify(bad));
  }
});

test('reference images are recognised by their bytes', () => {
  assert.equal(sniffImageType(Buffer.from('89504e470d0a1a0a0000', 'hex')), 'image/png');
  assert.equal(sniffImageType(Buffer.from('ffd8ffe000104a464946', 'hex')), 'image/jpeg');
  assert.equal(
    sniffImageType(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')])),
    'image/webp',
  );
  assert.equal(sniffImageType(Buffer.from('GIF89a')), undefined);
  assert.equal(sniffImageType(Buffer.from('<svg xmlns=')), undefined);
  assert.equal(sniffImageType(new Uint8Array()), undefined);
  assert.equal(MAX_REFERENCE_BYTES, 10 * 1024 * 1024);
});
