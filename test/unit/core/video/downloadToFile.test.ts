// Downloader tests against a real loopback HTTP server: cap, drop and Range resume, cleanup, refusals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { lookup } from 'node:dns/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  DownloadError,
  checkDownloadUrl,
  downloadToFile,
  moveToUniqueName,
  strongValidator,
} from '../../../../src/core/video/downloadToFile';
import { downloadPolicyFor, isLocalAddress } from '../../../../src/core/video/downloadPolicy';

const BODY = randomBytes(200_000);
const LOCAL = { allowHttp: true, allowLocalAddresses: true };
let server: http.Server;
let base = '';
let other: http.Server;
let otherBase = '';
const hits: { path: string; range?: string; auth?: string; ifRange?: string }[] = [];
let dropsLeft = 0;

/** Serves BODY in several routes that misbehave in the ways the downloader must survive. */
function handler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  hits.push({ path: url.pathname, range: req.headers.range, auth: req.headers.authorization });
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const start = range ? Number(range[1]) : 0;
  switch (url.pathname) {
    case '/ok.mp4':
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BODY.length, etag: '"v1"' });
      res.end(BODY);
      return;
    case '/drop.mp4': {
      // Ranges honoured; the first `dropsLeft` responses break half way through.
      const slice = BODY.subarray(start);
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'video/mp4',
        'accept-ranges': 'bytes',
        etag: '"v1"',
        'content-length': slice.length,
      };
      if (range) headers['content-range'] = `bytes ${start}-${BODY.length - 1}/${BODY.length}`;
      res.writeHead(range ? 206 : 200, headers);
      if (dropsLeft > 0) {
        dropsLeft--;
        // The drop comes once the client has had time to take in the half it was sent (its reads pause while the file
        // catches up, and a reset discards what it has not read yet), so the resume offset does not depend on load.
        res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => setTimeout(() => res.socket?.destroy(), 300));
        return;
      }
      res.end(slice);
      return;
    }
    case '/drop-no-range.mp4':
      // Ignores Range: always the whole file with 200; the first response breaks.
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BODY.length });
      if (dropsLeft > 0) {
        dropsLeft--;
        res.write(BODY.subarray(0, 50_000), () => setTimeout(() => res.socket?.destroy(), 20));
        return;
      }
      res.end(BODY);
      return;
    case '/drop-validator.mp4': {
      // Ranges honoured, the first response breaks; its validator comes from the query: none, weak or Last-Modified.
      const kind = url.searchParams.get('v');
      const slice = BODY.subarray(start);
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'video/mp4',
        'accept-ranges': 'bytes',
        'content-length': slice.length,
      };
      if (kind === 'weak') headers.etag = 'W/"v1"';
      if (kind === 'date') headers['last-modified'] = 'Mon, 30 Nov 2026 08:00:00 GMT';
      if (range) headers['content-range'] = `bytes ${start}-${BODY.length - 1}/${BODY.length}`;
      hits[hits.length - 1]!.ifRange = req.headers['if-range'] as string | undefined;
      res.writeHead(range ? 206 : 200, headers);
      if (dropsLeft > 0) {
        dropsLeft--;
        // The drop comes once the client has had time to take in the half it was sent (its reads pause while the file
        // catches up, and a reset discards what it has not read yet), so the resume offset does not depend on load.
        res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => setTimeout(() => res.socket?.destroy(), 300));
        return;
      }
      res.end(slice);
      return;
    }
    case '/no-headers':
      // Accepts the request and never answers.
      return;
    case '/chunked-big.mp4':
      // No Content-Length: the cap must be enforced while streaming.
      res.writeHead(200, { 'content-type': 'video/mp4' });
      res.write(BODY);
      res.write(BODY, () => res.end());
      return;
    case '/stall.mp4':
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BODY.length });
      res.write(BODY.subarray(0, 1000));
      return;
    case '/html':
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
      return;
    case '/expired':
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<Error><Code>ExpiredToken</Code></Error>');
      return;
    case '/redirect-other':
      res.writeHead(302, { location: `${otherBase}/ok.mp4` });
      res.end();
      return;
    case '/redirect-same':
      res.writeHead(302, { location: '/ok.mp4' });
      res.end();
      return;
    case '/redirect-private':
      res.writeHead(302, { location: 'http://10.0.0.1/x.mp4' });
      res.end();
      return;
    default:
      res.writeHead(404);
      res.end();
  }
}

let dir = '';
before(async () => {
  server = http.createServer(handler).listen(0, '127.0.0.1');
  other = http.createServer(handler).listen(0, '127.0.0.1');
  await Promise.all([once(server, 'listening'), once(other, 'listening')]);
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  otherBase = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
  dir = mkdtempSync(join(tmpdir(), 'ar-dl-'));
});
after(() => {
  server.closeAllConnections();
  other.closeAllConnections();
  server.close();
  other.close();
  rmSync(dir, { recursive: true, force: true });
});

function freshDir(): string {
  return mkdtempSync(join(dir, 'd-'));
}

test('downloads to our file name, leaves no temp file, numbers a name clash', async () => {
  const d = freshDir();
  const r = await downloadToFile({
    url: `${base}/ok.mp4`,
    destDir: d,
    fileName: 'clip.mp4',
    maxBytes: 1e6,
    policy: LOCAL,
  });
  assert.equal(r.path, join(d, 'clip.mp4'));
  assert.equal(r.bytes, BODY.length);
  assert.ok(readFileSync(r.path).equals(BODY));
  const r2 = await downloadToFile({
    url: `${base}/ok.mp4`,
    destDir: d,
    fileName: 'clip.mp4',
    maxBytes: 1e6,
    policy: LOCAL,
  });
  assert.equal(r2.path, join(d, 'clip (2).mp4'));
  assert.deepEqual(readdirSync(d).sort(), ['clip (2).mp4', 'clip.mp4']);
});

test('a Content-Length over the cap is refused before writing anything', async () => {
  const d = freshDir();
  await assert.rejects(
    downloadToFile({ url: `${base}/ok.mp4`, destDir: d, fileName: 'a.mp4', maxBytes: 100_000, policy: LOCAL }),
    (e: DownloadError) => e.kind === 'tooLarge',
  );
  assert.deepEqual(readdirSync(d), []);
});

test('the cap holds without Content-Length (chunked), and the temp file is removed', async () => {
  const d = freshDir();
  await assert.rejects(
    downloadToFile({ url: `${base}/chunked-big.mp4`, destDir: d, fileName: 'a.mp4', maxBytes: 300_000, policy: LOCAL }),
    (e: DownloadError) => e.kind === 'tooLarge',
  );
  assert.deepEqual(readdirSync(d), []);
});

test('a connection dropped half way is resumed with Range and If-Range', async () => {
  const d = freshDir();
  dropsLeft = 2;
  hits.length = 0;
  const r = await downloadToFile({
    url: `${base}/drop.mp4`,
    destDir: d,
    fileName: 'a.mp4',
    maxBytes: 1e6,
    policy: LOCAL,
  });
  assert.ok(readFileSync(r.path).equals(BODY), 'the resumed file is byte-identical');
  assert.equal(r.resumes, 2);
  assert.equal(r.rangeResumed, true);
  const ranges = hits.filter((h) => h.path === '/drop.mp4').map((h) => h.range);
  assert.equal(ranges[0], undefined);
  assert.equal(ranges[1], `bytes=${BODY.length / 2}-`);
  assert.match(ranges[2] ?? '', /^bytes=\d+-$/);
});

test('a server that ignores Range sends the whole file again, and the result is still exact', async () => {
  const d = freshDir();
  dropsLeft = 1;
  const r = await downloadToFile({
    url: `${base}/drop-no-range.mp4`,
    destDir: d,
    fileName: 'a.mp4',
    maxBytes: 1e6,
    policy: LOCAL,
  });
  assert.ok(readFileSync(r.path).equals(BODY));
  assert.equal(r.rangeResumed, false);
  assert.equal(r.resumes, 1);
});

test('too many drops give up with a network error and clean up', async () => {
  const d = freshDir();
  dropsLeft = 10;
  await assert.rejects(
    downloadToFile({
      url: `${base}/drop.mp4`,
      destDir: d,
      fileName: 'a.mp4',
      maxBytes: 1e6,
      policy: LOCAL,
      maxResumes: 1,
    }),
    (e: DownloadError) => e.kind === 'network',
  );
  dropsLeft = 0;
  assert.deepEqual(readdirSync(d), []);
});

test('cancel mid-download removes the temp file', async () => {
  const d = freshDir();
  const ac = new AbortController();
  const p = downloadToFile({
    url: `${base}/stall.mp4`,
    destDir: d,
    fileName: 'a.mp4',
    maxBytes: 1e6,
    policy: LOCAL,
    signal: ac.signal,
    onProgress: (n) => {
      if (n >= 1000) ac.abort();
    },
  });
  await assert.rejects(p, (e: DownloadError) => e.kind === 'aborted');
  assert.deepEqual(readdirSync(d), []);
});

test('a stalled body counts as a drop after the idle limit and is resumed', async () => {
  const d = freshDir();
  await assert.rejects(
    downloadToFile({
      url: `${base}/stall.mp4`,
      destDir: d,
      fileName: 'a.mp4',
      maxBytes: 1e6,
      policy: LOCAL,
      idleMs: 100,
      maxResumes: 1,
    }),
    (e: DownloadError) => e.kind === 'network' && /idle/.test(e.message),
  );
  assert.deepEqual(readdirSync(d), []);
});

test('HTTP errors and web pages are errors, not videos', async () => {
  const d = freshDir();
  await assert.rejects(
    downloadToFile({ url: `${base}/expired`, destDir: d, fileName: 'a.mp4', maxBytes: 1e6, policy: LOCAL }),
    (e: DownloadError) => e.kind === 'http' && e.status === 403 && /ExpiredToken/.test(e.bodyExcerpt ?? ''),
  );
  await assert.rejects(
    downloadToFile({ url: `${base}/html`, destDir: d, fileName: 'a.mp4', maxBytes: 1e6, policy: LOCAL }),
    (e: DownloadError) => e.kind === 'notVideo',
  );
  assert.deepEqual(readdirSync(d), []);
});

test('headers go to the same origin only, also across redirects', async () => {
  const d = freshDir();
  hits.length = 0;
  await downloadToFile({
    url: `${base}/redirect-same`,
    destDir: d,
    fileName: 'a.mp4',
    maxBytes: 1e6,
    policy: LOCAL,
    headers: { authorization: 'Bearer sk-test' },
  });
  await downloadToFile({
    url: `${base}/redirect-other`,
    destDir: d,
    fileName: 'b.mp4',
    maxBytes: 1e6,
    policy: LOCAL,
    headers: { authorization: 'Bearer sk-test' },
  });
  const okHits = hits.filter((h) => h.path === '/ok.mp4');
  assert.equal(okHits.length, 2);
  assert.equal(okHits[0]!.auth, 'Bearer sk-test');
  assert.equal(okHits[1]!.auth, undefined, 'no key after a cross-origin redirect');
});

test('refused: http with an https gateway, local addresses with a remote gateway, redirects to private hosts', async () => {
  const remote = downloadPolicyFor('https://api.applerouter.ai/v1');
  assert.deepEqual(remote, { allowHttp: false, allowLocalAddresses: false });
  const d = freshDir();
  hits.length = 0;
  await assert.rejects(
    downloadToFile({ url: `${base}/ok.mp4`, destDir: d, fileName: 'a.mp4', maxBytes: 1e6, policy: remote }),
    (e: DownloadError) => e.kind === 'refused' && /https only/.test(e.message),
  );
  const httpsButLocal = { allowHttp: true, allowLocalAddresses: false };
  await assert.rejects(
    downloadToFile({ url: `${base}/ok.mp4`, destDir: d, fileName: 'a.mp4', maxBytes: 1e6, policy: httpsButLocal }),
    (e: DownloadError) => e.kind === 'refused' && /local address/.test(e.message),
  );
  await assert.rejects(
    downloadToFile({
      url: `http://sub.localhost:${new URL(base).port}/ok.mp4`,
      destDir: d,
      fileName: 'a.mp4',
      maxBytes: 1e6,
      policy: httpsButLocal,
    }),
    (e: DownloadError) => e.kind === 'refused',
  );
  await assert.rejects(
    downloadToFile({
      url: `${base}/redirect-private`,
      destDir: d,
      fileName: 'a.mp4',
      maxBytes: 1e6,
      policy: { allowHttp: true, allowLocalAddresses: false },
    }),
    (e: DownloadError) => e.kind === 'refused',
  );
  assert.equal(hits.length, 0, 'nothing reached the server');
  assert.throws(() => checkDownloadUrl('https://user:pw@cdn.example/a.mp4', remote), DownloadError);
  assert.throws(() => checkDownloadUrl('file:///etc/passwd', LOCAL), DownloadError);
  assert.throws(() => checkDownloadUrl('https://[::1]/a.mp4', remote), DownloadError);
  assert.throws(() => checkDownloadUrl('https://169.254.169.254/latest', remote), DownloadError);
  assert.equal(checkDownloadUrl('https://storage.googleapis.com/v?a=1', remote).hostname, 'storage.googleapis.com');
});

test('a host name that resolves to a local address is refused at lookup time', async (t) => {
  // The machine's own name resolves to a local address on most hosts (/etc/hosts); skip where it does not.
  const name = hostname();
  const addresses = await lookup(name, { all: true }).catch(() => []);
  if (addresses.length === 0 || !addresses.every((a) => isLocalAddress(a.address)))
    return t.skip(`${name} does not resolve locally here`);
  hits.length = 0;
  await assert.rejects(
    downloadToFile({
      url: `http://${name}:${new URL(base).port}/ok.mp4`,
      destDir: freshDir(),
      fileName: 'a.mp4',
      maxBytes: 1e6,
      policy: { allowHttp: true, allowLocalAddresses: false },
    }),
    (e: DownloadError) => e.kind === 'refused' && /resolves to a local address/.test(e.message),
  );
  assert.equal(hits.length, 0);
});

test('the policy follows the base URL; local address classes', () => {
  assert.deepEqual(downloadPolicyFor('http://127.0.0.1:8787/v1'), { allowHttp: true, allowLocalAddresses: true });
  assert.deepEqual(downloadPolicyFor('http://192.168.1.5/v1'), { allowHttp: false, allowLocalAddresses: true });
  assert.deepEqual(downloadPolicyFor('http://gateway.example/v1'), { allowHttp: false, allowLocalAddresses: false });
  for (const ip of [
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd00::1',
    '::ffff:10.0.0.1',
  ]) {
    assert.equal(isLocalAddress(ip), true, ip);
  }
  for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
    assert.equal(isLocalAddress(ip), false, ip);
  }
});

test('an existing file with the temp name pattern is never touched', async () => {
  const d = freshDir();
  writeFileSync(join(d, 'keep.mp4'), 'x');
  await assert.rejects(
    downloadToFile({ url: `${base}/expired`, destDir: d, fileName: 'keep.mp4', maxBytes: 1e6, policy: LOCAL }),
  );
  assert.deepEqual(readdirSync(d), ['keep.mp4']);
  assert.equal(readFileSync(join(d, 'keep.mp4'), 'utf8'), 'x');
});

test('a drop without a validator starts over (no Range); a weak ETag is no validator; Last-Modified is one', async () => {
  for (const [kind, resumed] of [
    ['none', false],
    ['weak', false],
    ['date', true],
  ] as const) {
    const d = freshDir();
    dropsLeft = 1;
    hits.length = 0;
    const r = await downloadToFile({
      url: `${base}/drop-validator.mp4?v=${kind}`,
      destDir: d,
      fileName: 'a.mp4',
      maxBytes: 1e6,
      policy: LOCAL,
    });
    assert.ok(readFileSync(r.path).equals(BODY), `${kind}: the file is byte-identical`);
    const second = hits.filter((h) => h.path === '/drop-validator.mp4')[1]!;
    assert.equal(r.rangeResumed, resumed, kind);
    if (resumed) {
      assert.equal(second.range, `bytes=${BODY.length / 2}-`);
      assert.equal(second.ifRange, 'Mon, 30 Nov 2026 08:00:00 GMT');
    } else {
      assert.equal(second.range, undefined, `${kind}: no Range without a strong validator`);
      assert.equal(second.ifRange, undefined);
    }
  }
  assert.equal(strongValidator('"abc"', undefined), '"abc"');
  assert.equal(strongValidator('W/"abc"', 'Mon, 30 Nov 2026 08:00:00 GMT'), 'Mon, 30 Nov 2026 08:00:00 GMT');
  assert.equal(strongValidator('w/"abc"', undefined), undefined);
});

test('a server that never sends headers counts as a drop after the header timeout, then gives up', async () => {
  const d = freshDir();
  hits.length = 0;
  await assert.rejects(
    downloadToFile({
      url: `${base}/no-headers`,
      destDir: d,
      fileName: 'a.mp4',
      maxBytes: 1e6,
      policy: LOCAL,
      headersTimeoutMs: 150,
      maxResumes: 1,
    }),
    (e: DownloadError) => e.kind === 'network' && /no response within 150 ms/.test(e.message),
  );
  assert.equal(hits.filter((h) => h.path === '/no-headers').length, 2, 'the first try and one resume');
  assert.deepEqual(readdirSync(d), []);
});

test('the final move never replaces a file, even one that appeared after the name was chosen', async () => {
  const d = freshDir();
  writeFileSync(join(d, 'v.mp4'), 'mine');
  writeFileSync(join(d, 'v (2).mp4'), 'also mine');
  const temp = join(d, '.v.part');
  writeFileSync(temp, 'downloaded');
  const path = await moveToUniqueName(temp, d, 'v.mp4');
  assert.equal(path, join(d, 'v (3).mp4'));
  assert.equal(readFileSync(join(d, 'v.mp4'), 'utf8'), 'mine');
  assert.equal(readFileSync(join(d, 'v (2).mp4'), 'utf8'), 'also mine');
  assert.equal(readFileSync(path, 'utf8'), 'downloaded');
  assert.deepEqual(readdirSync(d).sort(), ['v (2).mp4', 'v (3).mp4', 'v.mp4']);
});
