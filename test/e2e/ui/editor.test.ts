// Editor integration in the workbench: Explain Selection from the context menu, Fix from a diagnostic, Apply to file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import type { RecordedRequest } from '../harness/gateway';
import { startSession, type Session } from '../harness/session';

const CALC = [
  '// Small arithmetic helpers.',
  'export function add(a: number, b: number): number {',
  '    return a - b;',
  '}',
  '',
].join('\n');
const BIG =
  Array.from({ length: 100 }, (_, i) => `export const v${String(i + 1).padStart(3, '0')} = ${i + 1};`).join('\n') +
  '\n';
const BROKEN_JSON = ['{', '  "name": "demo",', '  "port": 8080', '  "debug": true', '}', ''].join('\n');

interface ChatBody {
  model?: string;
  stream?: boolean;
  messages?: { role: string; content: unknown }[];
}

const lastUserText = (r: RecordedRequest): string => {
  const msgs = (r.json as ChatBody | undefined)?.messages ?? [];
  const last = [...msgs].reverse().find((m) => m.role === 'user');
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
};

/** One streamed answer in OpenAI's SSE shape, cut into small events. */
function sseAnswer(text: string): { body: string; chunking: { every: number }; delayMs: number } {
  const events: string[] = [];
  for (let i = 0; i < text.length; i += 8) {
    events.push(
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: { content: text.slice(i, i + 8) }, finish_reason: null }] })}\n\n`,
    );
  }
  events.push(
    `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
    'data: [DONE]\n\n',
  );
  return { body: events.join(''), chunking: { every: 64 }, delayMs: 5 };
}

describe('editor integration in the workbench', { timeout: 600_000 }, () => {
  let s: Session;

  /** Waits for the gateway to record `count` chat requests since the last reset; returns the newest. */
  const chatRequest = async (count = 1): Promise<RecordedRequest> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const chats = (await s.gateway.requests()).filter(
        (r) => r.method === 'POST' && r.path.startsWith('/v1/chat/completions'),
      );
      if (chats.length >= count) return chats[count - 1]!;
      if (Date.now() > deadline)
        throw new Error(`the gateway received ${chats.length} chat requests, expected ${count}`);
      await s.page.waitForTimeout(200);
    }
  };

  const chatFrame = (): Promise<Frame> => s.wb.webviewFrame('.transcript');

  /** Opens a workspace file by its relative path through Quick Open (files in folders are not in the Explorer's first rows). */
  const openPath = async (rel: string): Promise<void> => {
    const name = rel.split('/').pop()!;
    const input = s.page.locator('.quick-input-widget .quick-input-box input');
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await s.page.keyboard.press('Control+P');
        await input.waitFor({ state: 'visible', timeout: 5000 });
        await input.fill(rel, { timeout: 5000 });
        await s.page
          .locator('.quick-input-widget .monaco-list-row', { hasText: name })
          .first()
          .waitFor({ timeout: 5000 });
        await input.press('Enter', { timeout: 5000 });
        await s.page.locator('.tabs-container .tab.active', { hasText: name }).first().waitFor({ timeout: 5000 });
        return;
      } catch (e) {
        // Focus can move while Quick Open is opening (an editor revealed by an earlier step); try again.
        await s.page.keyboard.press('Escape');
        if (Date.now() > deadline) throw e;
      }
    }
  };

  /** Right-click on a selected line and choose an item; retried, as the editor may re-render while the language service starts. */
  const contextMenu = async (line: string, item: string): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await s.wb.editorContextMenu(line, item);
        return;
      } catch (e) {
        await s.page.keyboard.press('Escape');
        if (attempt >= 3) throw e;
      }
    }
  };

  /** Waits until the newest assistant message in the panel contains `text`. */
  const answerShows = async (text: string): Promise<void> => {
    const frame = await chatFrame();
    await frame
      .locator('.message.assistant')
      .last()
      .locator('.message-body', { hasText: text })
      .waitFor({ timeout: 30_000 });
  };

  before(
    async () => {
      s = await startSession({
        name: 'editor',
        activityTitle: 'AppleRouter',
        // A small budget, so a 100-line file is cut (the other files fit).
        userSettings: () => ({ 'applerouter.context.maxChars': 400 }),
        workspaceFiles: () => ({ 'src/calc.ts': CALC, 'config/broken.json': BROKEN_JSON, 'src/big.ts': BIG }),
      });
      await s.step('set key', () => s.wb.setApiKey(`sk-ui-editor-${Date.now().toString(36)}`));
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('right-click → Explain Selection sends the code with path, language and lines; the answer streams into the panel', async () => {
    await s.step(
      'explain selection',
      async () => {
        await s.gateway.reset();
        await openPath('src/calc.ts');
        await contextMenu('return a - b;', 'Explain Selection');
        const req = await chatRequest();
        const text = lastUserText(req);
        assert.match(text, /^Explain what this code does/);
        assert.ok(text.includes('`src/calc.ts` (typescript, line 3):'), text);
        assert.ok(text.includes('```typescript\nreturn a - b;\n```'), text);
        assert.equal((req.json as ChatBody).stream, true);
        // The gateway's answer quotes the question and ends with a fixed sentence: both must reach the panel.
        await answerShows('Here is a short answer from the test gateway');
        await answerShows('你好，世界');
        const frame = await chatFrame();
        const user = await frame.locator('.message.user').last().innerText();
        assert.ok(user.includes('return a - b;'), 'the sent prompt is shown as the user message');
      },
      90_000,
    );
  });

  it('Add Selection to Chat puts a removable chip in the composer that shows what it sends, and goes before the next message', async () => {
    await s.step(
      'context chip',
      async () => {
        await s.gateway.reset();
        await openPath('src/calc.ts');
        await contextMenu('export function add', 'Add Selection to Chat');
        const frame = await chatFrame();
        const chip = frame.locator('.context-chip', { hasText: 'src/calc.ts' });
        await chip.waitFor({ timeout: 30_000 });
        await chip.locator('.chip-label').click();
        const preview = frame.locator('.context-preview');
        await preview.waitFor({ timeout: 10_000 });
        assert.ok((await preview.innerText()).includes('export function add(a: number, b: number): number {'));
        // Removing it leaves nothing to send; adding it again and sending puts it before the typed text.
        await chip.locator('[data-action="context-remove"]').click();
        await chip.waitFor({ state: 'detached', timeout: 10_000 });
        await contextMenu('export function add', 'Add Selection to Chat');
        await chip.waitFor({ timeout: 30_000 });
        assert.equal(
          (await s.gateway.requests()).filter((r) => r.path.startsWith('/v1/chat')).length,
          0,
          'adding context sends nothing',
        );
        const input = frame.locator('.composer-input');
        await input.fill('Is this name right?');
        await input.press('Enter');
        const text = lastUserText(await chatRequest());
        assert.ok(
          text.startsWith(
            'Context from my editor:\n\n`src/calc.ts` (typescript, line 2):\n```typescript\nexport function add(a: number, b: number): number {\n```',
          ),
          text,
        );
        assert.ok(text.endsWith('\n\nIs this name right?'), text);
        await frame.locator('.context-chip').first().waitFor({ state: 'detached', timeout: 10_000 });
        await answerShows('你好，世界');
      },
      120_000,
    );
  });

  it('Apply to file shows a diff of the proposed change, and Accept writes it to the file as one edit', async () => {
    await s.step(
      'apply to file',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(sseAnswer('The operator is wrong:\n\n```ts\nreturn a + b;\n```\n\nThat fixes it.'));
        await openPath('src/calc.ts');
        await s.wb.selectLine('return a - b;');
        // The default keybinding for Explain Selection.
        await s.page.keyboard.press('Control+Alt+KeyE');
        const req = await chatRequest();
        assert.ok(lastUserText(req).includes('```typescript\nreturn a - b;\n```'));
        await answerShows('That fixes it.');
        const frame = await chatFrame();
        await frame
          .locator('.message.assistant')
          .last()
          .locator('.code-block [data-action="code-apply"]')
          .first()
          .click();
        const diff = s.page.locator('.monaco-diff-editor').first();
        await diff.waitFor({ timeout: 30_000 });
        await diff.locator('.view-line', { hasText: 'return a + b;' }).first().waitFor({ timeout: 30_000 });
        assert.equal(
          readFileSync(join(s.folders.workspace, 'src/calc.ts'), 'utf8'),
          CALC,
          'nothing is written before Accept',
        );
        await s.page.locator('.editor-actions [aria-label^="Accept Proposed Change"]').first().click();
        const file = join(s.folders.workspace, 'src/calc.ts');
        const deadline = Date.now() + 30_000;
        const expected = CALC.replace('return a - b;', 'return a + b;');
        // Poll for the whole new content: a read in the middle of the save can see a half-written file.
        while (readFileSync(file, 'utf8') !== expected && Date.now() < deadline) await s.page.waitForTimeout(200);
        assert.equal(readFileSync(file, 'utf8'), expected);
        await diff.waitFor({ state: 'hidden', timeout: 30_000 });
        // One edit: a single Undo in the file's editor brings the old line back.
        const editorLine = (text: string) =>
          s.page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: text }).first();
        await editorLine('return a + b;').click();
        await s.page.keyboard.press('Control+Z');
        await editorLine('return a - b;').waitFor({ timeout: 10_000 });
        assert.equal(await editorLine('return a + b;').count(), 0, 'one Undo reverts the whole change');
      },
      120_000,
    );
  });

  it('Reject closes the diff and leaves the file as it was; Focus Chat Input has its own shortcut', async () => {
    await s.step(
      'reject and focus',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(sseAnswer('Try this:\n\n```ts\nreturn b - a;\n```\n\nDone here.'));
        await openPath('src/calc.ts');
        await s.wb.selectLine('return a - b;');
        await s.wb.runCommand('AppleRouter: Explain Selection');
        await answerShows('Done here.');
        const frame = await chatFrame();
        await frame
          .locator('.message.assistant')
          .last()
          .locator('.code-block [data-action="code-apply"]')
          .first()
          .click();
        const diff = s.page.locator('.monaco-diff-editor').first();
        await diff.locator('.view-line', { hasText: 'return b - a;' }).first().waitFor({ timeout: 30_000 });
        const onDisk = readFileSync(join(s.folders.workspace, 'src/calc.ts'), 'utf8');
        await s.page.locator('.editor-actions [aria-label^="Reject Proposed Change"]').first().click();
        await diff.waitFor({ state: 'hidden', timeout: 30_000 });
        assert.equal(readFileSync(join(s.folders.workspace, 'src/calc.ts'), 'utf8'), onDisk, 'Reject wrote nothing');
        const editor = s.page.locator('.editor-group-container.active .monaco-editor').first();
        await editor.locator('.view-line', { hasText: 'return a - b;' }).first().waitFor({ timeout: 10_000 });
        assert.equal(
          await editor.locator('.view-line', { hasText: 'return b - a;' }).count(),
          0,
          'Reject changed nothing in the editor',
        );
        // Ctrl+Alt+A moves the keyboard focus from the editor into the chat's message box.
        await editor.locator('.view-line', { hasText: 'return a - b;' }).first().click();
        await s.page.keyboard.press('Control+Alt+KeyA');
        await frame.waitForFunction(
          () => document.hasFocus() && document.activeElement?.classList.contains('composer-input') === true,
          undefined,
          { timeout: 10_000 },
        );
      },
      120_000,
    );
  });

  it('Ask About Selection… asks for the question in an input box and sends it before the code; the code action explains', async () => {
    await s.step(
      'ask and code action',
      async () => {
        await s.gateway.reset();
        await openPath('src/calc.ts');
        await contextMenu('// Small arithmetic helpers.', 'Ask About Selection…');
        await s.wb.answerInput('Is this comment accurate?', /Your question about src\/calc\.ts \(line 1\)/);
        const asked = lastUserText(await chatRequest());
        assert.ok(
          asked.startsWith(
            'Is this comment accurate?\n\n`src/calc.ts` (typescript, line 1):\n```typescript\n// Small arithmetic helpers.\n```',
          ),
          asked,
        );
        await answerShows('你好，世界');
        // The same selection offers "Explain with AppleRouter" among its quick fixes.
        await s.wb.selectLine('// Small arithmetic helpers.');
        await s.page.keyboard.press('Control+Period');
        const item = s.page.getByText('Explain with AppleRouter', { exact: true }).first();
        await item.waitFor({ timeout: 20_000 });
        await item.click();
        const explained = lastUserText(await chatRequest(2));
        assert.match(explained, /^Explain what this code does/);
        assert.ok(explained.includes('```typescript\n// Small arithmetic helpers.\n```'), explained);
      },
      120_000,
    );
  });

  it('code longer than the context budget is cut at a line end, with a notice in the message and a notification', async () => {
    await s.step(
      'truncation',
      async () => {
        await s.gateway.reset();
        await s.wb.clearNotifications();
        await openPath('src/big.ts');
        await s.page
          .locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'export const v001' })
          .first()
          .click();
        await s.page.keyboard.press('Control+A');
        await s.page.keyboard.press('Control+Alt+KeyE');
        const text = lastUserText(await chatRequest());
        const m =
          /\[Truncated: only lines 1–(\d+) of lines 1–100 of `src\/big\.ts` are included \(([\d,]+) of ([\d,]+) characters\) to stay within the context size limit\.\]$/.exec(
            text,
          );
        assert.ok(m, text);
        const shown = Number(m[1]);
        assert.ok(shown >= 10 && shown < 100, `lines shown: ${shown}`);
        assert.ok(text.includes(`(typescript, lines 1–${shown}):`), 'the header names only the lines sent');
        assert.ok(
          text.includes(`export const v${String(shown).padStart(3, '0')} = ${shown};\n\`\`\``),
          'the last line sent is whole',
        );
        assert.equal(text.includes(`v${String(shown + 1).padStart(3, '0')}`), false, 'nothing after the cut is sent');
        await s.wb.waitForNotification('was truncated');
      },
      120_000,
    );
  });

  it('Fix with AppleRouter on a diagnostic sends its message and the code around it', async () => {
    await s.step(
      'fix diagnostic',
      async () => {
        await s.gateway.reset();
        await openPath('config/broken.json');
        // The JSON language service reports the missing comma.
        const squiggle = s.page.locator('.monaco-editor .squiggly-error').first();
        await squiggle.waitFor({ timeout: 60_000 });
        // The cursor must be inside the diagnostic's range for the quick fixes to include it.
        const box = await squiggle.boundingBox();
        if (!box) throw new Error('the squiggle is not visible');
        await s.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        // The light bulb on the diagnostic's line opens the quick fixes.
        await s.page.locator('.monaco-editor .lightBulbWidget').first().waitFor({ timeout: 30_000 });
        await s.page.keyboard.press('Control+Period');
        const item = s.page.getByText('Fix with AppleRouter', { exact: true }).first();
        await item.waitFor({ timeout: 10_000 }).catch(async () => {
          await s.wb.screenshot(join(s.folders.logs, 'quick-fix-menu.png'));
          await s.page.locator('.monaco-editor .lightBulbWidget').first().click();
          await item.waitFor({ timeout: 20_000 });
        });
        await item.click();
        const text = lastUserText(await chatRequest());
        assert.match(text, /^Fix the problem reported in `config\/broken\.json` at line \d\./);
        assert.match(text, /\n\nError from json[^\n]*: Expected comma/);
        assert.ok(
          text.includes('`config/broken.json` (json, lines 1–6):\n```json\n' + BROKEN_JSON.trimEnd() + '\n```'),
          text,
        );
        await answerShows('你好，世界');
      },
      120_000,
    );
  });
});
