// An image answer as the chat webview gets it: the saved files as webview URIs, or the kept copies when one is gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageView } from '../../../src/host/chat/messageView';
import type { SessionMessage } from '../../../src/core/chat';

const image = (name: string) => ({
  name,
  mime: 'image/png' as const,
  dataUrl: 'data:image/png;base64,iVBORw0KGgo=',
  width: 256,
  height: 128,
});

test('files on disk are shown through the webview route and no data: copy is posted; a missing file falls back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'applerouter-view-'));
  const files = [join(dir, 'a.png'), join(dir, 'b.png')];
  for (const f of files) writeFileSync(f, 'x');
  const m: SessionMessage = {
    id: 'm1',
    role: 'assistant',
    text: '',
    status: 'done',
    createdAt: 1,
    model: 'dall-e-3',
    images: [image('a.png'), image('b.png')],
    generated: { files, prompt: 'p', revisedPrompt: 'P!' },
  };
  const src = (f: string) => `https://file+.vscode-resource.vscode-cdn.net${f}`;
  const v = messageView(m, src, 0.08);
  assert.equal(v.images, undefined, 'no megabytes of data: URIs through postMessage');
  assert.equal(v.costUsd, 0.08);
  assert.deepEqual(v.generated, {
    revisedPrompt: 'P!',
    files: files.map((f, i) => ({ name: i ? 'b.png' : 'a.png', src: src(f), width: 256, height: 128 })),
  });
  rmSync(files[1]!);
  const w = messageView(m, src);
  assert.deepEqual(w.generated, { revisedPrompt: 'P!' });
  assert.equal(w.images?.length, 2, 'the kept copies instead');
  rmSync(dir, { recursive: true, force: true });
});
