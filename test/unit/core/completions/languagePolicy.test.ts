// Which languages get completions: a language's own entry wins over "*"; a malformed value means the defaults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLanguageEnabled } from '../../../../src/core/completions/languagePolicy';

test('a language entry wins over "*", and "*" decides the rest', () => {
  const map = { '*': false, python: true };
  assert.equal(isLanguageEnabled(map, 'python'), true);
  assert.equal(isLanguageEnabled(map, 'typescript'), false);
  assert.equal(isLanguageEnabled({ markdown: false }, 'markdown'), false);
  assert.equal(isLanguageEnabled({ markdown: false }, 'go'), true);
});

test('the defaults leave prose and commit messages out', () => {
  for (const bad of [undefined, null, 'yes', ['python']]) {
    assert.equal(isLanguageEnabled(bad, 'typescript'), true);
    assert.equal(isLanguageEnabled(bad, 'markdown'), false);
    assert.equal(isLanguageEnabled(bad, 'scminput'), false);
  }
});
