// The Videos API through the gateway client: create and poll via applerouter.proxy (a real loopback proxy), and under applerouter.requestTimeoutSeconds.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createGatewayClient, GatewayError } from '../../../src/core';
import { videoStatusEvent } from '../../../src/core/video/videoJob';
import * as proxyModule from '../../../src/host/net/proxyTransport';
import { Transport, type ProxyModule } from '../../../src/host/net/transport';
import { startTestGateway, type TestGateway } from '../../gateway/server';
import { videoJobRecord } from '../../gateway/video';
import { startLoopbackProxy, type LoopbackProxy } from './loopbackProxy';
import { t } from '../helpers';

const KEY = 'sk-videos-proxy';

/** The client as the host builds it (services.ts): fetch from the transport, timeouts from requestTimeoutSeconds. */
function hostClient(gateway: TestGateway, proxy: string | undefined, requestTimeoutSeconds = 120) {
  const transport = new Transport({ getProxy: () => proxy, t, loadProxyModule: () => proxyModule as ProxyModule });
  const ms = requestTimeoutSeconds * 1000;
  const client = createGatewayClient({
    baseUrl: gateway.baseUrl,
    apiKey: () => KEY,
    fetch: () => transport.getFetch(),
    timeouts: () => ({ connectMs: ms, firstByteMs: ms, idleMs: ms }),
  });
  return { client, transport };
}

describe("the Videos API uses the gateway client's transport and timeouts", () => {
  let gateway: TestGateway;
  let proxy: LoopbackProxy;
  before(async () => {
    gateway = await startTestGateway();
    proxy = await startLoopbackProxy({ user: 'video', password: 's3cret' });
  });
  after(async () => {
    await proxy.close();
    await gateway.close();
  });
  beforeEach(() => gateway.reset());

  it('create (multipart) and status polls go through applerouter.proxy with its credentials', async () => {
    const url = new URL(proxy.url);
    url.username = 'video';
    url.password = 's3cret';
    const { client, transport } = hostClient(gateway, url.href);
    try {
      const before = proxy.connects;
      const { video, requestId } = await client.createVideo({
        model: 'veo-3.1',
        prompt: 'a harbour at dawn',
        seconds: 8,
        size: '9x16',
      });
      assert.equal(video.status, 'queued');
      assert.ok(requestId, 'the request id of the create call');
      assert.equal(videoJobRecord(video.id)?.size, '9x16');
      const seen: string[] = [];
      for (let i = 0; i < 10; i++) {
        const s = videoStatusEvent((await client.getVideo(video.id)).video);
        seen.push(s.kind === 'progress' ? s.status : s.kind);
        if (s.kind === 'completed' || s.kind === 'failed') break;
      }
      assert.equal(seen.at(-1), 'completed');
      assert.ok(proxy.connects > before, 'the proxy carried the requests');
      assert.ok(
        proxy.authHeaders.includes(`Basic ${Buffer.from('video:s3cret').toString('base64')}`),
        'with the proxy credentials',
      );
      const paths = gateway.requests.map((r) => `${r.method} ${r.path}`);
      assert.equal(paths[0], 'POST /v1/videos');
      assert.ok(paths.includes(`GET /v1/videos/${video.id}`));
      assert.match(String(gateway.requests[0]!.headers['content-type']), /^multipart\/form-data; boundary=/);
      assert.equal(gateway.requests[0]!.headers.authorization, `Bearer ${KEY}`);
    } finally {
      transport.dispose();
    }
  });

  it('a proxy that rejects the credentials fails the create with the proxy sentence, and the gateway sees nothing', async () => {
    const url = new URL(proxy.url);
    url.username = 'video';
    url.password = 'wrong';
    const { client, transport } = hostClient(gateway, url.href);
    try {
      await assert.rejects(
        client.createVideo({ model: 'veo-3.1', prompt: 'x' }),
        (e: unknown) => e instanceof GatewayError && /407 Proxy Authentication Required/.test(e.message),
      );
      assert.equal(gateway.requests.length, 0);
    } finally {
      transport.dispose();
    }
  });

  it('a gateway that does not answer a status poll within requestTimeoutSeconds gives a timeout error', async () => {
    const { client, transport } = hostClient(gateway, undefined, 0.3);
    try {
      const { video } = await hostClient(gateway, undefined).client.createVideo({
        model: 'veo-3.1',
        prompt: 'a slow gateway',
      });
      gateway.enqueue({
        path: `/v1/videos/${video.id}`,
        headersDelayMs: 3000,
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      await assert.rejects(
        client.getVideo(video.id),
        (e: unknown) =>
          e instanceof GatewayError && e.kind === 'timeout' && e.timeoutPhase === 'connect' && e.timeoutMs === 300,
      );
    } finally {
      transport.dispose();
    }
  });

  it('a status body larger than the cap is refused as a protocol error with the request id', async () => {
    const { client, transport } = hostClient(gateway, undefined);
    try {
      gateway.enqueue({
        path: '/v1/videos/video_huge',
        headers: { 'content-type': 'application/json' },
        body: '{"id":"video_huge","status":"processing","pad":"@@P@@"}',
        repeat: { marker: '@@P@@', unit: 'x', count: 2 * 1024 * 1024 },
      });
      await assert.rejects(
        client.getVideo('video_huge'),
        (e: unknown) =>
          e instanceof GatewayError && e.kind === 'protocol' && /larger than/.test(e.message) && !!e.requestId,
      );
    } finally {
      transport.dispose();
    }
  });
});
