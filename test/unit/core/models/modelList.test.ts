// The one model list: each model's kind from its endpoint types and name, the filters, and the per-key cache.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createGatewayClient } from '../../../../src/core/gateway';
import { endpointTypesIn, ModelListCache, modelsFor } from '../../../../src/core/models';
import { json, startTestGateway, type TestGateway } from '../../../gateway/server';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(() => gw.close());
beforeEach(() => gw.reset());

const client = () => createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
const fetchModels = (signal?: AbortSignal) => client().listModels(signal);
const modelRequests = () => gw.requests.filter((r) => r.path === '/v1/models').length;

/** A gateway listing models whose names say nothing, and some whose names say everything. */
function enqueueList(): void {
  gw.enqueue({
    ...json(200, {
      data: [
        { id: 'gpt-4o', supported_endpoint_types: ['openai'] },
        { id: 'studio-motion', supported_endpoint_types: ['openai-video', 'openai'] },
        { id: 'canvas-pro', supported_endpoint_types: ['image-generation'] },
        { id: 'google/veo-3.1', supported_endpoint_types: ['openai'] },
        { id: 'sora-2' },
        { id: 'kling-v2-master' },
        { id: 'text-embedding-3-small', supported_endpoint_types: ['embeddings'] },
        { id: 'deepseek-chat' },
      ],
    }),
    path: '/v1/models',
  });
}

describe('model list', () => {
  it('filters by purpose, the endpoint type first, then the name without its provider prefix', async () => {
    enqueueList();
    const list = await new ModelListCache().list('default', fetchModels);
    const ids = (p: Parameters<typeof modelsFor>[1]) => modelsFor(list, p).map((m) => m.id);
    assert.deepEqual(ids('chat'), ['gpt-4o', 'deepseek-chat']);
    assert.deepEqual(ids('completions'), ['gpt-4o', 'deepseek-chat']);
    assert.deepEqual(ids('video'), ['studio-motion', 'google/veo-3.1', 'sora-2', 'kling-v2-master']);
    assert.deepEqual(ids('image'), ['canvas-pro']);
    assert.deepEqual(endpointTypesIn(list, 'studio-motion'), ['openai-video', 'openai']);
    assert.equal(endpointTypesIn(list, 'unknown'), undefined);
  });

  it('one request for callers at the same time, none while the list is kept, a new one after invalidate()', async () => {
    const cache = new ModelListCache();
    await Promise.all([cache.list('a', fetchModels), cache.list('a', fetchModels), cache.list('a', fetchModels)]);
    assert.equal(modelRequests(), 1);
    await cache.list('a', fetchModels);
    assert.ok(cache.peek('a'));
    assert.equal(modelRequests(), 1);
    await cache.list('b', fetchModels);
    assert.equal(modelRequests(), 2, 'each profile has its own list');
    cache.invalidate();
    assert.equal(cache.peek('a'), undefined);
    await cache.list('a', fetchModels);
    assert.equal(modelRequests(), 3);
  });

  it('a list asked for before invalidate() is not kept (it may be the old key or base URL)', async () => {
    const cache = new ModelListCache();
    const pending = cache.list('a', fetchModels);
    cache.invalidate();
    await pending;
    assert.equal(cache.peek('a'), undefined);
  });

  it('expires after its time; a failure is not kept; fresh asks again', async () => {
    let now = 0;
    const cache = new ModelListCache(1000, () => now);
    await cache.list('a', fetchModels);
    now = 1500;
    await cache.list('a', fetchModels);
    assert.equal(modelRequests(), 2);
    await cache.list('a', fetchModels, { fresh: true });
    assert.equal(modelRequests(), 3);
    cache.invalidate();
    gw.enqueue({ ...json(500, { error: { message: 'down' } }), path: '/v1/models' });
    await assert.rejects(
      cache.list('a', () => createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'k', maxRetries: 0 }).listModels()),
    );
    assert.equal(cache.peek('a'), undefined);
  });

  it('quietList: after a failure, undefined without asking until the retry time has passed or invalidate()', async () => {
    let now = 0;
    const cache = new ModelListCache(10_000, () => now, 1000);
    const failOnce = () => gw.enqueue({ ...json(503, { error: { message: 'down' } }), path: '/v1/models' });
    failOnce();
    assert.equal(await cache.quietList('a', fetchModels), undefined);
    assert.equal(modelRequests(), 1);
    now = 999;
    assert.equal(await cache.quietList('a', fetchModels), undefined);
    assert.equal(modelRequests(), 1, 'a failing gateway is not asked again at once');
    assert.ok((await cache.list('a', fetchModels)).length > 0);
    assert.equal(modelRequests(), 2, 'list() always asks again');
    assert.ok(await cache.quietList('a', fetchModels), 'the list that arrived clears the failure');
    assert.equal(modelRequests(), 2);
    cache.invalidate();
    failOnce();
    assert.equal(await cache.quietList('a', fetchModels), undefined);
    now = 2100;
    assert.ok(await cache.quietList('a', fetchModels));
    assert.equal(modelRequests(), 4, 'asked again once the retry time passed');
    cache.invalidate();
    failOnce();
    assert.equal(await cache.quietList('b', fetchModels), undefined);
    cache.invalidate();
    assert.ok(await cache.quietList('b', fetchModels), 'invalidate() forgets the failure');
    assert.equal(modelRequests(), 6);
  });

  it("a caller's cancel ends its own wait, not the shared request", async () => {
    const cache = new ModelListCache();
    const abort = new AbortController();
    const mine = cache.list('a', fetchModels, { signal: abort.signal });
    const other = cache.list('a', fetchModels);
    abort.abort();
    await assert.rejects(mine);
    assert.ok((await other).length > 0);
  });
});
