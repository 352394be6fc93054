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

  it('chooses a quick-pick item (a color theme) from a palette command', async () => {
    await s.step('quick pick', async () => {
      // The picker may list only the themes of the current colour scheme (the browser's light or dark preference), so
      // the test stays on the scheme the workbench started with: its high-contrast theme, then back.
      const light = await s.page.locator('.monaco-workbench.vs').count();
      const [contrast, contrastClass, normal, normalClass] = light
        ? ['Light High Contrast', 'hc-light', 'Light Modern', 'vs']
        : ['Dark High Contrast', 'hc-black', 'Dark Modern', 'vs-dark'];
      await s.wb.runCommand('Preferences: Color Theme');
      // The built-in themes are listed only once the theme extensions are scanned, which a loaded machine delays.
      await s.wb.pickQuickPick(contrast, 90_000);
      await s.page.locator(`.monaco-workbench.${contrastClass}`).waitFor({ timeout: 10_000 });
      await s.wb.runCommand('Preferences: Color Theme');
      await s.wb.pickQuickPick(normal, 90_000);
      await s.page.locator(`.monaco-workbench.${normalClass}`).waitFor({ timeout: 10_000 });
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
