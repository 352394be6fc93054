// Both transport paths (global fetch, undici through applerouter.proxy) against the test gateway, through a real proxy.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGatewayClient, GatewayError } from '../../../src/core';
import * as proxyModule from '../../../src/host/net/proxyTransport';
import { parseProxySetting, Transport, TransportError, type ProxyModule } from '../../../src/host/net/transport';
import { startTestGateway, type TestGateway } from '../../gateway/server';
import { startLoopbackProxy, testCert } from './loopbackProxy';
import { t } from '../helpers';

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
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway();
  });
  after(async () => {
    await gateway.close();
  });

  const clientFor = (transport: Transport, apiKey = KEY) =>
    createGatewayClient({ baseUrl: gateway.baseUrl, apiKey, fetch: () => transport.getFetch(), maxRetries: 0 });
  const modelRequests = () => gateway.requests.filter((r) => r.path.startsWith('/v1/models'));

  it('without a proxy uses the global fetch and never loads the proxy bundle', async () => {
    const proxy = await startLoopbackProxy();
    try {
      gateway.reset();
      const { transport, loads } = transportFor('');
      const models = await clientFor(transport).listModels();
      assert.ok(models.some((m) => m.id === 'gpt-4o'));
      assert.equal(modelRequests()[0]?.headers.authorization, `Bearer ${KEY}`);
      assert.equal(loads(), 0);
      assert.equal(proxy.connects, 0);
    } finally {
      await proxy.close();
    }
  });

  it('through an HTTP proxy reaches the gateway with the key intact', async () => {
    const proxy = await startLoopbackProxy();
    const { transport, loads } = transportFor(proxy.url);
    try {
      gateway.reset();
      const models = await clientFor(transport).listModels();
      assert.ok(models.some((m) => m.id === 'gpt-4o'));
      assert.equal(loads(), 1);
      assert.ok(proxy.connects >= 1, 'the request went through the proxy');
      const seen = modelRequests();
      assert.equal(seen.length, 1);
      assert.equal(seen[0].headers.authorization, `Bearer ${KEY}`);
      assert.equal(seen[0].headers['proxy-authorization'], undefined, 'proxy credentials never reach the gateway');
      await clientFor(transport).listModels();
      assert.equal(loads(), 1, 'the proxy bundle is loaded once');
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  it('streams a whole answer through the proxy', async () => {
    const proxy = await startLoopbackProxy();
    const { transport } = transportFor(proxy.url);
    try {
      let content = '';
      let finish: string | undefined;
      for await (const event of clientFor(transport).streamChat({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: '代理 proxy check' }],
      })) {
        if (event.type === 'content') content += event.text;
        if (event.type === 'finish') finish = event.reason;
      }
      assert.match(content, /代理 proxy check/);
      assert.equal(finish, 'stop');
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  // The timeout only turns a buffering proxy path (which would wait forever) into a failure instead of a hang.
  it(
    'delivers events through the proxy while the response is still open (no buffering)',
    { timeout: 30_000 },
    async () => {
      const proxy = await startLoopbackProxy();
      const { transport } = transportFor(proxy.url);
      const chunk = (text: string) =>
        `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text } }] })}\n\n`;
      gateway.enqueue({ chunks: [chunk('first '), chunk('second')], end: 'hold' });
      const abort = new AbortController();
      try {
        let content = '';
        await assert.rejects(
          (async () => {
            for await (const event of clientFor(transport).streamChat(
              { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] },
              abort.signal,
            )) {
              if (event.type === 'content') content += event.text;
              // The gateway holds the response open: only an unbuffered path gets here.
              if (content === 'first second') abort.abort();
            }
          })(),
          (error: unknown) => error instanceof GatewayError && error.kind === 'aborted',
        );
        assert.equal(content, 'first second');
      } finally {
        transport.dispose();
        await proxy.close();
      }
    },
  );

  it("passes the gateway's own errors through the proxy unchanged", async () => {
    const proxy = await startLoopbackProxy();
    const { transport } = transportFor(proxy.url);
    try {
      await assert.rejects(clientFor(transport, 'sk-bad-key').listModels(), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.kind, 'auth');
        assert.equal(error.status, 401);
        assert.match(error.message, /无效的令牌/);
        assert.ok(error.requestId);
        return true;
      });
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  it('sends credentials from the proxy URL as Basic Proxy-Authorization (percent-decoded)', async () => {
    const proxy = await startLoopbackProxy({ user: 'alice', password: 'p@ss:word' });
    const { transport } = transportFor(`http://alice:${encodeURIComponent('p@ss:word')}@127.0.0.1:${proxy.port}`);
    try {
      assert.ok((await clientFor(transport).listModels()).length > 0);
      assert.deepEqual(proxy.authHeaders.slice(-1), [`Basic ${Buffer.from('alice:p@ss:word').toString('base64')}`]);
    } finally {
      transport.dispose();
      await proxy.close();
    }
  });

  for (const [name, credentials] of [
    ['wrong', 'alice:nope@'],
    ['missing', ''],
  ] as const) {
    it(`surfaces ${name} proxy credentials as a clear 407 error, and the gateway gets nothing`, async () => {
      const proxy = await startLoopbackProxy({ user: 'alice', password: 'secret' });
      const { transport } = transportFor(`http://${credentials}127.0.0.1:${proxy.port}`);
      gateway.reset();
      try {
        // Through the real gateway client with its default retries: the 407 is not retried, and its sentence is the cause.
        const client = createGatewayClient({
          baseUrl: gateway.baseUrl,
          apiKey: KEY,
          fetch: () => transport.getFetch(),
        });
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
        assert.equal(gateway.requests.length, 0);
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
      await assert.rejects(transport.getFetch()(`${gateway.baseUrl}/models`, { headers: {} }), (error: unknown) => {
        assert.ok(error instanceof TransportError, 'a plain TransportError, so the client may retry it');
        assert.equal(error.code, 'proxyUnreachable');
        assert.match(error.message, new RegExp(`Could not connect to the proxy http://127\\.0\\.0\\.1:${proxy.port}`));
        return true;
      });
    } finally {
      transport.dispose();
    }
  });

  it('works through an https:// proxy with credentials', async () => {
    const proxy = await startLoopbackProxy({ tls: true, user: 'bob', password: 'tls-pass' });
    const { transport } = transportFor(`https://bob:tls-pass@127.0.0.1:${proxy.port}`, {
      proxyOptions: { proxyTls: { ca: testCert.cert } },
    });
    try {
      assert.ok((await clientFor(transport).listModels()).some((m) => m.id === 'gpt-4o'));
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
      await clientFor(transport).listModels();
      const viaProxy = proxy.connects;
      assert.ok(viaProxy >= 1);
      setting = '';
      await clientFor(transport).listModels();
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
      const transport = new Transport({
        getProxy: () => value,
        t,
        loadProxyModule: () => {
          loads++;
          return proxyModule as ProxyModule;
        },
      });
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
    assert.deepEqual(parseProxySetting('127.0.0.1:7890', t), {
      kind: 'proxy',
      url: 'http://127.0.0.1:7890/',
      display: 'http://127.0.0.1:7890',
    });
    assert.deepEqual(parseProxySetting('  ', t), { kind: 'none' });
    assert.deepEqual(parseProxySetting(undefined, t), { kind: 'none' });
    const withAuth = parseProxySetting('http://u:p@proxy.example:3128', t);
    assert.equal(
      withAuth.kind === 'proxy' && withAuth.display,
      'http://proxy.example:3128',
      'the display form hides credentials',
    );
  });
});
