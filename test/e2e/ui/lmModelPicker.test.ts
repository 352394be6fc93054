// VS Code's own chat lists the gateway's models under AppleRouter in its model picker (the README's screenshot).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writeUserSettings } from '../harness/codeServer';
import { repoRoot } from '../harness/paths';
import { startSession, type Session } from '../harness/session';

const CHAT_MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'gemini-2.0-flash'];

/** Opens VS Code's chat and its model picker; returns the picker's rows once `gpt-4o` is among them (or after 10 s). */
async function pickerRowsOnce(s: Session): Promise<string[]> {
  // VS Code's chat opens offline: the picker lists the models of every registered vendor, no sign-in needed.
  // The shortcut toggles the chat, so it is pressed only while the chat is closed.
  if (!(await s.page.locator('.interactive-input-part').first().isVisible()))
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
  return rows;
}

/**
 * The picker's rows once they list `gpt-4o`, opening it again (for up to `timeoutMs`) while they do not: the
 * picker shows what VS Code knew when it opened, and right after a reload the extension may not have started yet.
 */
async function pickerRows(s: Session, timeoutMs = 10_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await pickerRowsOnce(s);
    if (rows.some((r) => r.includes('gpt-4o')) || Date.now() > deadline) return rows;
    await s.page.keyboard.press('Escape');
    await s.page.waitForTimeout(1000);
  }
}

function assertGatewayChatModels(rows: string[]): void {
  for (const id of CHAT_MODELS) {
    assert.ok(
      rows.some((r) => r.startsWith(id) && r.includes('AppleRouter')),
      `${id} from AppleRouter among ${JSON.stringify(rows)}`,
    );
  }
  assert.ok(
    !rows.some((r) => /veo|embedding|gpt-image|tts/.test(r)),
    `no video, image, audio or embedding model in ${JSON.stringify(rows)}`,
  );
}

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
        await s.wb.setApiKey(`sk-ui-${Date.now().toString(36)}-picker`);
        assertGatewayChatModels(await pickerRows(s));
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

describe("the gateway's models after VS Code's AI features are turned on", { timeout: 300_000 }, () => {
  let s: Session;

  before(
    async () => {
      s = await startSession({ name: 'lmModelPickerEnabledLater' });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('a key set while chat.disableAIFeatures was on gives the picker its models once the setting is off, after a reload', async () => {
    await s.step('key set with AI features off', () => s.wb.setApiKey(`sk-ui-${Date.now().toString(36)}-later`));
    await s.step(
      'AI features on, window reloaded',
      async () => {
        writeUserSettings(s.folders, { 'applerouter.baseUrl': s.gateway.baseUrl, 'chat.disableAIFeatures': false });
        await s.wb.reload();
        assertGatewayChatModels(await pickerRows(s, 60_000));
      },
      180_000,
    );
  });
});
