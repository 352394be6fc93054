// Parameter resolution: glob keys, most specific wins, null suppresses, exact JSON types, invalid values with their key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchesModel, rejectedParameter, resolveParameters, specificity } from '../../../../src/core/params';

describe('matchesModel / specificity', () => {
  it('matches exact ids and * globs, case-insensitively, and nothing else', () => {
    assert.equal(matchesModel('gpt-4o', 'gpt-4o'), true);
    assert.equal(matchesModel('gpt-4o', 'gpt-4o-mini'), false);
    assert.equal(matchesModel('gpt-4o*', 'GPT-4o-mini'), true);
    assert.equal(matchesModel('*', 'anything'), true);
    assert.equal(matchesModel('o3*', 'gpt-o3'), false);
    assert.equal(matchesModel('gpt-4.?', 'gpt-4oo'), false, 'regex characters are literal');
  });
  it('an exact id is more specific than any glob; a longer glob more than a shorter one', () => {
    assert.ok(specificity('gpt-4o-mini') > specificity('gpt-4o-*'));
    assert.ok(specificity('gpt-4o-*') > specificity('gpt-*'));
    assert.ok(specificity('gpt-*') > specificity('*'));
  });
});

describe('resolveParameters', () => {
  const modelParameters = {
    '*': { temperature: 1, presence_penalty: 0.5 },
    'gpt-4o*': { temperature: 0.3, stop: ['<END>'], logit_bias: { '50256': -100 } },
    'gpt-4o-mini': { temperature: 0.1 },
    'o3*': { reasoning_effort: 'high' },
    'deepseek-r1': { temperature: null },
  };

  it('takes each parameter from the most specific matching key, with its JSON type', () => {
    const r = resolveParameters('gpt-4o', { modelParameters, global: { temperature: 0.9, top_p: 0.8 } });
    assert.deepEqual(r.params, {
      temperature: 0.3,
      top_p: 0.8,
      stop: ['<END>'],
      presence_penalty: 0.5,
      logit_bias: { '50256': -100 },
    });
    assert.deepEqual(r.sources.temperature, { source: 'model', key: 'gpt-4o*' });
    assert.deepEqual(r.sources.top_p, { source: 'global' });
    assert.deepEqual(r.sources.presence_penalty, { source: 'model', key: '*' });
    assert.equal(resolveParameters('gpt-4o-mini', { modelParameters }).params.temperature, 0.1);
    assert.deepEqual(r.problems, []);
  });

  it('the conversation beats model defaults, which beat the global settings', () => {
    const r = resolveParameters('gpt-4o', {
      modelParameters,
      global: { temperature: 0.9 },
      conversation: { temperature: 1.5, n: 2 },
    });
    assert.equal(r.params.temperature, 1.5);
    assert.equal(r.params.n, 2);
    assert.deepEqual(r.sources.temperature, { source: 'conversation' });
  });

  it('null suppresses a parameter a lower layer would send', () => {
    const r = resolveParameters('deepseek-r1', { modelParameters, global: { temperature: 0.9 } });
    assert.equal('temperature' in r.params, false);
    assert.deepEqual(r.sources.temperature, { source: 'model', key: 'deepseek-r1', suppressed: true });
    const c = resolveParameters('gpt-4o', { modelParameters, conversation: { stop: null } });
    assert.equal('stop' in c.params, false);
  });

  it('an invalid value is reported with its key and not sent; the next layer decides', () => {
    const r = resolveParameters('gpt-4o', {
      modelParameters: {
        'gpt-4o': { temperature: '0.3', n: 1.5, stop: 'x', logit_bias: { abc: 1 }, reasoning_effort: 'max', colour: 1 },
      },
      global: { temperature: 0.7 },
    });
    assert.deepEqual(r.params, { temperature: 0.7, stop: 'x' });
    const where = r.problems.map((p) => `${p.key}.${p.name}`).sort();
    assert.deepEqual(where, [
      'applerouter.modelParameters["gpt-4o"].colour',
      'applerouter.modelParameters["gpt-4o"].logit_bias',
      'applerouter.modelParameters["gpt-4o"].n',
      'applerouter.modelParameters["gpt-4o"].reasoning_effort',
      'applerouter.modelParameters["gpt-4o"].temperature',
    ]);
  });

  it('out-of-range numbers, a non-object entry and a malformed setting are refused', () => {
    const r = resolveParameters('gpt-4o', {
      modelParameters: { 'gpt-*': 3, 'gpt-4o': { top_p: 1.5, presence_penalty: -3 } },
    });
    assert.deepEqual(r.params, {});
    assert.equal(r.problems.length, 3);
    assert.deepEqual(resolveParameters('gpt-4o', { modelParameters: ['nonsense'] }).params, {});
  });
});

describe('rejectedParameter', () => {
  it('reads the parameter a 400 names, in new-api and OpenAI wording', () => {
    assert.equal(
      rejectedParameter(400, "Unsupported parameter: 'temperature' is not supported with this model."),
      'temperature',
    );
    assert.equal(rejectedParameter(400, "'top_p' is not supported with this model"), 'top_p');
    assert.equal(rejectedParameter(400, 'Unrecognized request argument supplied: logit_bias'), 'logit_bias');
  });
  it('ignores other statuses, other messages and names that are not parameters', () => {
    assert.equal(rejectedParameter(500, "Unsupported parameter: 'temperature'"), undefined);
    assert.equal(rejectedParameter(400, 'model is required'), undefined);
    assert.equal(rejectedParameter(400, "Unsupported parameter: 'messages'"), undefined);
  });
});

describe('parameterRows', () => {
  it('lists each parameter with its effective value, own value, source and range; reasoning effort only where it applies', async () => {
    const { parameterRows } = await import('../../../../src/core/params');
    const rows = parameterRows('gpt-4o', {
      global: { temperature: 0.9 },
      modelParameters: { 'gpt-4o*': { stop: ['<END>'] }, 'gpt-4o': { top_p: null } },
      conversation: { max_tokens: 50 },
    });
    const by = (n: string) => rows.find((r) => r.name === n)!;
    assert.deepEqual(by('temperature'), {
      name: 'temperature',
      value: '0.9',
      own: '',
      source: 'global',
      suppressed: false,
      range: '0 – 2',
    });
    assert.deepEqual(by('stop'), {
      name: 'stop',
      value: '["<END>"]',
      own: '',
      source: 'model',
      key: 'gpt-4o*',
      suppressed: false,
      range: '["<END>"]',
    });
    assert.equal(by('top_p').suppressed, true);
    assert.equal(by('top_p').value, '');
    assert.deepEqual([by('max_tokens').own, by('max_tokens').source], ['50', 'conversation']);
    assert.equal(by('n').source, 'unset');
    assert.equal(
      rows.some((r) => r.name === 'reasoning_effort'),
      false,
    );
    assert.equal(
      parameterRows('o3-mini', {}).some((r) => r.name === 'reasoning_effort'),
      true,
    );
  });
});
