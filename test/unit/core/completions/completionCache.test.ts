// The prefix cache, the adaptive debounce and the endpoint choice: pure logic.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AdaptiveDebounce } from '../../../../src/core/completions/adaptiveDebounce';
import { CompletionCache } from '../../../../src/core/completions/completionCache';
import { chooseEndpoint, isFimModel } from '../../../../src/core/completions/fimModels';

describe('prefix cache', () => {
  const prefix = 'function add(a, b) {\n  return ';
  const suffix = '\n}\n';

  test('the same place gives the suggestion back', () => {
    const c = new CompletionCache();
    c.put('doc', prefix.length, prefix, suffix, 'a + b;');
    assert.equal(c.get('doc', prefix.length, prefix, suffix), 'a + b;');
  });

  test('typing the suggested characters gives the rest', () => {
    const c = new CompletionCache();
    c.put('doc', prefix.length, prefix, suffix, 'a + b;');
    assert.equal(c.get('doc', (prefix + 'a').length, prefix + 'a', suffix), ' + b;');
    assert.equal(c.get('doc', (prefix + 'a + ').length, prefix + 'a + ', suffix), 'b;');
    assert.equal(
      c.get('doc', (prefix + 'a + b;').length, prefix + 'a + b;', suffix),
      undefined,
      'all typed: nothing left to suggest',
    );
  });

  test('typing something else misses', () => {
    const c = new CompletionCache();
    c.put('doc', prefix.length, prefix, suffix, 'a + b;');
    assert.equal(c.get('doc', (prefix + 'b').length, prefix + 'b', suffix), undefined);
  });

  test('deleting back within the line shows the deleted text and the suggestion', () => {
    const c = new CompletionCache();
    c.put('doc', prefix.length, prefix, suffix, 'a + b;');
    assert.equal(c.get('doc', prefix.length - 3, prefix.slice(0, -3), suffix), 'rn a + b;');
    assert.equal(c.get('doc', 20, 'function add(a, b) {', suffix), undefined, 'not across a line break');
  });

  test('another document or another suffix misses', () => {
    const c = new CompletionCache();
    c.put('doc', prefix.length, prefix, suffix, 'a + b;');
    assert.equal(c.get('other', prefix.length, prefix, suffix), undefined);
    assert.equal(c.get('doc', prefix.length, prefix, '\n}\nmore'), undefined);
  });

  test('an empty answer is remembered, so the same place is not asked again', () => {
    const c = new CompletionCache();
    c.put('doc', prefix.length, prefix, suffix, '');
    assert.equal(c.get('doc', prefix.length, prefix, suffix), '');
  });

  test('a windowed prefix is placed by the document offset', () => {
    const c = new CompletionCache();
    c.put('doc', 10_000, prefix, suffix, 'a + b;');
    assert.equal(c.get('doc', 10_002, prefix.slice(2) + 'a ', suffix), '+ b;');
    assert.equal(c.get('doc', 10_002, prefix + 'a ', suffix), '+ b;');
    assert.equal(c.get('doc', 10_001, prefix.slice(1) + 'x', suffix), undefined);
  });

  test('the oldest entry goes when the cache is full', () => {
    const c = new CompletionCache(2);
    c.put('doc', 'a'.length, 'a', '', 'x');
    c.put('doc', 'bb'.length, 'bb', '', 'y');
    c.put('doc', 'ccc'.length, 'ccc', '', 'z');
    assert.equal(c.size, 2);
    assert.equal(c.get('doc', 'a'.length, 'a', ''), undefined);
    assert.equal(c.get('doc', 'ccc'.length, 'ccc', ''), 'z');
  });
});

describe('adaptive debounce', () => {
  test('a fast typist waits less than a slow one, within bounds', () => {
    const fast = new AdaptiveDebounce();
    const slow = new AdaptiveDebounce();
    for (let i = 0; i < 30; i++) {
      fast.keystroke(i * 70);
      slow.keystroke(i * 300);
    }
    assert.ok(fast.delayMs() < slow.delayMs(), `${fast.delayMs()} < ${slow.delayMs()}`);
    assert.ok(fast.delayMs() > 70, 'longer than the typical gap, so a burst is not interrupted');
    assert.ok(slow.delayMs() <= 400);
  });

  test('pauses do not count as typing speed', () => {
    const d = new AdaptiveDebounce();
    for (let i = 0; i < 30; i++) d.keystroke(i * 100);
    const before = d.delayMs();
    d.keystroke(29 * 100 + 5000);
    assert.equal(d.delayMs(), before);
  });
});

describe('endpoint choice', () => {
  test('FIM families are recognised', () => {
    for (const m of [
      'deepseek-coder',
      'codestral-latest',
      'qwen2.5-coder-32b-instruct',
      'starcoder2-15b',
      'gpt-3.5-turbo-instruct',
    ])
      assert.ok(isFimModel(m), m);
    for (const m of ['gpt-4o-mini', 'claude-3-5-sonnet', 'gemini-2.0-flash']) assert.ok(!isFimModel(m), m);
  });

  test('auto: completions for FIM families unless the model refused; explicit settings win', () => {
    assert.equal(chooseEndpoint('auto', 'codestral-latest', new Set()), 'completions');
    assert.equal(chooseEndpoint('auto', 'codestral-latest', new Set(['codestral-latest'])), 'chat');
    assert.equal(chooseEndpoint('auto', 'gpt-4o-mini', new Set()), 'chat');
    assert.equal(chooseEndpoint('completions', 'gpt-4o-mini', new Set()), 'completions');
    assert.equal(chooseEndpoint('chat', 'codestral-latest', new Set()), 'chat');
  });
});
