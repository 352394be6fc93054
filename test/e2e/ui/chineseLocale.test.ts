// With "locale": "zh-cn" in argv.json the extension speaks Chinese: its view, its commands, its notifications, its status bar.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testGatewayModelCounts } from '../harness/gatewayModels';
import { startSession, type Session } from '../harness/session';

describe('the workbench in Simplified Chinese', { timeout: 300_000 }, () => {
  let s: Session;
  const key = `sk-ui-${Date.now().toString(36)}-zh`;

  before(
    async () => {
      s = await startSession({ name: 'chineseLocale', argv: { locale: 'zh-cn' } });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('shows the chat view with its Chinese title and strings', async () => {
    await s.step('view', async () => {
      await s.wb.openView('AppleRouter');
      // The view's title comes from package.nls.zh-cn.json.
      let titles: string[] = [];
      for (let i = 0; i < 100 && !titles.some((t) => t.includes('聊天')); i++) {
        titles = await s.page.locator('.sidebar .title, .sidebar .pane-header').allInnerTexts();
        if (!titles.some((t) => t.includes('聊天'))) await s.page.waitForTimeout(200);
      }
      assert.ok(
        titles.some((t) => t.includes('聊天')),
        `the side bar shows ${JSON.stringify(titles)}`,
      );
      // The webview's strings come from the table the host translates.
      const frame = await s.wb.webviewFrame('.composer-input', 60_000);
      const placeholder = await frame.locator('.composer-input').getAttribute('placeholder');
      const label = await frame.locator('.composer-input').getAttribute('aria-label');
      assert.ok(
        [placeholder, label].some((v) => v?.includes('消息')),
        `the message box says ${placeholder} / ${label}`,
      );
      const buttons = await frame
        .locator('button')
        .evaluateAll((els) =>
          els.map(
            (e) => `${e.textContent ?? ''} ${e.getAttribute('aria-label') ?? ''} ${e.getAttribute('title') ?? ''}`,
          ),
        );
      assert.ok(
        buttons.some((b) => b.includes('发送')),
        `a 发送 (Send) button among ${JSON.stringify(buttons)}`,
      );
    });
  });

  it('lists its commands in Chinese in the palette and answers with Chinese notifications', async () => {
    await s.step('commands and notification', async () => {
      await s.wb.runCommand('AppleRouter: 设置 API 密钥');
      await s.wb.answerInput(key);
      const note = await s.wb.waitForNotification('API 密钥可用');
      const { total } = await testGatewayModelCounts();
      assert.ok(note.message.includes(`共 ${total} 个模型`), note.message);
      await s.wb.clearNotifications();
      await s.wb.runCommand('AppleRouter: 测试连接');
      const passed = await s.wb.waitForNotification('连接测试通过');
      assert.ok(passed.message.includes(`共 ${total} 个模型`), passed.message);
      await s.wb.screenshot(`${process.cwd()}/test-results/chineseLocale/ok-report.png`).catch(() => undefined);
    });
  });

  it('shows the status bar tooltip and the balance in Chinese', async () => {
    await s.step('status bar', async () => {
      const item = s.page.locator('.statusbar-item[id$="applerouter.status"]').first();
      await item.waitFor({ timeout: 30_000 });
      const deadline = Date.now() + 30_000;
      let aria = '';
      while (Date.now() < deadline && !/余额/.test(aria)) {
        aria =
          (await item
            .locator('a')
            .first()
            .getAttribute('aria-label')
            .catch(() => '')) ?? '';
        if (!/余额/.test(aria)) await s.page.waitForTimeout(200);
      }
      assert.match(aria, /AppleRouter 模型 gpt-4o，余额 \$37\.66/);
    });
  });
});
