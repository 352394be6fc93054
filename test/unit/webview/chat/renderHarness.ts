// Shared set-up for renderer tests and the bench: a jsdom window with the chat's markdown kit.
/// <reference lib="dom" />
import { JSDOM } from 'jsdom';
import { createMarkdownKit, type MarkdownKit } from '../../../../src/webview/chat/markdownKit';

export const testStrings = {
  copyCode: 'Copy',
  insertAtCursor: 'Insert at Cursor',
  openInEditor: 'Open in Editor',
  remoteImage: 'Remote image',
  loadImage: 'Load image',
  openImageLink: 'Open image link',
};

export function createDom(): { window: Window; document: Document; kit: MarkdownKit } {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  const window = dom.window as unknown as Window;
  return { window, document: window.document, kit: createMarkdownKit(window, testStrings) };
}

/** A small deterministic PRNG (mulberry32) so chunkings are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits text into chunks, never inside a UTF-16 surrogate pair (the host delivers whole code points). */
export function chunk(text: string, sizes: () => number): string[] {
  const cps = Array.from(text);
  const out: string[] = [];
  for (let i = 0; i < cps.length;) {
    const n = Math.max(1, sizes());
    out.push(cps.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}
