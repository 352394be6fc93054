// The harness's own helpers work against VS Code's built-in parts, so feature tests can rely on them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSession, type Session } from '../harness/session';

describe('workbench harness', { timeout: 300_000 }, () => {
  let s: Session;

  before(
    async () => {
      s = await startSession({
        name: 'harness',
        workspaceFiles: () => ({
          'notes.md': '# Harness check\n\nHello from the harness.\n',
          'sample.ts': 'const answer = 42;\nconsole.log(answer);\n',
        }),
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('opens a view container from the activity bar', async () => {
    await s.step('open view', async () => {
      await s.wb.openView('Search');
      await s.page.locator('.search-view').first().waitFor({ timeout: 10_000 });
      await s.wb.openView('Explorer');
      await s.page.locator('.explorer-folders-view').first().waitFor({ timeout: 10_000 });
    });
  });

  it('chooses a quick-pick item (an end-of-line sequence) from a palette command', async () => {
    await s.step('quick pick', async () => {
      // The subject is a picker of VS Code's own, whose items need no extension: the colour theme picker, used here
      // before, now and then listed no built-in theme at all in a fresh window (the theme extensions never arrived).
      await s.wb.openFile('sample.ts');
      const eol = s.page.locator('.statusbar-item[id="status.editor.eol"]');
      for (const label of ['CRLF', 'LF']) {
        await s.wb.runCommand('Change End of Line Sequence');
        await s.wb.pickQuickPick(label);
        await eol.filter({ hasText: new RegExp(`^${label}$`) }).waitFor({ timeout: 10_000 });
      }
      await s.wb.runCommand('File: Revert File');
    });
  });

  it('right-clicks a selection in the editor and chooses a menu item', async () => {
    await s.step('context menu', async () => {
      await s.wb.openFile('sample.ts');
      await s.wb.editorContextMenu('const answer', 'Command Palette...');
      assert.match(await s.wb.quickInputText(), /command/i);
      await s.page.keyboard.press('Escape');
    });
  });

  it("finds a webview's document (the Markdown preview) by what it contains", async () => {
    await s.step('webview', async () => {
      await s.wb.openFile('notes.md');
      await s.wb.runCommand('Markdown: Open Preview');
      const frame = await s.wb.webviewFrame('h1');
      assert.equal((await frame.locator('h1').first().innerText()).trim(), 'Harness check');
    });
  });
});
