// Importing a webview module has no side effects; only the entry acquires the VS Code API, says ready and mounts on init.
/// <reference lib="dom" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { installDom, strings } from './domHarness';

const WEBVIEW = join(__dirname, '../../../../src/webview');

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? modules(join(dir, e.name))
      : e.name.endsWith('.ts') && e.name !== 'main.ts'
        ? [join(dir, e.name)]
        : [],
  );
}

test('every webview module but the entries imports without touching the DOM or acquiring the VS Code API', async () => {
  let acquired = 0;
  const g = globalThis as Record<string, unknown>;
  g.acquireVsCodeApi = () => void acquired++;
  try {
    const files = modules(WEBVIEW);
    assert.ok(files.length >= 15, `found the modules (${files.length})`);
    for (const f of files) {
      // No window or document exists here: a module that used them at import would throw.
      await assert.doesNotReject(import(f), relative(WEBVIEW, f));
    }
    assert.equal(acquired, 0);
  } finally {
    delete g.acquireVsCodeApi;
  }
});

test('the chat entry acquires the API once, posts webview/ready, and builds the view on init/didInit', async () => {
  const dom = installDom();
  const posted: unknown[] = [];
  let acquired = 0;
  const g = globalThis as Record<string, unknown>;
  g.acquireVsCodeApi = () => {
    acquired++;
    return {
      postMessage: (m: unknown) => posted.push(m),
      getState: () => ({ draft: 'kept draft' }),
      setState: () => undefined,
    };
  };
  try {
    await import('../../../../src/webview/chat/main');
    assert.deepEqual(posted, [{ type: 'webview/ready' }]);
    assert.equal(dom.document.querySelector('.composer-input'), null, 'nothing is drawn before the strings arrive');
    dom.window.dispatchEvent(
      new dom.window.MessageEvent('message', { data: { type: 'init/didInit', strings, hasKey: true } }),
    );
    const input = dom.document.querySelector<HTMLTextAreaElement>('.composer-input');
    assert.equal(input?.value, 'kept draft');
    input!.value = 'Hello';
    input!.dispatchEvent(new dom.window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    assert.deepEqual(posted.at(-1), { type: 'chat/send', text: 'Hello', images: [] });
    assert.equal(acquired, 1);
  } finally {
    delete g.acquireVsCodeApi;
    dom.close();
  }
});
