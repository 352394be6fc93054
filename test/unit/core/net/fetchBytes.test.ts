// The guarded fetch against real loopback servers: caps, types, redirects checked hop by hop, no credentials.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import * as path from 'node:path';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { fetchBytes, FetchBytesError, isBlockedAddress, type FetchBytesOptions } from '../../../../src/core/net';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a2d5d8b40000000049454e44ae426082',
  'hex',
);
const LOCAL = { allowHttp: true, allowLocalAddresses: true };
const STRICT = { allowHttp: false, allowLocalAddresses: false };

const hits: { server: string; path: string; headers: http.IncomingHttpHeaders }[] = [];
let plain: http.Server;
let secure: https.Server;
let plainBase = '';
let securePort = 0;

function handler(name: string) {
  return (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://x');
    hits.push({ server: name, path: url.pathname, headers: req.headers });
    switch (url.pathname) {
      case '/cat.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length });
        res.end(PNG);
        return;
      case '/r1':
        res.writeHead(302, { location: '/r2', 'set-cookie': 'session=1; Path=/' });
        res.end();
        return;
      case '/r2':
        res.writeHead(301, { location: `${plainBase}/cat.png` });
        res.end();
        return;
      case '/loop':
        res.writeHead(302, { location: '/loop' });
        res.end();
        return;
      case '/to': {
        // Redirects wherever the query says (a loopback or metadata address in the tests).
        res.writeHead(302, { location: url.searchParams.get('u') ?? '/' });
        res.end();
        return;
      }
      case '/page':
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html></html>');
        return;
      case '/big':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': 5000 });
        res.end(Buffer.alloc(5000));
        return;
      case '/big-chunked':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(Buffer.alloc(3000));
        res.end(Buffer.alloc(3000));
        return;
      case '/stall':
        res.writeHead(200, { 'content-type': 'image/png' });
        res.write(PNG.subarray(0, 10));
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  };
}

/** Stands in for a proxy: every https connection goes to the local TLS server, whatever the name (no DNS here). */
class RoutingAgent extends https.Agent {
  override createConnection(_opts: unknown, cb?: (err: Error | null, s: Duplex) => void): Duplex {
    const socket = tls.connect({
      host: '127.0.0.1',
      port: securePort,
      servername: 'localhost',
      rejectUnauthorized: false,
    });
    cb?.(null, socket);
    return socket;
  }
}

const base = (over: Partial<FetchBytesOptions> & { url: string }): FetchBytesOptions => ({
  policy: LOCAL,
  maxBytes: 4096,
  accept: 'image/png, image/jpeg',
  acceptType: (t) => t === 'image/png' || t === 'image/jpeg',
  ...over,
});

before(async () => {
  plain = http.createServer(handler('plain')).listen(0, '127.0.0.1');
  const fixtures = path.resolve(__dirname, '../../host/fixtures');
  secure = https
    .createServer(
      {
        cert: readFileSync(path.join(fixtures, 'proxy-test-cert.pem')),
        key: readFileSync(path.join(fixtures, 'proxy-test-key.pem')),
      },
      handler('secure'),
    )
    .listen(0, '127.0.0.1');
  await Promise.all([once(plain, 'listening'), once(secure, 'listening')]);
  plainBase = `http://127.0.0.1:${(plain.address() as { port: number }).port}`;
  securePort = (secure.address() as { port: number }).port;
});
after(() => {
  plain.closeAllConnections();
  secure.closeAllConnections();
  plain.close();
  secure.close();
});

describe('fetchBytes', () => {
  it('fetches an image, sending no cookie, credential or key, and following redirects by hand', async () => {
    hits.length = 0;
    const r = await fetchBytes(base({ url: `${plainBase}/r1` }));
    assert.ok(r.bytes.equals(PNG));
    assert.equal(r.mediaType, 'image/png');
    assert.equal(r.url, `${plainBase}/cat.png`);
    assert.deepEqual(
      hits.map((h) => h.path),
      ['/r1', '/r2', '/cat.png'],
    );
    for (const h of hits) {
      assert.equal(h.headers.cookie, undefined, 'no cookie, not even the one the redirect set');
      assert.equal(h.headers.authorization, undefined);
      assert.deepEqual(Object.keys(h.headers).sort(), ['accept', 'accept-encoding', 'connection', 'host']);
    }
  });

  it('a redirect to loopback or a metadata address is refused before anything is sent there', async () => {
    const agent = new RoutingAgent();
    // The first hop is a public-looking https name (routed to the local TLS server as a proxy would); the next hops are not.
    for (const target of [
      `https://127.0.0.1:${securePort}/cat.png`,
      'https://[::ffff:7f00:1]/cat.png',
      'https://localhost/cat.png',
      'https://169.254.169.254/latest/meta-data',
      'https://2130706433/cat.png',
      `${plainBase}/cat.png`,
    ]) {
      hits.length = 0;
      await assert.rejects(
        fetchBytes(base({ url: `https://images.example/to?u=${encodeURIComponent(target)}`, policy: STRICT, agent })),
        (e: FetchBytesError) => e.kind === 'refused',
        target,
      );
      assert.deepEqual(
        hits.map((h) => `${h.server}${h.path}`),
        ['secure/to'],
        `only the first hop was fetched (${target})`,
      );
    }
    // The same route to a public-looking name is followed, through the same checks.
    hits.length = 0;
    const ok = await fetchBytes(
      base({
        url: `https://images.example/to?u=${encodeURIComponent('https://cdn.example/cat.png')}`,
        policy: STRICT,
        agent,
      }),
    );
    assert.ok(ok.bytes.equals(PNG));
    assert.deepEqual(
      hits.map((h) => `${h.server}${h.path}`),
      ['secure/to', 'secure/cat.png'],
    );
    agent.destroy();
  });

  it('refuses http, credentials and local addresses on the first hop with the strict policy', async () => {
    hits.length = 0;
    for (const url of [
      `${plainBase}/cat.png`,
      'https://user:pw@images.example/cat.png',
      `https://127.0.0.1:${securePort}/cat.png`,
      'https://[::1]/x.png',
      'file:///etc/passwd',
      'javascript:alert(1)',
    ]) {
      await assert.rejects(
        fetchBytes(base({ url, policy: STRICT })),
        (e: FetchBytesError) => e.kind === 'refused',
        url,
      );
    }
    assert.equal(hits.length, 0);
  });

  it('a name that resolves to a local address is refused at connect time', async (t) => {
    const name = hostname();
    const addresses = await lookup(name, { all: true }).catch(() => []);
    if (addresses.length === 0 || !addresses.every((a) => isBlockedAddress(a.address)))
      return t.skip(`${name} does not resolve locally here`);
    hits.length = 0;
    await assert.rejects(
      fetchBytes(
        base({
          url: `http://${name}:${new URL(plainBase).port}/cat.png`,
          policy: { allowHttp: true, allowLocalAddresses: false },
        }),
      ),
      (e: FetchBytesError) => e.kind === 'refused' && /resolves to a local address/.test(e.message),
    );
    assert.equal(hits.length, 0);
  });

  it('types, caps, redirect loops and stalls end in their own errors', async () => {
    await assert.rejects(fetchBytes(base({ url: `${plainBase}/page` })), (e: FetchBytesError) => e.kind === 'type');
    await assert.rejects(fetchBytes(base({ url: `${plainBase}/big` })), (e: FetchBytesError) => e.kind === 'tooLarge');
    await assert.rejects(
      fetchBytes(base({ url: `${plainBase}/big-chunked` })),
      (e: FetchBytesError) => e.kind === 'tooLarge',
    );
    await assert.rejects(
      fetchBytes(base({ url: `${plainBase}/missing` })),
      (e: FetchBytesError) => e.kind === 'http' && e.status === 404,
    );
    await assert.rejects(
      fetchBytes(base({ url: `${plainBase}/loop` })),
      (e: FetchBytesError) => e.kind === 'http' && /too many redirects/.test(e.message),
    );
    await assert.rejects(
      fetchBytes(base({ url: `${plainBase}/stall`, timeoutMs: 200 })),
      (e: FetchBytesError) => e.kind === 'timeout',
    );
    const ac = new AbortController();
    const p = fetchBytes(base({ url: `${plainBase}/stall`, signal: ac.signal }));
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, (e: FetchBytesError) => e.kind === 'aborted');
  });
});
