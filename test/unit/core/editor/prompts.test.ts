// Prompts and context built from editor code: fences, paths, languages, line ranges, truncation, English and Chinese.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildContextBlock,
  fenceFor,
  formatSnippet,
  linesAround,
  truncateSnippet,
  type CodeSnippet,
  type ContextItem,
} from '../../../../src/core/editor/editorContext';
import {
  buildAskPrompt,
  buildExplainPrompt,
  buildFixPrompt,
  buildMessageWithContext,
} from '../../../../src/core/editor/prompts';
import { promptLanguageFor } from '../../../../src/core/editor/editorContextStrings';

const snippet = (code: string, over: Partial<CodeSnippet> = {}): CodeSnippet => {
  const startLine = over.startLine ?? 10;
  return {
    path: 'src/app/main.ts',
    languageId: 'typescript',
    startLine,
    endLine: startLine + code.split('\n').length - 1,
    code,
    ...over,
  };
};

/** The code between the first fence line and its closing fence. */
function fencedBody(text: string): { fence: string; info: string; body: string } {
  const m = /^(`{3,})([^\n`]*)\n([\s\S]*?)\n\1$/m.exec(text);
  assert.ok(m, `no fenced block in:\n${text}`);
  return { fence: m[1]!, info: m[2]!, body: m[3]! };
}

describe('fences', () => {
  it('are three backticks for code without backticks', () => {
    assert.equal(fenceFor('const a = 1;'), '```');
  });

  it('are longer than the longest backtick run inside the code', () => {
    assert.equal(fenceFor('```js\nx\n```'), '````');
    assert.equal(fenceFor('a ````` b ` c'), '``````');
  });

  it('keep a markdown file with its own fences intact inside the block', () => {
    const md = '# Title\n\n```ts\nconst x = 1;\n```\n\nend';
    const out = formatSnippet(snippet(md, { path: 'README.md', languageId: 'markdown', startLine: 1 }), 'en');
    const { fence, info, body } = fencedBody(out);
    assert.equal(fence, '````');
    assert.equal(info, 'markdown');
    assert.equal(body, md);
  });
});

describe('a formatted snippet', () => {
  it('names the workspace-relative path, the language id and the line range above the fenced code', () => {
    const out = formatSnippet(snippet('let a = 1;\nlet b = 2;'), 'en');
    const [header] = out.split('\n');
    assert.equal(header, '`src/app/main.ts` (typescript, lines 10–11):');
    assert.deepEqual(fencedBody(out), { fence: '```', info: 'typescript', body: 'let a = 1;\nlet b = 2;' });
  });

  it('says "line N" for one line and normalises CRLF', () => {
    const out = formatSnippet(snippet('x();\r\n', { endLine: 10 }), 'en');
    assert.match(out.split('\n')[0]!, /\(typescript, line 10\):$/);
    assert.equal(fencedBody(out).body, 'x();');
    assert.equal(out.includes('\r'), false);
  });

  it('is written in Chinese for the Chinese display language', () => {
    const out = formatSnippet(snippet('a\nb\nc'), 'zh');
    assert.equal(out.split('\n')[0], '`src/app/main.ts`（typescript，第 10–12 行）：');
  });
});

describe('prompt language', () => {
  it('is Chinese for every zh display language and English for the rest', () => {
    for (const l of ['zh-cn', 'zh-CN', 'zh-tw', 'zh']) assert.equal(promptLanguageFor(l), 'zh', l);
    for (const l of ['en', 'en-us', 'de', 'ja', '', undefined, 'zhx'])
      assert.equal(promptLanguageFor(l), 'en', String(l));
  });
});

describe('Explain / Ask / Fix prompts', () => {
  const code = 'function add(a, b) {\n  return a - b;\n}';

  it('Explain asks for an explanation and carries the code block', () => {
    const p = buildExplainPrompt(snippet(code, { languageId: 'javascript', path: 'lib/add.js' }), 'en', 10_000);
    assert.equal(p.truncated, false);
    assert.match(p.text, /^Explain what this code does/);
    assert.ok(p.text.includes('`lib/add.js` (javascript, lines 10–12):\n```javascript\n' + code + '\n```'));
  });

  it('Explain in Chinese', () => {
    const p = buildExplainPrompt(snippet(code), 'zh', 10_000);
    assert.match(p.text, /^请逐步解释这段代码/);
    assert.ok(p.text.includes('第 10–12 行'));
    assert.equal(/Explain/.test(p.text), false);
  });

  it('Ask puts the question first, trimmed, then the code', () => {
    const p = buildAskPrompt(snippet(code), '  Why is this wrong?\n', 'en', 10_000);
    assert.ok(p.text.startsWith('Why is this wrong?\n\n`src/app/main.ts`'));
    assert.equal(fencedBody(p.text).body, code);
  });

  it('Fix names the place, quotes the diagnostic with source and code, shows the code and asks for a replacement', () => {
    const p = buildFixPrompt(
      snippet(code, { startLine: 1, endLine: 3 }),
      { message: "Cannot find name 'b'.", severity: 'error', startLine: 2, endLine: 2, source: 'ts', code: '2304' },
      'en',
      10_000,
    );
    const parts = p.text.split('\n\n');
    assert.equal(parts[0], 'Fix the problem reported in `src/app/main.ts` at line 2.');
    assert.equal(parts[1], "Error from ts (2304): Cannot find name 'b'.");
    assert.equal(fencedBody(p.text).body, code);
    assert.match(parts.at(-1)!, /corrected code as one complete code block/);
  });

  it('Fix in Chinese', () => {
    const p = buildFixPrompt(
      snippet(code, { startLine: 1, endLine: 3 }),
      { message: '未使用的变量', severity: 'warning', startLine: 1, endLine: 3 },
      'zh',
      10_000,
    );
    assert.ok(p.text.startsWith('请修复 `src/app/main.ts` 第 1–3 行报告的问题。'));
    assert.ok(p.text.includes('警告：未使用的变量'));
  });
});

describe('truncation', () => {
  const lines = Array.from({ length: 200 }, (_, i) => `line_${String(i + 1).padStart(3, '0')}();`);
  const big = lines.join('\n');

  it('cuts at a line end within the budget and shrinks the line range', () => {
    const t = truncateSnippet(snippet(big, { startLine: 1 }), 100);
    assert.ok(t.snippet.code.length <= 100);
    assert.equal(t.snippet.code, lines.slice(0, t.snippet.code.split('\n').length).join('\n'), 'whole lines only');
    assert.equal(t.snippet.endLine, t.snippet.code.split('\n').length);
    assert.equal(t.omittedChars, big.length - t.snippet.code.length);
    assert.equal(t.originalEndLine, 200);
  });

  it('leaves code that fits untouched', () => {
    const t = truncateSnippet(snippet('short'), 100);
    assert.equal(t.omittedChars, 0);
    assert.equal(t.snippet.code, 'short');
  });

  it('never splits a surrogate pair in one long line', () => {
    const t = truncateSnippet(snippet('😀'.repeat(100)), 51);
    assert.equal(t.snippet.code, '😀'.repeat(25));
  });

  it('adds a visible notice with the lines and characters kept (English)', () => {
    const p = buildExplainPrompt(snippet(big, { startLine: 1 }), 'en', 1_000);
    assert.equal(p.truncated, true);
    const kept = fencedBody(p.text).body;
    assert.ok(kept.length <= 1_000);
    const n = kept.split('\n').length;
    assert.ok(
      p.text.endsWith(
        `[Truncated: only lines 1–${n} of lines 1–200 of \`src/app/main.ts\` are included (${kept.length.toLocaleString('en-US')} of ${big.length.toLocaleString('en-US')} characters) to stay within the context size limit.]`,
      ),
      p.text.slice(-300),
    );
    assert.ok(p.text.includes(`(typescript, lines 1–${n})`), 'the header names the lines actually sent');
  });

  it('adds a visible notice in Chinese', () => {
    const p = buildAskPrompt(snippet(big, { startLine: 1 }), '这是什么？', 'zh', 500);
    assert.equal(p.truncated, true);
    assert.match(p.text, /\[已截断：为不超过上下文长度限制，`src\/app\/main\.ts` 的第 1–200 行中只包含第 1–\d+ 行/);
  });

  it('finds the lines around a diagnostic, clamped to the document', () => {
    assert.deepEqual(linesAround(3, 3, 100, 10), { startLine: 1, endLine: 13 });
    assert.deepEqual(linesAround(95, 96, 100, 10), { startLine: 85, endLine: 100 });
    assert.deepEqual(linesAround(50, 50, 100, 0), { startLine: 50, endLine: 50 });
  });
});

describe('context chips', () => {
  const file: ContextItem = {
    kind: 'file',
    snippet: snippet('export const x = 1;\n', { path: 'src/x.ts', startLine: 1, endLine: 1 }),
  };
  const editors: ContextItem = { kind: 'openEditors', paths: ['src/x.ts', 'README.md'] };
  const problems: ContextItem = {
    kind: 'problems',
    problems: [{ path: 'src/x.ts', line: 4, severity: 'error', message: "Cannot find\nname 'y'.", source: 'ts' }],
  };

  it('without chips the message is sent unchanged', () => {
    assert.deepEqual(buildMessageWithContext('hello', [], 'en', 1000), {
      text: 'hello',
      truncated: false,
      truncatedItems: [],
    });
  });

  it('precede the message: file as a fenced block, open editors and problems as lists', () => {
    const m = buildMessageWithContext('What is x?', [file, editors, problems], 'en', 10_000);
    assert.equal(m.truncated, false);
    assert.equal(
      m.text,
      [
        'Context from my editor:',
        '`src/x.ts` (typescript, line 1):\n```typescript\nexport const x = 1;\n```',
        'Open editors:\n- src/x.ts\n- README.md',
        "Problems:\n- src/x.ts:4 error: Cannot find name 'y'. (ts)",
        'What is x?',
      ].join('\n\n'),
    );
  });

  it('share the budget in order; what does not fit is cut or left out with a notice', () => {
    const bigFile: ContextItem = {
      kind: 'file',
      snippet: snippet('x'.repeat(200) + '\n' + 'y'.repeat(5000), { path: 'big.ts', startLine: 1 }),
    };
    const block = buildContextBlock([bigFile, editors, problems], 300, 'en');
    assert.deepEqual(block.truncatedItems, [0, 1, 2]);
    assert.match(block.text, /\[Truncated: only line 1 of lines 1–2 of `big\.ts`/);
    assert.match(block.text, /\[Left out: Open editors did not fit within the context size limit\.\]/);
    assert.match(block.text, /\[Left out: Problems did not fit/);
    assert.equal(block.text.includes('y'.repeat(10)), false);
  });

  it('a long list is cut to whole entries with a count of what was left out', () => {
    const many: ContextItem = { kind: 'openEditors', paths: Array.from({ length: 100 }, (_, i) => `src/file${i}.ts`) };
    const block = buildContextBlock([many], 200, 'zh');
    assert.match(block.text, /^以下是我编辑器中的上下文：\n\n打开的编辑器：\n- src\/file0\.ts/);
    const shown = block.text.split('\n').filter((l) => l.startsWith('- ')).length;
    assert.ok(shown > 0 && shown < 100);
    assert.ok(block.text.endsWith(`[已截断：为不超过上下文长度限制，另有 ${100 - shown} 项未包含。]`));
    assert.deepEqual(block.truncatedItems, [0]);
  });
});
