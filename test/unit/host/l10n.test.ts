// Every %key% in package.json has English and Simplified Chinese text; every host string has a zh-cn translation.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

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

describe('localization', () => {
  it('finds the literals it is meant to check', () => {
    const sample = `vscode.l10n.t('It\\'s {0}', x); t("two"); services.t('three'); const tt = format('no');`;
    assert.deepEqual(l10nLiterals(sample), ["It's {0}", 'two', 'three']);
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
    const files = [...sourceFiles(path.join(root, 'src/host')), path.join(root, 'src/extension.ts')];
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
    const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort().join();
    const wrong = Object.entries(zh).filter(([en, cn]) => typeof cn === 'string' && placeholders(en) !== placeholders(cn));
    assert.deepEqual(wrong, []);
  });
});
