// Consent shows everything it allows: invisible and direction-changing characters escaped, nothing cut.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { argumentsForDisplay, escapeInvisible, needsFullView } from '../../../../src/core/tools';

describe('consent text', () => {
  it('escapes bidi overrides, isolates, marks, zero-width characters, the BOM and controls', () => {
    for (const c of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'])
      assert.equal(escapeInvisible(`a${c}b`), `a\\u${c.charCodeAt(0).toString(16).toUpperCase()}b`);
    for (const c of [
      '\u200e',
      '\u200f',
      '\u061c',
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u0000',
      '\u001b',
      '\r',
      '\u0085',
    ])
      assert.doesNotMatch(escapeInvisible(`a${c}b`), new RegExp(c === '\r' ? '\\r' : c));
    assert.equal(escapeInvisible('line\n\tnext 中文'), 'line\n\tnext 中文');
  });
  it('pretty-prints JSON arguments and escapes what JSON leaves raw', () => {
    const shown = argumentsForDisplay('{"path":"a\u202Etxt.exe"}');
    assert.equal(shown, '{\n  "path": "a\\u202Etxt.exe"\n}');
    assert.equal(argumentsForDisplay('not json \u200b'), 'not json \\u200B');
  });
  it('keeps every character of long arguments and says when they need the full view', () => {
    const long = JSON.stringify({ content: 'x'.repeat(20_000) });
    const shown = argumentsForDisplay(long);
    assert.ok(shown.includes('x'.repeat(20_000)), 'never cut');
    assert.equal(needsFullView(shown), true);
    assert.equal(needsFullView(argumentsForDisplay('{"path":"a.ts"}')), false);
    assert.equal(needsFullView(Array.from({ length: 40 }, () => 'l').join('\n')), true);
  });
});
