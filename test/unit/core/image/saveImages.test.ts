// Saving an answer's images against a real loopback server: bytes, signed URLs as issued, redirects, addresses, caps.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import type { ImageItem } from '../../../../src/core';
import { DownloadError } from '../../../../src/core/video';
import { isBlockedAddress } from '../../../../src/core/net';
import {
  editedFileStem,
  imageDimensions,
  imageFileStem,
  NotAnImageError,
  saveImages,
  writeImageFile,
} from '../../../../src/core/image';
import { noisePng, scenePng } from '../../../gateway/images';

const PNG = scenePng(1, 40, 20);
const BIG = noisePng(300_000);
const LOCAL = { allowHttp: true, allowLocalAddresses: true };
const hits: { path: string; auth?: string }[] = [];
let server: http.Server;
let base = '';

function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  hits.push({ path: req.url ?? '', auth: req.headers.authorization });
  switch (url.pathname) {
    case '/signed.png':
      // Like a bucket: only the exact query it issued is accepted.
      if (url.search !== '?X-Expires=99&X-Sig=a%2Bb%3D&z=1')
        return void res.writeHead(403).end('SignatureDoesNotMatch');
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
      return;
    case '/big.png':
      res.writeHead(200, { 'content-type': 'image/png' }).end(BIG);
      return;
    case '/redirect':
      res.writeHead(302, { location: '/signed.png?X-Expires=99&X-Sig=a%2Bb%3D&z=1' }).end();
      return;
    case '/redirect-file':
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      return;
    case '/loop':
      res.writeHead(302, { location: '/loop' }).end();
      return;
    case '/page.png':
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>login</html>');
      return;
    case '/octet.png':
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from('GIF89a not ours'));
      return;
    case '/hang.png':
      res.writeHead(200, { 'content-type': 'image/png' });
      res.write(PNG.subarray(0, 10));
      return;
    default:
      res.writeHead(404).end();
  }
}

const dir = () => mkdtempSync(join(tmpdir(), 'applerouter-images-'));
const visible = (d: string) => readdirSync(d);
const url = (p: string): ImageItem => ({ kind: 'url', url: `${base}${p}` });

describe('saveImages', () => {
  before(async () => {
    server = http.createServer(handler);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => server.close());

  it('writes decoded bytes and downloads a signed URL exactly as issued, without the key, under our own names', async () => {
    const d = dir();
    const r = await saveImages([{ kind: 'bytes', data: PNG }, url('/signed.png?X-Expires=99&X-Sig=a%2Bb%3D&z=1')], {
      dir: d,
      stem: (i) => `fox-${i}`,
      policy: LOCAL,
    });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.files, [join(d, 'fox-0.png'), join(d, 'fox-1.png')]);
    assert.deepEqual(readFileSync(r.files[1]!), PNG);
    assert.deepEqual(visible(d).sort(), ['fox-0.png', 'fox-1.png'], 'no temp file left');
    assert.equal(hits.at(-1)!.auth, undefined);
  });

  it('follows a redirect (checked again) and refuses one to another scheme, leaving nothing on disk', async () => {
    const d = dir();
    const r = await saveImages([url('/redirect'), url('/redirect-file'), url('/loop')], {
      dir: d,
      stem: (i) => `r${i}`,
      policy: LOCAL,
    });
    assert.deepEqual(r.files, [join(d, 'r0.png')]);
    assert.equal(r.failures.length, 2);
    assert.ok(r.failures[0] instanceof DownloadError && r.failures[0].kind === 'refused', String(r.failures[0]));
    assert.ok(r.failures[1] instanceof DownloadError && /too many redirects/.test(r.failures[1].message));
    assert.deepEqual(visible(d), ['r0.png']);
  });

  it('refuses http and local addresses unless the gateway itself is local, also a name that resolves to one', async (t) => {
    const d = dir();
    const strict = { allowHttp: false, allowLocalAddresses: false };
    const r = await saveImages([url('/signed.png')], { dir: d, stem: () => 'x', policy: strict });
    assert.ok(r.failures[0] instanceof DownloadError && r.failures[0].kind === 'refused');
    const before = hits.length;
    const r2 = await saveImages([url('/signed.png')], {
      dir: d,
      stem: () => 'x',
      policy: { allowHttp: true, allowLocalAddresses: false },
    });
    assert.ok(r2.failures[0] instanceof DownloadError && /local address/.test(r2.failures[0].message));
    assert.equal(hits.length, before, 'nothing was sent');
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length === 0 || !addresses.every((a) => isBlockedAddress(a.address)))
      return t.skip(`${name} does not resolve locally here`);
    const r3 = await saveImages([{ kind: 'url', url: `http://${name}:${new URL(base).port}/signed.png` }], {
      dir: d,
      stem: () => 'x',
      policy: { allowHttp: true, allowLocalAddresses: false },
    });
    assert.ok(r3.failures[0] instanceof DownloadError && /resolves to a local address/.test(r3.failures[0].message));
    assert.deepEqual(visible(d), []);
  });

  it('stops at the size cap, and refuses a web page or bytes that are no image; nothing half-written stays', async () => {
    const d = dir();
    const r = await saveImages([url('/big.png'), url('/page.png'), url('/octet.png')], {
      dir: d,
      stem: (i) => `c${i}`,
      policy: LOCAL,
      maxBytes: 100_000,
    });
    assert.equal(r.files.length, 0);
    assert.ok(r.failures[0] instanceof DownloadError && r.failures[0].kind === 'tooLarge');
    assert.ok(r.failures[1] instanceof DownloadError && r.failures[1].kind === 'notVideo');
    assert.match(String((r.failures[1] as Error).message), /expected an image/);
    assert.ok(r.failures[2] instanceof NotAnImageError);
    assert.deepEqual(visible(d), []);
    await assert.rejects(writeImageFile(d, 'y', Buffer.from('<html>')), NotAnImageError);
    assert.deepEqual(visible(d), []);
  });

  it('a cancel mid-download throws and removes what this save wrote', async () => {
    const d = dir();
    const controller = new AbortController();
    const p = saveImages([{ kind: 'bytes', data: PNG }, url('/hang.png')], {
      dir: d,
      stem: (i) => `h${i}`,
      policy: LOCAL,
      signal: controller.signal,
    });
    const deadline = Date.now() + 5000;
    while (!hits.some((h) => h.path === '/hang.png') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    await assert.rejects(p);
    assert.deepEqual(visible(d), []);
  });

  it('never replaces a file: an edit result beside the original gets a free name', async () => {
    const d = dir();
    const original = join(d, 'photo.png');
    writeFileSync(original, PNG);
    writeFileSync(join(d, 'photo-edited.png'), 'earlier result');
    const r = await saveImages([{ kind: 'bytes', data: PNG }], {
      dir: d,
      stem: (i) => editedFileStem(original, i),
      policy: LOCAL,
    });
    assert.deepEqual(r.files, [join(d, 'photo-edited (2).png')]);
    assert.equal(readFileSync(join(d, 'photo-edited.png'), 'utf8'), 'earlier result');
    assert.deepEqual(readFileSync(original), PNG);
  });
});

describe('image names and sizes', () => {
  it('names by date, model and prompt; sizes from PNG, JPEG and WebP headers', () => {
    assert.equal(
      imageFileStem(new Date(2026, 11, 7, 6, 5, 4), 'openai/gpt-image-1', '一只狐狸 in snow!', 1),
      '2026-12-07_060504_openai-gpt-image-1_一只狐狸-in-snow-2',
    );
    const d = new Date(2026, 11, 7, 6, 5, 4);
    assert.equal(imageFileStem(d, '', '!!!'), '2026-12-07_060504_image_image', 'nothing usable: named an image');
    assert.equal(imageFileStem(d, 'm', 'Video'), '2026-12-07_060504_m_video', 'a prompt that says video keeps it');
    assert.equal(editedFileStem('/w/a b.jpg'), 'a b-edited');
    assert.deepEqual(imageDimensions(PNG), { width: 40, height: 20 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 30, 0, 50, 3, 0, 0, 0]);
    assert.deepEqual(imageDimensions(jpeg), { width: 50, height: 30 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0);
    webp.write('WEBPVP8X', 8);
    webp.writeUIntLE(99, 24, 3);
    webp.writeUIntLE(49, 27, 3);
    assert.deepEqual(imageDimensions(webp), { width: 100, height: 50 });
  });
});
