// Hardening in the real workbench: a reload right after the first words loses none of them; a workspace's veo model
// spends nothing until the user confirms; the webview's CSP closes base and form targets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';

const sse = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const delta = (content: string) =>
  sse({
    id: 'c1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });

describe('a reload right after the first streamed words', { timeout: 600_000 }, () => {
  let s: Session;
  let frame: Frame;

  before(
    async () => {
      s = await startSession({ name: 'hardeningReload', activityTitle: 'AppleRouter' });
      await s.step('set key', () => s.wb.setApiKey(`sk-ui-reload-${Date.now().toString(36)}`));
      frame = await s.step('open view', () => s.wb.openChat());
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it("the chat webview's CSP has no connect-src and closes base-uri and form-action", async () => {
    await s.step('csp', async () => {
      const csp = (await frame.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /base-uri 'none'/);
      assert.match(csp, /form-action 'none'/);
      assert.doesNotMatch(csp, /connect-src/);
    });
  });

  it(
    'a reload within half a second of the first streamed text keeps every word that was on screen',
    { timeout: 240_000 },
    async () => {
      await s.step(
        'reload',
        async () => {
          await s.gateway.reset();
          // Before the first checkpoint (1 s) could save anything: only the shutdown write can keep these words.
          await s.gateway.enqueue({
            chunks: Array.from({ length: 400 }, (_, i) => delta(`word${i} `)),
            delayMs: 30,
            end: 'hold',
          });
          const input = frame.getByRole('textbox', { name: 'Message' });
          await input.fill('Stream, then reload at once');
          await input.press('Enter');
          const body = frame.locator('.message.assistant').last().locator('.message-body');
          await body.locator('text=word0').waitFor({ timeout: 30_000 });
          const firstSeen = Date.now();
          await new Promise((r) => setTimeout(r, 50));
          const onScreen = (await body.evaluate((el) => (el as HTMLElement).innerText))
            .trim()
            .split(/\s+/)
            .filter(Boolean);
          // The reload starts here (page.reload() itself resolves only once the new page has loaded).
          const reloadedAfter = Date.now() - firstSeen;
          await s.page.reload();
          assert.ok(reloadedAfter < 500, `reloaded ${reloadedAfter} ms after the first text`);
          assert.ok(onScreen.length >= 2 && onScreen[0] === 'word0', `words on screen: ${onScreen.join(' ')}`);
          await s.wb.ready('AppleRouter');
          await s.wb.openView('AppleRouter');
          frame = await s.wb.webviewFrame('.message.assistant', 90_000);
          const last = frame.locator('.message.assistant').last();
          await last.locator('.message-status', { hasText: 'interrupted' }).waitFor({ timeout: 30_000 });
          const kept = new Set((await last.locator('.message-body').innerText()).trim().split(/\s+/));
          const lost = onScreen.filter((w) => !kept.has(w));
          assert.deepEqual(
            lost,
            [],
            `${onScreen.length} words were on screen ${reloadedAfter} ms after the first; these were lost`,
          );
          console.log(
            `  reload ${reloadedAfter} ms after the first text: ${onScreen.length} words on screen, all ${kept.size} kept words include them`,
          );
          await last.getByRole('button', { name: 'Retry' }).waitFor();
        },
        200_000,
      );
    },
  );
});

describe("a workspace's veo model", { timeout: 600_000 }, () => {
  let s: Session;

  before(
    async () => {
      s = await startSession({
        name: 'hardeningVeo',
        activityTitle: 'AppleRouter',
        workspaceFiles: () => ({
          '.vscode/settings.json': JSON.stringify({ 'applerouter.model': 'veo-3.1' }),
          'scene.ts': 'export const scene = "a cat riding a skateboard at sunset";\n',
        }),
      });
      await s.step('set key', () => s.wb.setApiKey(`sk-ui-veo-${Date.now().toString(36)}`));
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it(
    'Explain Selection sends no video request until the paid-credits confirmation is accepted',
    { timeout: 240_000 },
    async () => {
      await s.step(
        'explain with a workspace veo model',
        async () => {
          await s.gateway.reset();
          await s.wb.openFile('scene.ts');
          await s.wb.selectLine('export const scene');
          await s.wb.runCommand('AppleRouter: Explain Selection');
          // The question comes first; the gateway has had no chat request while it is open.
          const box = s.page.locator('.monaco-dialog-box');
          await box.waitFor({ state: 'visible', timeout: 60_000 });
          await new Promise((r) => setTimeout(r, 1500));
          const chat = async () => (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
          assert.equal((await chat()).length, 0, 'nothing was sent before the confirmation');
          // The chat says where the model came from.
          const frame = await s.wb.webviewFrame('.notice', 30_000);
          assert.match(await frame.locator('.notice').first().innerText(), /veo-3\.1/);
          await s.wb.answerDialog('veo-3.1', 'Generate');
          const deadline = Date.now() + 30_000;
          while ((await chat()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
          const sent = await chat();
          assert.equal(sent.length, 1, 'one request once confirmed');
          assert.equal((sent[0]!.json as { model: string }).model, 'veo-3.1');
        },
        200_000,
      );
    },
  );
});
