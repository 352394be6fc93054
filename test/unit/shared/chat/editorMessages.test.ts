// The chat view's editor messages (Apply to file, context chips) are checked at the border like every other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CODE_CHARS } from '../../../../src/shared/chat/protocol';
import { parseWebviewMessage } from '../../../../src/shared/chat/parseWebviewMessage';

describe('editor messages from the chat view', () => {
  it('code/apply carries the code and a plain language id', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'code/apply', code: 'return a + b;\n', language: 'ts' }), {
      type: 'code/apply',
      code: 'return a + b;\n',
      language: 'ts',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'code/apply', code: 'x', language: '' }), {
      type: 'code/apply',
      code: 'x',
      language: '',
    });
  });

  it('code/apply without code, with a hostile language or oversized code is dropped', () => {
    for (const bad of [
      { type: 'code/apply', language: 'ts' },
      { type: 'code/apply', code: 42, language: 'ts' },
      { type: 'code/apply', code: 'x', language: 'ts"><img src=x>' },
      { type: 'code/apply', code: 'x', language: 'a b' },
      { type: 'code/apply', code: 'x'.repeat(MAX_CODE_CHARS + 1), language: 'ts' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad).slice(0, 80));
    }
  });

  it('context/add has no fields; extra ones are not passed on', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'context/add', path: '/etc/passwd' }), { type: 'context/add' });
  });

  it('context/remove needs a chip id of sane length', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'context/remove', id: 'c3' }), { type: 'context/remove', id: 'c3' });
    assert.equal(parseWebviewMessage({ type: 'context/remove' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'context/remove', id: 7 }), undefined);
    assert.equal(parseWebviewMessage({ type: 'context/remove', id: 'x'.repeat(10_000) }), undefined);
  });
});
