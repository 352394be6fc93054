// Every %key% in package.json has English and Simplified Chinese text; every host and webview string is a literal l10n call with zh-cn.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { coreMessages } from '../../../src/core';
import { chatSessionMessages, chatToolMessages } from '../../../src/core/chat';
import { STRING_KEYS } from '../../../src/shared/chat/protocol';

const root = path.resolve(__dirname, '../../..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

/** All `%key%` placeholders anywhere in the manifest. */
function manifestKeys(): string[] {
  const keys = new Set<string>();
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      const m = /^%([^%\s]+)%$/.exec(v);
      if (m) keys.add(m[1]);
    } else if (v && typeof v === 'object') {
      for (const child of Object.values(v)) walk(child);
    }
  };
  walk(readJson('package.json'));
  return [...keys].sort();
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.ts$/.test(name) && !/\.d\.ts$/.test(name)) out.push(full);
  }
  return out;
}

/** Unescapes a JS string literal body the way the compiler would for the characters we use. */
function unescape(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    if (e[0] === 'u') return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[e] ?? e;
  });
}

/** Literal first arguments of `vscode.l10n.t(…)`, `l10n.t(…)` and a Translate named `t(…)`. */
export function l10nLiterals(source: string): string[] {
  const out: string[] = [];
  const re = /(?:\bl10n\.t|\bt)\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g;
  for (const m of source.matchAll(re)) {
    if (m[1] === '`' && m[2].includes('${')) continue;
    out.push(unescape(m[2]));
  }
  return out;
}

/** Calls `l10n.t(` or `<something>.t(` whose first argument is not a plain string literal (with its position). */
export function nonLiteralL10nCalls(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(/\b(?:l10n|services)\.t\(\s*/g)) {
    const rest = source.slice(m.index! + m[0].length);
    const literal = /^(['"])(?:\\.|(?!\1)[^\\])*\1|^`[^`$]*`/.exec(rest);
    if (!literal)
      out.push(
        `${source.slice(0, m.index).split('\n').length}: ${source.slice(m.index, m.index! + m[0].length + 30).replace(/\s+/g, ' ')}`,
      );
  }
  return out;
}

/** The `key: vscode.l10n.t('literal'…)` entries of the object literal that `functionName` returns. */
export function literalTable(source: string, functionName: string): Map<string, string | undefined> {
  const start = source.indexOf(`function ${functionName}(`);
  assert.ok(start >= 0, `${functionName} not found`);
  const open = source.indexOf('return {', start);
  const close = source.indexOf('\n  };', open);
  // An entry starts at a `key:` line; Prettier may wrap its value onto the lines that follow.
  const entries: [string, string][] = [];
  for (const line of source.slice(open + 'return {'.length, close).split('\n')) {
    const m = /^\s*(\w+):\s*(.*)$/.exec(line);
    if (m) entries.push([m[1]!, m[2]!]);
    else if (entries.length) entries[entries.length - 1]![1] += ` ${line.trim()}`;
  }
  const out = new Map<string, string | undefined>();
  for (const [key, value] of entries) {
    out.set(key, /^vscode\.l10n\.t\(\s*['"`]/.test(value) ? l10nLiterals(value)[0] : undefined);
  }
  return out;
}

const hostFiles = () => [...sourceFiles(path.join(root, 'src/host')), path.join(root, 'src/extension.ts')];
/** The one place a non-literal reaches l10n: the Translate adaptor that the core's tables (checked below) go through. */
const TRANSLATE_ADAPTOR = 'src/host/services/services.ts';

describe('localization', () => {
  it('finds the literals it is meant to check', () => {
    const sample = `vscode.l10n.t('It\\'s {0}', x); t("two"); services.t('three'); const tt = format('no');`;
    assert.deepEqual(l10nLiterals(sample), ["It's {0}", 'two', 'three']);
  });

  it('finds l10n calls whose first argument is not a literal', () => {
    const sample = `vscode.l10n.t('ok'); vscode.l10n.t(table.key); services.t(x, 1); this.services.t("fine"); l10n.t(\n  'multi');`;
    assert.deepEqual(
      nonLiteralL10nCalls(sample).map((s) => s.split(':')[0]),
      ['1', '1'],
    );
  });

  it('every l10n call in src/host and src/extension.ts has a literal first argument', () => {
    const found: string[] = [];
    for (const file of hostFiles()) {
      const rel = path.relative(root, file);
      const calls = nonLiteralL10nCalls(readFileSync(file, 'utf8'));
      if (rel === TRANSLATE_ADAPTOR && calls.length === 1) continue;
      found.push(...calls.map((c) => `${rel}:${c}`));
    }
    assert.deepEqual(found, []);
  });

  it("every sentence of the core's tables (gateway errors, chat session) has a zh-cn translation", () => {
    const zh = readJson('l10n/bundle.l10n.zh-cn.json');
    const all = [
      ...Object.values(coreMessages),
      ...Object.values(chatSessionMessages),
      ...Object.values(chatToolMessages),
    ];
    assert.ok(all.length > 20);
    assert.deepEqual(
      all.filter((en) => typeof zh[en] !== 'string' || !(zh[en] as string).trim()),
      [],
    );
  });

  it("every key of the chat webview's string table is produced by a literal l10n call", () => {
    const table = literalTable(
      readFileSync(path.join(root, 'src/host/chat/chatStrings.ts'), 'utf8'),
      'buildWebviewStrings',
    );
    assert.deepEqual([...table.keys()].sort(), [...STRING_KEYS].sort());
    assert.deepEqual(
      [...table].filter(([, literal]) => literal === undefined).map(([k]) => k),
      [],
    );
  });

  it("every key of the video preview's strings is produced by a literal l10n call", () => {
    const protocol = readFileSync(path.join(root, 'src/shared/video/videoProtocol.ts'), 'utf8');
    const body = /interface VideoPreviewStrings \{([^}]*)\}/.exec(protocol)![1]!;
    const keys = [...body.matchAll(/^\s*(\w+):/gm)].map((m) => m[1]!);
    assert.ok(keys.length >= 5);
    const table = literalTable(
      readFileSync(path.join(root, 'src/host/video/videoPreviewPanel.ts'), 'utf8'),
      'previewStrings',
    );
    assert.deepEqual([...table.keys()].sort(), keys.sort());
    assert.deepEqual(
      [...table].filter(([, literal]) => literal === undefined).map(([k]) => k),
      [],
    );
  });

  it('every %key% in package.json has an English and a Simplified Chinese entry', () => {
    const keys = manifestKeys();
    assert.ok(keys.length >= 3, 'the manifest uses %key% titles');
    for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
      const nls = readJson(file);
      const missing = keys.filter((k) => typeof nls[k] !== 'string' || !(nls[k] as string).trim());
      assert.deepEqual(missing, [], `${file} lacks these keys`);
    }
  });

  it('every l10n string in src/host and src/extension.ts has a zh-cn translation', () => {
    const zh = readJson('l10n/bundle.l10n.zh-cn.json');
    const files = hostFiles();
    const missing: string[] = [];
    let count = 0;
    for (const file of files) {
      for (const literal of l10nLiterals(readFileSync(file, 'utf8'))) {
        count++;
        const value = zh[literal];
        if (typeof value !== 'string' || !value.trim()) missing.push(`${path.relative(root, file)}: ${literal}`);
      }
    }
    assert.ok(count > 10, 'host code has localized strings');
    assert.deepEqual(missing, []);
  });

  it('every zh-cn translation keeps the placeholders of its English source', () => {
    const zh = readJson('l10n/bundle.l10n.zh-cn.json');
    const placeholders = (s: string) =>
      [...s.matchAll(/\{\d+\}/g)]
        .map((m) => m[0])
        .sort()
        .join();
    const wrong = Object.entries(zh).filter(
      ([en, cn]) => typeof cn === 'string' && placeholders(en) !== placeholders(cn),
    );
    assert.deepEqual(wrong, []);
  });
});
