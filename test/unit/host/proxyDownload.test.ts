// Video downloads through applerouter.proxy: the transport's agent with the real downloader, a real loopback proxy and the test gateway.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { downloadToFile, DownloadError } from '../../../src/core/video/downloadToFile';
import { downloadPolicyFor } from '../../../src/core/video/downloadPolicy';
import { fetchBytes, FetchBytesError, isBlockedAddress } from '../../../src/core/net';
import * as proxyModule from '../../../src/host/net/proxyTransport';
import { Transport, TransportError, type ProxyModule } from '../../../src/host/net/transport';
import { startTestGateway, type TestGateway } from '../../gateway/server';
import { SAMPLE_VIDEO, VIDEO_STATIC_DIR } from '../../gateway/video';
import { startLoopbackProxy, testCert } from './loopbackProxy';
import { t } from '../helpers';

const USER = 'video user';
const PASSWORD = 'p@ss:word';
const SAMPLE = readFileSync(path.join(VIDEO_STATIC_DIR, SAMPLE_VIDEO));

function transportFor(proxy: string | undefined) {
  let loads = 0;
  const transport = new Transport({
    getProxy: () => proxy,
    t,
    loadProxyModule: () => {
      loads++;
      return proxyModule as ProxyModule;
    },
  });
  return { transport, loads: () => loads };
}

/** `http://user:password@127.0.0.1:PORT` with the parts percent-encoded, as a user would write it. */
function withCredentials(proxyUrl: string, user: string, password: string): string {
  const url = new URL(proxyUrl);
  url.username = encodeURIComponent(user);
  url.password = encodeURIComponent(password);
  return url.href;
}

describe('video downloads through applerouter.proxy', () => {
  let gateway: TestGateway;
  let dir: string;
  before(async () => {
    gateway = await startTestGateway({ staticDir: VIDEO_STATIC_DIR });
  });
  after(async () => {
    await gateway.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'applerouter-proxy-download-'));
    gateway.reset();
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const videoUrl = () => `${gateway.origin}/files/${SAMPLE_VIDEO}`;
  const download = (agent: import('node:http').Agent | undefined, url = videoUrl()) =>
    downloadToFile({
      url,
      destDir: dir,
      fileName: 'video.mp4',
      maxBytes: 10 * 1024 * 1024,
      policy: downloadPolicyFor(gateway.baseUrl),
      maxResumes: 0,
      ...(agent ? { agent } : {}),
    });

  it('through a proxy, a name that resolves to a local address is refused before anything is sent (videos and images)', async (t) => {
    // A name (not "localhost", which is refused by name) that this machine resolves to one of its own addresses.
    let name: string | undefined;
    for (const candidate of [hostname(), 'vm', 'runsc', 'localhost.localdomain']) {
      const addresses = await lookup(candidate, { all: true }).catch(() => []);
      if (addresses.length && addresses.every((a) => isBlockedAddress(a.address))) {
        name = candidate;
        break;
      }
    }
    if (!name) return t.skip('no name on this machine resolves to a local address');
    const proxy = await startLoopbackProxy();
    const { transport } = transportFor(proxy.url);
    try {
      const policy = { allowHttp: true, allowLocalAddresses: false };
      const url = `http://${name}:${gateway.port}/files/${SAMPLE_VIDEO}`;
      await assert.rejects(
        downloadToFile({
          url,
          destDir: dir,
          fileName: 'video.mp4',
          maxBytes: 10 * 1024 * 1024,
          policy,
          maxResumes: 0,
          agent: transport.getAgent()!,
        }),
        (e: unknown) => e instanceof DownloadError && e.kind === 'refused' && /local address/.test(e.message),
      );
      await assert.rejects(
        fetchBytes({
          url,
          policy,
          maxBytes: 1024,
          accept: '*/*',
          acceptType: () => true,
          agent: transport.getAgent()!,
        }),
        (e: unknown) => e instanceof FetchBytesError && e.kind === 'refused',
      );
      assert.equal(proxy.connects, 0, 'nothing went to the proxy');
      assert.equal(gateway.requests.length, 0);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  it('without a proxy gives no agent and never loads the proxy bundle', () => {
    const { transport, loads } = transportFor('  ');
    assert.equal(transport.getAgent(), undefined);
    assert.equal(transport.proxyAuthMessage(), undefined);
    assert.equal(loads(), 0);
  });

  it('an unusable proxy setting is refused with its sentence', () => {
    const { transport, loads } = transportFor('socks5://127.0.0.1:1080');
    assert.throws(
      () => transport.getAgent(),
      (e: unknown) => e instanceof TransportError && e.code === 'proxySetting' && /SOCKS/.test(e.message),
    );
    assert.equal(loads(), 0);
  });

  it('downloads the gateway MP4 byte-identical through a proxy with credentials', async () => {
    const proxy = await startLoopbackProxy({ user: USER, password: PASSWORD });
    const { transport, loads } = transportFor(withCredentials(proxy.url, USER, PASSWORD));
    try {
      const agent = transport.getAgent();
      assert.ok(agent, 'an agent while the proxy is set');
      assert.equal(transport.getAgent(), agent, 'the same agent while the setting is unchanged');
      assert.equal(loads(), 1);

      const result = await download(agent);
      assert.deepEqual(readFileSync(result.path), SAMPLE, 'the file is byte-identical');
      assert.equal(result.bytes, SAMPLE.length);
      assert.ok(proxy.connects >= 1, 'the request went through the proxy');
      const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
      assert.ok(
        proxy.authHeaders.length >= 1 && proxy.authHeaders.every((h) => h === expected),
        'the proxy got the credentials',
      );
      const seen = gateway.requests.filter((r) => r.path === `/files/${SAMPLE_VIDEO}`);
      assert.equal(seen.length, 1);
      assert.equal(seen[0].headers['proxy-authorization'], undefined, 'proxy credentials never reach the server');
      assert.deepEqual(readdirSync(dir), ['video.mp4'], 'no temp file left');
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  it('a proxy that refuses the credentials gives a 407 DownloadError and leaves no file', async () => {
    const proxy = await startLoopbackProxy({ user: USER, password: PASSWORD });
    const { transport } = transportFor(withCredentials(proxy.url, USER, 'wrong'));
    try {
      await assert.rejects(
        download(transport.getAgent()),
        (e: unknown) => e instanceof DownloadError && e.kind === 'http' && e.status === 407,
      );
      assert.ok(proxy.connects >= 1, 'the proxy saw the request');
      assert.equal(gateway.requests.length, 0, 'nothing reached the gateway');
      assert.deepEqual(readdirSync(dir), [], 'no file and no temp file left');
      // The same refusal of a CONNECT tunnel (an https video URL).
      const before = proxy.connects;
      await assert.rejects(
        download(transport.getAgent(), 'https://127.0.0.1:9/video.mp4'),
        (e: unknown) => e instanceof DownloadError && e.kind === 'http' && e.status === 407,
      );
      assert.equal(proxy.connects, before + 1);
      assert.deepEqual(readdirSync(dir), []);
      assert.match(
        transport.proxyAuthMessage() ?? '',
        new RegExp(`^The proxy http://127\\.0\\.0\\.1:${proxy.port} rejected the credentials`),
      );
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  it('tunnels an https video URL with CONNECT and still verifies its certificate', async () => {
    // A self-signed server: reaching it through the tunnel must end in a certificate refusal, not a download.
    let connections = 0;
    const server = https.createServer({ cert: testCert.cert, key: testCert.key }, (_req, res) => res.end(SAMPLE));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = await startLoopbackProxy();
    const { transport } = transportFor(proxy.url);
    try {
      const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/video.mp4`;
      await assert.rejects(
        download(transport.getAgent(), url),
        (e: unknown) => e instanceof DownloadError && e.kind === 'network' && /certificate/i.test(e.message),
      );
      assert.equal(proxy.connects, 1, 'one CONNECT tunnel through the proxy');
      assert.equal(connections, 1, 'the tunnel reached the server');
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      transport.dispose();
      await proxy.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
