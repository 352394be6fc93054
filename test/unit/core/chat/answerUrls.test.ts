// Load image fetches only URLs that the conversation's answers contain.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { urlInAnswers } from '../../../../src/core/chat/answerUrls';

describe('urlInAnswers', () => {
  const answers = [
    'Here: ![cat](https://img.example/cat.png "a cat") and <https://img.example/a b.png>',
    'see https://cdn.example/x.png?a=1&b=2.',
  ];
  it('finds URLs as written and as the same parsed URL', () => {
    assert.equal(urlInAnswers(answers, 'https://img.example/cat.png'), true);
    assert.equal(urlInAnswers(answers, 'https://cdn.example/x.png?a=1&b=2'), true);
    assert.equal(urlInAnswers(answers, 'https://IMG.example/cat.png'), true, 'host names compare parsed');
  });
  it('refuses what no answer holds, and what is no URL', () => {
    assert.equal(urlInAnswers(answers, 'http://169.254.169.254/latest/meta-data'), false);
    assert.equal(urlInAnswers(answers, 'https://img.example/dog.png'), false);
    assert.equal(urlInAnswers([], 'https://img.example/cat.png'), false);
    assert.equal(urlInAnswers(answers, 'not a url'), false);
  });
});
