// Each model's window (setting, learned, list, table), refusals read from the test gateway in every wording, and the
// token counter (tokenizer families, calibration).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { reportedCapabilities } from '../../../../src/core/gateway/modelEntry';
import { ContextWindows, TokenCounter, contextRefusal, encodingOf, windowOverride } from '../../../../src/core/context';
import { tokenizers } from '../../../../src/core/context/openaiTokenizers';
import { testClient } from '../chat/sessionDeps';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

function memoryWindows(over: Partial<ConstructorParameters<typeof ContextWindows>[0]> = {}) {
  const learned = new Map<string, number>();
  const windows = new ContextWindows({
    learned: { get: (p, m) => learned.get(`${p}/${m}`), set: (p, m, n) => void learned.set(`${p}/${m}`, n) },
    ...over,
  });
  return { windows, learned };
}

const long = (n: number) => Array.from({ length: n }, (_x, i) => `word${i % 977} river stone`).join(' ');

describe('context refusals from the test gateway', () => {
  const cases: [string, { limit?: number; requested?: boolean }][] = [
    ['window-8k', { limit: 8192, requested: true }],
    ['window-8k-anthropic', { limit: 8192, requested: true }],
    ['window-8k-gemini', { limit: 8192, requested: true }],
    ['window-8k-newapi', { limit: 8192, requested: true }],
    ['window-8k-bare', {}],
  ];
  for (const [model, want] of cases) {
    it(`${model}: the refusal is recognised and its window read`, async () => {
      const client = testClient(gw.baseUrl);
      const e = await client.complete({ model, messages: [{ role: 'user', content: long(4000) }] }).then(
        () => undefined,
        (err: unknown) => err,
      );
      const r = contextRefusal(e);
      assert.ok(r, `no refusal read from ${String(e)}`);
      assert.equal(r.limit, want.limit);
      if (want.requested) assert.ok(r.requested! > 8192);
      else assert.equal(r.requested, undefined);
    });
  }

  it('other failures are no window refusal', async () => {
    const client = testClient(gw.baseUrl);
    const e = await client.complete({ model: 'scenario:http-400', messages: [{ role: 'user', content: 'x' }] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    assert.ok(e);
    assert.equal(contextRefusal(e), undefined);
    assert.equal(contextRefusal(new Error('maximum context length is 10 tokens')), undefined);
  });
});

describe('ContextWindows', () => {
  it('the setting wins, most specific key first; then a learned window; then the list; then the table', async () => {
    const listed = { id: 'x-model', capabilities: reportedCapabilities({ top_provider: { context_length: 65536 } }) };
    const { windows } = memoryWindows({
      overrides: () => ({ 'gpt-4o*': 50000, 'gpt-4o-mini': 20000, bad: 'x', tiny: 3 }),
      listed: (_p, m) => (m === 'x-model' ? listed : undefined),
    });
    assert.deepEqual(windows.of('default', 'gpt-4o-mini'), { tokens: 20000, source: 'setting' });
    assert.deepEqual(windows.of('default', 'gpt-4o'), { tokens: 50000, source: 'setting' });
    assert.deepEqual(windows.of('default', 'x-model'), { tokens: 65536, source: 'gateway' });
    assert.deepEqual(windows.of('default', 'claude-3-5-sonnet'), { tokens: 200 * 1024, source: 'table' });
    assert.equal(windows.of('default', 'unknown-model').source, 'default');
    await windows.learn('default', 'x-model', 8192);
    assert.deepEqual(windows.of('default', 'x-model'), { tokens: 8192, source: 'learned' });
    assert.equal(windows.of('other', 'x-model').source, 'gateway', 'learned per profile');
    assert.equal(windowOverride({ tiny: 3 }, 'tiny'), undefined);
  });

  it('reads the window from each model-list shape', () => {
    assert.equal(reportedCapabilities({ context_length: 128000 })?.contextTokens, 128000);
    assert.equal(reportedCapabilities({ max_input_tokens: 200000 })?.contextTokens, 200000);
    assert.equal(reportedCapabilities({ top_provider: { context_length: 32768 } })?.contextTokens, 32768);
  });
});

describe('TokenCounter', () => {
  it('uses the family tokenizer where there is one, the estimate elsewhere', () => {
    const counter = new TokenCounter((enc) => tokenizers[enc]);
    assert.equal(encodingOf('gpt-4o-mini'), 'o200k_base');
    assert.equal(encodingOf('openai/gpt-5'), 'o200k_base');
    assert.equal(encodingOf('gpt-3.5-turbo'), 'cl100k_base');
    assert.equal(encodingOf('claude-3-5-sonnet'), undefined);
    assert.ok(counter.exact('gpt-4o'));
    assert.ok(!counter.exact('deepseek-chat'));
    assert.equal(counter.text('hello world', 'gpt-4o'), 2);
    assert.equal(counter.text('hello world', 'deepseek-chat'), 3);
  });

  it('splits a request into system, tool and message tokens', () => {
    const counter = new TokenCounter();
    const s = counter.split({
      model: 'm',
      messages: [
        { role: 'system', content: 'x'.repeat(400) },
        { role: 'user', content: 'y'.repeat(40) },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'read_file', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c', content: 'z'.repeat(4000) },
      ],
    });
    assert.equal(s.system, 104);
    assert.equal(s.messages, 14);
    assert.ok(s.tools > 1000);
  });

  it('calibrates the estimate from the gateway usage, clamped', () => {
    const counter = new TokenCounter();
    const req = { model: 'm', messages: [{ role: 'user' as const, content: 'a'.repeat(396) }] };
    assert.equal(counter.count(req), 103);
    counter.calibrate('m', 103, 206);
    assert.equal(counter.count(req), 206);
    counter.calibrate('m', 100, 100000);
    assert.ok(counter.ratio('m') <= 3);
    assert.equal(counter.ratio('other'), 1);
  });
});
