// Published prices: new-api's /api/pricing read into per-token and per-request prices, the cost of an answer from
// its usage, and the client asking the real loopback test gateway (which publishes prices only to some keys).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { json, startTestGateway, type TestGateway } from '../../../gateway/server';
import { TEST_PRICING } from '../../../gateway/scenarios';
import { createGatewayClient } from '../../../../src/core';
import { estimateCostUsd, parsePricing } from '../../../../src/core/pricing';
import { quietLog } from '../../helpers';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-12;

describe('parsePricing', () => {
  it('reads per-token ratios (500 000 quota = $1) and per-request prices, times the default group ratio', () => {
    const p = parsePricing({ ...TEST_PRICING, group_ratio: { default: 2, vip: 0.5 } })!;
    const gpt = p.models.get('gpt-4o')!;
    // ratio 1.25 × group 2 / 500 000 per input token; output × completion ratio 4.
    assert.ok(close(gpt.inputUsdPerToken!, (1.25 * 2) / 500_000));
    assert.ok(close(gpt.outputUsdPerToken!, (1.25 * 2 * 4) / 500_000));
    assert.deepEqual(p.models.get('veo-3.1-fast'), { perRequestUsd: 0.8 });
    assert.equal(p.models.has('broken'), false, 'an entry without a numeric ratio is left out');
  });

  it('anything that is not a pricing list is no pricing', () => {
    for (const body of [
      undefined,
      null,
      'html',
      {},
      { success: false, data: [] },
      { data: {} },
      { success: true, data: [] },
      { data: [{ model_name: 'x' }] },
    ]) {
      assert.equal(parsePricing(body), undefined, JSON.stringify(body));
    }
  });
});

describe('estimateCostUsd', () => {
  const p = parsePricing(TEST_PRICING)!;
  it('per token: prompt × input price + completion × output price', () => {
    const cost = estimateCostUsd(p, 'gpt-4o-mini', { promptTokens: 17, completionTokens: 72 })!;
    assert.ok(close(cost, ((17 + 72 * 4) * 0.075) / 500_000), String(cost));
  });
  it('per request: the price, whatever the tokens', () => {
    assert.equal(estimateCostUsd(p, 'veo-3.1-fast', { promptTokens: 0 }), 0.4);
  });
  it('no prices, an unpriced model or no token counts: no estimate, never a guess', () => {
    assert.equal(estimateCostUsd(undefined, 'gpt-4o', { promptTokens: 1, completionTokens: 1 }), undefined);
    assert.equal(estimateCostUsd(p, 'deepseek-chat', { promptTokens: 1, completionTokens: 1 }), undefined);
    assert.equal(estimateCostUsd(p, 'gpt-4o', {}), undefined);
    assert.equal(estimateCostUsd(p, undefined, { promptTokens: 1 }), undefined);
  });
});

describe('GatewayClient.getPricing against the test gateway', () => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway();
  });
  after(async () => {
    await gw.close();
  });

  it('asks <origin>/api/pricing (beside /v1, not under it) without the key when the gateway publishes prices to anyone', async () => {
    const mark = gw.requests.length;
    gw.enqueue({ ...json(200, TEST_PRICING), path: '/api/pricing' });
    const client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-priced-1', maxRetries: 0, logger: quietLog });
    const body = await client.getPricing();
    assert.deepEqual(body, TEST_PRICING);
    const req = gw.requests.slice(mark);
    assert.deepEqual(
      req.map((r) => r.path),
      ['/api/pricing'],
    );
    assert.equal(req[0]!.headers.authorization, undefined, 'the key is not sent where it is not needed');
  });

  it('asks again once with the key when the gateway demands it (401), and returns what it publishes then', async () => {
    const mark = gw.requests.length;
    const client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-priced-1', maxRetries: 0, logger: quietLog });
    assert.deepEqual(await client.getPricing(), TEST_PRICING);
    const req = gw.requests.slice(mark);
    assert.deepEqual(
      req.map((r) => [r.path, r.headers.authorization]),
      [
        ['/api/pricing', undefined],
        ['/api/pricing', 'Bearer sk-priced-1'],
      ],
    );
  });

  it('a gateway that publishes no prices (404) gives undefined; a base URL without /v1 asks /api/pricing under it', async () => {
    const plain = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-plain', maxRetries: 0, logger: quietLog });
    assert.equal(await plain.getPricing(), undefined);
    const mark = gw.requests.length;
    const rooted = createGatewayClient({ baseUrl: gw.origin, apiKey: 'sk-priced-2', maxRetries: 0, logger: quietLog });
    assert.deepEqual(await rooted.getPricing(), TEST_PRICING);
    assert.equal(gw.requests[mark]!.path, '/api/pricing');
  });
});
