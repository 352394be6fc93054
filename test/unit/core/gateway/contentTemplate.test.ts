// ContentTemplate: a chunk that repeats a learned one but for its content string is read without a whole parse, and
// nothing else ever is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ContentTemplate } from '../../../../src/core/gateway/contentTemplate';

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1723031664,
    model: 'gpt-4o',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: null }],
    ...extra,
  });

/** A template that has learned `data` (parsed with JSON.parse, as the iterator does). */
function learned(data: string): ContentTemplate {
  const t = new ContentTemplate();
  t.learn(data, JSON.parse(data));
  return t;
}

describe('ContentTemplate', () => {
  it('reads the content of a chunk that differs from the learned one only there, escapes and all', () => {
    const t = learned(chunk({ content: 'Hello' }));
    for (const text of [' world', '', '你好 🎉', 'a "quoted" \\ word', 'line\nbreak\t\u0001', '\u2028'])
      assert.equal(t.match(chunk({ content: text })), text);
    // Escaped however the gateway likes: \u escapes for plain letters are the same string.
    assert.equal(t.match(chunk({ content: 'x' }).replace('"x"', '"\\u0078\\u4f60"')), 'x你');
  });

  it('does not match a chunk with anything else changed, or with more than one string where the content was', () => {
    const t = learned(chunk({ content: 'Hello' }));
    assert.equal(t.match(chunk({ content: 'Hi' }, { model: 'gpt-4o-mini' })), undefined);
    assert.equal(t.match(chunk({ content: 'Hi', role: 'assistant' })), undefined);
    assert.equal(
      t.match(chunk({ content: 'Hi' }).replace('"finish_reason":null', '"finish_reason":"stop"')),
      undefined,
    );
    assert.equal(t.match(chunk({ content: 'Hi' }).replace('"Hi"', '"a","b"')), undefined);
    assert.equal(t.match(chunk({ content: 'Hi' }).replace('"Hi"', '"a"+"b"')), undefined);
    assert.equal(t.match(chunk({ content: 'Hi' }).replace('"Hi"', '1')), undefined);
    assert.equal(t.match(chunk({ content: 'Hi' }).replace('"Hi"', '"unterminated')), undefined);
  });

  it('learns nothing from chunks that carry more than content', () => {
    const others = [
      chunk({ content: 'a', reasoning_content: 'thinking' }),
      chunk({ content: 'a', tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '' } }] }),
      chunk({ content: 'a', refusal: 'no' }),
      chunk({ content: 'a' }, { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }),
      chunk({ content: 'a' }, { error: { message: 'boom' } }),
      chunk({ content: 'a' }).replace('"finish_reason":null', '"finish_reason":"stop"'),
      chunk({ content: 'a' }).replace('"index":0', '"index":1'),
      chunk({}),
      // "content" twice: the text around one of them could not tell which one changed.
      chunk({ content: 'a' }, { note: { content: 'b' } }),
    ];
    for (const data of others) {
      const t = learned(data);
      assert.equal(t.match(data), undefined, data);
    }
  });

  it('learns a chunk whose other delta fields are null (as DeepSeek writes them) and keeps the last plain one', () => {
    const t = learned(chunk({ content: 'a', reasoning_content: null }));
    assert.equal(t.match(chunk({ content: 'b', reasoning_content: null })), 'b');
    // The role-bearing first chunk is learned, then replaced by the plain ones that follow it.
    const u = learned(chunk({ role: 'assistant', content: '' }));
    assert.equal(u.match(chunk({ content: 'x' })), undefined);
    const plain = chunk({ content: 'x' });
    u.learn(plain, JSON.parse(plain));
    assert.equal(u.match(chunk({ content: 'y' })), 'y');
    // A chunk it does not learn from leaves the template as it was.
    const stop = chunk({ content: '' }).replace('"finish_reason":null', '"finish_reason":"stop"');
    u.learn(stop, JSON.parse(stop));
    assert.equal(u.match(chunk({ content: 'z' })), 'z');
  });
});
