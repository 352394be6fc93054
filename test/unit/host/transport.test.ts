// Both transport paths (global fetch, undici through applerouter.proxy) over real loopback HTTP, through a real proxy.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createGatewayClient, GatewayError, type Translate } from '../../../src/core';
import * as proxyModule from '../../../src/host/proxyTransport';
import { parseProxySetting, Transport, TransportError, type ProxyModule } from '../../../src/host/transport';
import { startLoopbackProxy, testCert } from './loopbackProxy';

const t: Translate = (message, ...args) => message.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)]));

/** A loopback gateway stand-in: /v1/models answers JSON, /v1/stream sends one chunk, then the next on /release. */
interface Target {
  baseUrl: string;
  requests: { path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}
async function startTarget(): Promise<Target> {
  const requests: Target['requests'] = [];
  let release: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/release') {
      release?.();
      res.end('ok');
      return;
    }
    requests.push({ path, headers: req.headers });
    if (path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-oneapi-request-id': 'req-1' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4o' }, { id: 'gpt-4o-mini' }] }));
    } else if (path === '/v1/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"n":1}\n\n');
      release = () => res.end('data: {"n":2}\n\ndata: [DONE]\n\n');
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function transportFor(proxy: string | undefined, extra: Partial<ConstructorParameters<typeof Transport>[0]> = {}) {
  let loads = 0;
  const transport = new Transport({
    getProxy: () => proxy,
    t,
    loadProxyModule: () => {
      loads++;
      return proxyModule as ProxyModule;
    },
    ...extra,
  });
  return { transport, loads: () => loads };
}

const KEY = 'sk-transport-test-key-0123456789';

/** The TransportError inside what the transport threw (wrapped in a GatewayError when retrying cannot help). */
function transportError(error: unknown): TransportError | undefined {
  if (error instanceof TransportError) return error;
  if (error instanceof GatewayError && error.cause instanceof TransportError) return error.cause;
  return undefined;
}

describe('transport', () => {
  let target: Target;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.close();
  });

  it('without a proxy uses the global fetch and never loads the proxy bundle', async () => {
    const proxy = await startLoopbackProxy();
    try {
      const { transport, loads } = transportFor('');
      const res = await transport.getFetch()(`${target.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(res.status, 200);
      assert.deepEqual((await res.json()).data.map((m: { id: string }) => m.id), ['gpt-4o', 'gpt-4o-mini']);
      assert.equal(loads(), 0);
      assert.equal(proxy.connects, 0);
    } finally {
      await proxy.close();
    }
  });

  it('through an HTTP proxy reaches the gateway with the key intact and streams chunk by chunk', async () => {
    const proxy = await startLoopbackProxy();
    const { transport, loads } = transportFor(proxy.url);
    try {
      const before = target.requests.length;
      const res = await transport.getFetch()(`${target.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('x-oneapi-request-id'), 'req-1');
      assert.equal((await res.json()).data.length, 2);
      assert.equal(loads(), 1);
      assert.ok(proxy.connects >= 1, 'the request went through the proxy');
      const seen = target.requests[before];
      assert.equal(seen.headers.authorization, `Bearer ${KEY}`);
      assert.equal(seen.headers['proxy-authorization'], undefined);

      // The first chunk arrives while the server still holds the rest: the proxy path does not buffer.
      const stream = await transport.getFetch()(`${target.baseUrl}/stream`, { headers: {} });
      const reader = stream.body!.getReader();
      const first = new TextDecoder().decode((await reader.read()).value);
      assert.equal(first, 'data: {"n":1}\n\n');
      await fetch(`${target.baseUrl.replace('/v1', '')}/release`);
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
      assert.equal(rest, 'data: {"n":2}\n\ndata: [DONE]\n\n');
      assert.equal(loads(), 1, 'the proxy bundle is loaded once');
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  it('sends credentials from the proxy URL as Basic Proxy-Authorization (percent-decoded)', async () => {
    const proxy = await startLoopbackProxy({ user: 'alice', password: 'p@ss:word' });
    const { transport } = transportFor(`http://alice:${encodeURIComponent('p@ss:word')}@127.0.0.1:${proxy.port}`);
    try {
      const res = await transport.getFetch()(`${target.baseUrl}/models`, { headers: {} });
      assert.equal(res.status, 200);
      await res.arrayBuffer();
      assert.deepEqual(proxy.authHeaders.slice(-1), [`Basic ${Buffer.from('alice:p@ss:word').toString('base64')}`]);
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  for (const [name, credentials] of [['wrong', 'alice:nope@'], ['missing', '']] as const) {
    it(`surfaces ${name} proxy credentials as a clear 407 error, and the gateway gets nothing`, async () => {
      const proxy = await startLoopbackProxy({ user: 'alice', password: 'secret' });
      const { transport } = transportFor(`http://${credentials}127.0.0.1:${proxy.port}`);
      const before = target.requests.length;
      try {
        // Through the real gateway client: the 407 is not retried, and its sentence is the cause.
        const client = createGatewayClient({ baseUrl: target.baseUrl, apiKey: KEY, fetch: () => transport.getFetch() });
        await assert.rejects(client.listModels(), (error: unknown) => {
          assert.ok(error instanceof GatewayError, String(error));
          assert.equal(error.kind, 'network');
          const cause = transportError(error);
          assert.ok(cause, 'the proxy failure is the cause');
          assert.equal(cause.code, 'proxyStatus');
          assert.match(cause.message, /407 Proxy Authentication Required/);
          assert.match(cause.message, /applerouter\.proxy/);
          assert.doesNotMatch(cause.message, /nope|secret/, 'the message never repeats the credentials');
          return true;
        });
        assert.equal(target.requests.length, before);
        assert.equal(proxy.connects, 1, 'wrong credentials are not retried');
      } finally {
        transport.dispose();
        await proxy.close();
      }
    });
  }

  it('names an unreachable proxy', async () => {
    const proxy = await startLoopbackProxy();
    const url = proxy.url;
    await proxy.close();
    const { transport } = transportFor(url);
    try {
      await assert.rejects(transport.getFetch()(`${target.baseUrl}/models`, { headers: {} }), (error: unknown) => {
        assert.ok(error instanceof TransportError, 'a plain TransportError, so the client may retry it');
        assert.equal(error.code, 'proxyUnreachable');
        assert.match(error.message, new RegExp(`Could not connect to the proxy http://127\\.0\\.0\\.1:${proxy.port}`));
        return true;
      });
    } finally {
      transport.dispose();
    }
  });

  it('works through an https:// proxy', async () => {
    const proxy = await startLoopbackProxy({ tls: true, user: 'bob', password: 'tls-pass' });
    const { transport } = transportFor(`https://bob:tls-pass@127.0.0.1:${proxy.port}`, { proxyOptions: { proxyTls: { ca: testCert.cert } } });
    try {
      const res = await transport.getFetch()(`${target.baseUrl}/models`, { headers: {} });
      assert.equal(res.status, 200);
      assert.equal((await res.json()).data.length, 2);
      assert.equal(proxy.authHeaders.length, 1);
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  it('switches between proxy and direct as the setting changes', async () => {
    const proxy = await startLoopbackProxy();
    let setting = proxy.url;
    const transport = new Transport({ getProxy: () => setting, t, loadProxyModule: () => proxyModule as ProxyModule });
    try {
      await (await transport.getFetch()(`${target.baseUrl}/models`, { headers: {} })).arrayBuffer();
      const viaProxy = proxy.connects;
      assert.ok(viaProxy >= 1);
      setting = '';
      await (await transport.getFetch()(`${target.baseUrl}/models`, { headers: {} })).arrayBuffer();
      assert.equal(proxy.connects, viaProxy, 'a cleared setting goes direct');
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });
});

describe('proxy setting', () => {
  for (const value of ['socks5://127.0.0.1:1080', 'socks://127.0.0.1:1080', 'SOCKS5h://user:pw@host:1080']) {
    it(`refuses ${value} with the SOCKS sentence, without loading the proxy bundle`, async () => {
      let loads = 0;
      const transport = new Transport({ getProxy: () => value, t, loadProxyModule: () => { loads++; return proxyModule as ProxyModule; } });
      await assert.rejects(transport.getFetch()('http://127.0.0.1:9/v1/models', { headers: {} }), (error: unknown) => {
        const cause = transportError(error);
        assert.ok(error instanceof GatewayError && cause, 'not retried: a GatewayError around the TransportError');
        assert.equal(cause.code, 'proxySetting');
        assert.match(cause.message, /^SOCKS proxies are not supported; use the HTTP port of your proxy/);
        return true;
      });
      assert.equal(loads, 0);
    });
  }

  it('refuses an invalid URL and other protocols with a clear sentence', () => {
    assert.throws(() => parseProxySetting('http://', t), /not a valid URL/);
    assert.throws(() => parseProxySetting('http://exa mple.com:80', t), /not a valid URL/);
    assert.throws(() => parseProxySetting('ftp://proxy:21', t), /The proxy protocol "ftp" is not supported/);
  });

  it('reads host:port as an http:// proxy and an empty value as none', () => {
    assert.deepEqual(parseProxySetting('127.0.0.1:7890', t), { kind: 'proxy', url: 'http://127.0.0.1:7890/', display: 'http://127.0.0.1:7890' });
    assert.deepEqual(parseProxySetting('  ', t), { kind: 'none' });
    assert.deepEqual(parseProxySetting(undefined, t), { kind: 'none' });
    const withAuth = parseProxySetting('http://u:p@proxy.example:3128', t);
    assert.equal(withAuth.kind === 'proxy' && withAuth.display, 'http://proxy.example:3128', 'the display form hides credentials');
  });
});
