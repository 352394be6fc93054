// VS Code's own chat lists the gateway's models under AppleRouter in its model picker (the README's screenshot).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../harness/paths';
import { startSession, type Session } from '../harness/session';

describe("the gateway's models in VS Code's chat", { timeout: 300_000 }, () => {
  let s: Session;

  before(
    async () => {
      // The other UI sessions turn VS Code's AI features off to stay small; this one needs its chat.
      s = await startSession({ name: 'lmModelPicker', userSettings: () => ({ 'chat.disableAIFeatures': false }) });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('shows AppleRouter models in the model picker once the key is set', async () => {
    await s.step(
      'model picker',
      async () => {
        await s.wb.runCommand('AppleRouter: Set API Key');
        await s.wb.answerInput(`sk-ui-${Date.now().toString(36)}-picker`, /API key/);
        await s.wb.waitForNotification('The API key works');
        await s.wb.clearNotifications();
        // VS Code's chat opens offline: the picker lists the models of every registered vendor, no sign-in needed.
        await s.page.keyboard.press('Control+Alt+I');
        const picker = s.page
          .locator(
            '.interactive-input-part .chat-modelPicker-item .action-label, .interactive-input-part .action-label[aria-label*="Model"]',
          )
          .first();
        await picker.click({ timeout: 30_000 });
        const widget = s.page.locator('.action-widget').first();
        await widget.waitFor({ timeout: 10_000 });
        // Agent mode first shows one model and folds the rest under "Other Models".
        const other = widget.locator('.monaco-list-row', { hasText: 'Other Models' }).first();
        if (await other.isVisible().catch(() => false)) await other.click();
        let rows: string[] = [];
        for (let i = 0; i < 50 && !rows.some((r) => r.includes('gpt-4o')); i++) {
          rows = (await widget.locator('.monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
          if (!rows.some((r) => r.includes('gpt-4o'))) await s.page.waitForTimeout(200);
        }
        for (const id of ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'gemini-2.0-flash']) {
          assert.ok(
            rows.some((r) => r.startsWith(id) && r.includes('AppleRouter')),
            `${id} from AppleRouter among ${JSON.stringify(rows)}`,
          );
        }
        assert.ok(
          !rows.some((r) => /veo|embedding|gpt-image|tts/.test(r)),
          `no video, image, audio or embedding model in ${JSON.stringify(rows)}`,
        );
        // APPLEROUTER_DOCS_SCREENSHOTS=1 refreshes the README's picture.
        const file = process.env.APPLEROUTER_DOCS_SCREENSHOTS
          ? join(repoRoot, 'docs', 'screenshots', 'lm-model-picker.png')
          : join(repoRoot, 'test-results', 'lmModelPicker', 'model-picker.png');
        await s.wb.screenshot(file);
      },
      120_000,
    );
  });
});
