// The layer rules of eslint.config.mjs, run through ESLint's Node API on planted files with the project's own config.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ESLint } from 'eslint';

let eslint: ESLint;

/** Lints `code` as if it were the file `filePath` (relative to the repository root) and returns "rule: message" lines. */
async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  assert.ok(result, `no lint result for ${filePath}`);
  return result.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

function assertOne(found: string[], rule: string, text: RegExp): void {
  assert.ok(
    found.some((p) => p.startsWith(`${rule}:`) && text.test(p)),
    `expected ${rule} matching ${text}, got:\n${found.join('\n') || '(nothing)'}`,
  );
}

describe('lint: layer import zones', () => {
  before(() => {
    eslint = new ESLint({ cwd: process.cwd() });
  });

  it('src/core may not import vscode', async () => {
    const found = await problems(
      'src/core/chat/planted.ts',
      "import * as vscode from 'vscode';\nexport const v = vscode;\n",
    );
    assertOne(found, 'no-restricted-imports', /vscode/);
  });

  it('src/core may not import host code', async () => {
    const found = await problems(
      'src/core/chat/planted.ts',
      "import { describeError } from '../../host/log';\nexport const d = describeError;\n",
    );
    assertOne(found, 'import/no-restricted-paths', /src\/core is plain Node/);
  });

  it('src/shared may not import anything outside src/shared', async () => {
    const found = await problems(
      'src/shared/chat/planted.ts',
      "import { isVeoModel } from '../../core/video';\nexport const v = isVeoModel;\n",
    );
    assertOne(found, 'import/no-restricted-paths', /src\/shared imports nothing outside/);
  });

  it('src/webview may not import host or core code', async () => {
    const host = await problems(
      'src/webview/chat/planted.ts',
      "import { describeError } from '../../host/log';\nexport const d = describeError;\n",
    );
    assertOne(host, 'import/no-restricted-paths', /src\/webview imports no host or core code/);
    const core = await problems(
      'src/webview/chat/planted.ts',
      "import { isVeoModel } from '../../core/video';\nexport const v = isVeoModel;\n",
    );
    assertOne(core, 'import/no-restricted-paths', /src\/webview imports no host or core code/);
  });

  it('the host reaches the core only through an index', async () => {
    const inner = await problems(
      'src/host/planted.ts',
      "import { createGatewayClient } from '../core/gateway/client';\nexport const c = createGatewayClient;\n",
    );
    assertOne(inner, 'import/no-restricted-paths', /only through src\/core\/index\.ts/);
    assert.deepEqual(
      await problems(
        'src/host/planted.ts',
        "import { createGatewayClient } from '../core';\nexport const c = createGatewayClient;\n",
      ),
      [],
    );
  });

  it('a host feature uses another host feature only through its index.ts', async () => {
    const inner = await problems(
      'src/host/chat/planted.ts',
      "import { VideoRunner } from '../video/videoRunner';\nexport const v = VideoRunner;\n",
    );
    assertOne(inner, 'import/no-restricted-paths', /src\/host\/video only through src\/host\/video\/index\.ts/);
    assert.deepEqual(
      await problems(
        'src/host/chat/planted.ts',
        "import { registerVideo } from '../video';\nexport const v = registerVideo;\n",
      ),
      [],
    );
  });

  it('src/ has no console calls', async () => {
    const found = await problems('src/host/planted.ts', "console.log('hello');\n");
    assertOne(found, 'no-console', /console/);
  });
});
