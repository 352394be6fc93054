// Validation of messages from the chat webview: types, sizes, and nothing unknown gets through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isOpenableUrl, parseWebviewMessage } from '../../../../src/shared/chat/parseWebviewMessage';
import { MAX_IMAGES_PER_MESSAGE, MAX_TEXT_CHARS } from '../../../../src/shared/chat/protocol';

const png = { name: 'a.png', mime: 'image/png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=', width: 10, height: 20 };

test('well-formed messages come back typed', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'webview/ready' }), { type: 'webview/ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'chat/send', text: 'hi', images: [png], extra: 1 }), {
    type: 'chat/send',
    text: 'hi',
    images: [png],
  });
  assert.deepEqual(parseWebviewMessage({ type: 'chat/cancel', requestId: 'req_1-a' }), {
    type: 'chat/cancel',
    requestId: 'req_1-a',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'code/open', code: 'x', language: 'c++' }), {
    type: 'code/open',
    code: 'x',
    language: 'c++',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'history/rename', id: 'abc', title: 'New' }), {
    type: 'history/rename',
    id: 'abc',
    title: 'New',
  });
});

test('junk, unknown types and prototype keys are refused', () => {
  for (const raw of [
    null,
    undefined,
    42,
    'chat/send',
    [],
    {},
    { type: 'nope' },
    { type: 'toString' },
    { type: '__proto__' },
    { type: 7 },
  ]) {
    assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw));
  }
});

test('wrong field types and sizes are refused', () => {
  const bad: unknown[] = [
    { type: 'chat/send', text: 5, images: [] },
    { type: 'chat/send', text: 'x', images: 'no' },
    { type: 'chat/send', text: '   ', images: [] },
    { type: 'chat/send', text: 'x'.repeat(MAX_TEXT_CHARS + 1), images: [] },
    { type: 'chat/send', text: 'x', images: Array(MAX_IMAGES_PER_MESSAGE + 1).fill(png) },
    {
      type: 'chat/send',
      text: 'x',
      images: [{ ...png, mime: 'image/svg+xml', dataUrl: 'data:image/svg+xml;base64,AA==' }],
    },
    { type: 'chat/send', text: 'x', images: [{ ...png, dataUrl: 'https://attacker.example/a.png' }] },
    { type: 'chat/send', text: 'x', images: [{ ...png, dataUrl: 'data:image/jpeg;base64,AA==' }] },
    { type: 'chat/send', text: 'x', images: [{ ...png, dataUrl: 'data:image/png;base64,<script>' }] },
    { type: 'chat/send', text: 'x', images: [{ ...png, width: 4096 }] },
    { type: 'chat/send', text: 'x', images: [{ ...png, height: 0 }] },
    { type: 'chat/cancel', requestId: '../../etc' },
    { type: 'chat/cancel' },
    { type: 'history/open', id: '../secrets' },
    { type: 'history/delete', id: '' },
    { type: 'history/rename', id: 'a', title: '  ' },
    { type: 'code/open', code: 'x', language: 'js"><script>' },
    { type: 'link/open', url: '' },
    { type: 'link/open', url: { href: 'x' } },
    { type: 'chat/editAndResend', messageId: 'a', text: '' },
    { type: 'chat/setModel', model: '' },
  ];
  for (const raw of bad) assert.equal(parseWebviewMessage(raw), undefined, JSON.stringify(raw).slice(0, 120));
});

test('only http(s) and mailto links are openable', () => {
  assert.ok(isOpenableUrl('https://example.com/a?b=c'));
  assert.ok(isOpenableUrl('http://example.com'));
  assert.ok(isOpenableUrl('mailto:someone@example.com'));
  for (const u of [
    'command:workbench.action.terminal.new',
    'vscode://file/etc/passwd',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<b>',
    'JAVASCRIPT:alert(1)',
    'not a url',
    '//example.com',
  ]) {
    assert.equal(isOpenableUrl(u), false, u);
  }
});

test('an action on a generated image names a known action, a message id and an index in range', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'image/act', messageId: 'm-1', index: 0, action: 'insertMarkdown' }), {
    type: 'image/act',
    messageId: 'm-1',
    index: 0,
    action: 'insertMarkdown',
  });
  for (const bad of [
    { type: 'image/act', messageId: 'm-1', index: 0, action: 'delete' },
    { type: 'image/act', messageId: '../x', index: 0, action: 'open' },
    { type: 'image/act', messageId: 'm-1', index: -1, action: 'open' },
    { type: 'image/act', messageId: 'm-1', index: 1.5, action: 'open' },
    { type: 'image/act', messageId: 'm-1', index: MAX_IMAGES_PER_MESSAGE, action: 'open' },
    { type: 'image/act', messageId: 'm-1', index: 0 },
  ])
    assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
});
