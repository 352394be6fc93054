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
      // The picker may list only the themes of the current colour scheme (the browser's light or dark preference, and
      // high-contrast themes apart), so the test moves between two themes of the scheme the workbench started with.
      // A theme's id is among the workbench's classes (e.g. `vscode-theme-defaults-themes-light_plus-json`).
      // Now and then a window never gets its built-in themes (seen on a loaded machine: the workbench stays on the
      // fallback light theme and the picker offers only "Browse Additional Color Themes..."). Such a window is reloaded
      // once; the step fails if the themes are still missing after that.
      for (let attempt = 0; ; attempt++) {
        await s.wb.runCommand('Preferences: Color Theme');
        await s.page.locator('.quick-input-widget .quick-input-box input').fill('Modern');
        const listed = await s.page
          .locator('.quick-input-widget .monaco-list-row', { hasText: 'Modern' })
          .first()
          .waitFor({ timeout: 30_000 })
          .then(
            () => true,
            () => false,
          );
        await s.page.keyboard.press('Escape');
        if (listed) break;
        assert.equal(attempt, 0, 'the colour theme picker lists no built-in theme, also after a reload');
        await s.wb.reload();
      }
      const light = await s.page.locator('.monaco-workbench.vs').count();
      const themes: [string, string][] = light
        ? [
            ['Light+', 'light_plus'],
            ['Light Modern', 'light_modern'],
          ]
        : [
            ['Dark+', 'dark_plus'],
            ['Dark Modern', 'dark_modern'],
          ];
      const active = async (file: string) =>
        (await s.page.locator(`.monaco-workbench.vscode-theme-defaults-themes-${file}-json`).count()) > 0;
      // The one not in use first, then the other: each pick is a change the workbench shows.
      if (await active(themes[0]![1])) themes.reverse();
      for (const [label, file] of themes) {
        await s.wb.runCommand('Preferences: Color Theme');
        // The built-in themes are listed only once the theme extensions are scanned, which a loaded machine delays.
        await s.wb.pickQuickPick(label, 90_000);
        await s.page
          .locator(`.monaco-workbench.vscode-theme-defaults-themes-${file}-json`)
          .waitFor({ timeout: 10_000 });
      }
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
