// The status bar's model and balance, Test Connection with a good and a rejected key, and Copy Last Request as curl.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testGatewayModelCounts } from '../harness/gatewayModels';
import { startSession, type Session } from '../harness/session';

describe('status bar and connection report in the workbench', { timeout: 300_000 }, () => {
  let s: Session;
  const goodKey = `sk-ui-${Date.now().toString(36)}-status`;
  const badKey = `sk-bad-${Date.now().toString(36)}`;

  /** The extension's status bar entry. */
  const entry = () =>
    s.page
      .locator(
        '.statusbar-item[id="applerouter.applerouter-chat.applerouter.status"], .statusbar-item[id$="applerouter.status"]',
      )
      .first();

  async function waitForEntryText(match: RegExp): Promise<string> {
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline) {
      text = (
        await entry()
          .innerText()
          .catch(() => '')
      )
        .replace(/\s+/g, ' ')
        .trim();
      if (match.test(text)) return text;
      await s.page.waitForTimeout(200);
    }
    throw new Error(`the status bar entry says "${text}", expected ${String(match)}`);
  }

  /** The text of the active editor (the report opens in one). */
  async function editorText(expect: RegExp): Promise<string> {
    const deadline = Date.now() + 20_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await s.page
        .locator('.editor-instance .view-lines')
        .first()
        .innerText()
        .catch(() => '');
      text = text.replace(/\u00a0/g, ' ');
      if (expect.test(text)) return text;
      await s.page.waitForTimeout(200);
    }
    throw new Error(`the editor says ${JSON.stringify(text)}, expected ${String(expect)}`);
  }

  before(
    async () => {
      s = await startSession({
        name: 'statusAndConnection',
        userSettings: () => ({ 'applerouter.balance.warnBelow': 5 }),
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('shows the model, and after Set API Key the test gateway balance, in the status bar', async () => {
    await s.step('balance', async () => {
      await waitForEntryText(/gpt-4o/);
      await s.wb.setApiKey(goodKey);
      // The test gateway: a 50 USD limit, 1234 cents used.
      const text = await waitForEntryText(/\$37\.66/);
      assert.match(text, /gpt-4o · \$37\.66/);
      assert.doesNotMatch((await entry().getAttribute('class')) ?? '', /warning-kind/);
      const billing = (await s.gateway.requests()).filter((r) => r.path.startsWith('/v1/dashboard/billing/'));
      assert.ok(
        billing.some((r) => r.headers.authorization === `Bearer ${goodKey}`),
        'the balance was asked for with the key',
      );
    });
  });

  it('turns to the warning colour when the balance is below applerouter.balance.warnBelow', async () => {
    await s.step('low balance', async () => {
      await s.gateway.enqueue({
        path: '/v1/dashboard/billing/subscription',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'billing_subscription', hard_limit_usd: 5 }),
      });
      await s.gateway.enqueue({
        path: '/v1/dashboard/billing/usage',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ object: 'list', total_usage: 400 }),
      });
      await s.wb.runCommand('AppleRouter: Refresh Balance');
      await waitForEntryText(/\$1\.00/);
      assert.match((await entry().getAttribute('class')) ?? '', /warning-kind/);
      await s.wb
        .screenshot(`${process.cwd()}/test-results/statusAndConnection/status-bar-low.png`)
        .catch(() => undefined);
    });
  });

  it('Test Connection reports a good key: base URL, DNS, models, balance', async () => {
    await s.step('good connection', async () => {
      await s.wb.clearNotifications();
      await s.wb.runCommand('AppleRouter: Test Connection');
      const note = await s.wb.waitForNotification('Connection test passed');
      const counts = await testGatewayModelCounts();
      assert.ok(note.message.includes(`${counts.total} models`), note.message);
      const report = await editorText(/Result:/);
      assert.ok(report.includes(s.gateway.baseUrl), report);
      assert.match(report, /Proxy:\s+none \(direct connection\)/);
      assert.match(report, /DNS:\s+\d+ ms → 127\.0\.0\.1/);
      assert.match(report, /TLS:\s+not used \(http\)/);
      assert.match(report, /GET \/models:\s+\d+ ms/);
      assert.match(report, /API key:\s+accepted/);
      assert.match(report, new RegExp(`Models:\\s+${counts.total} \\(${counts.chat} chat models\\)`));
      assert.match(report, /Balance:\s+\$37\.66 left of \$50\.00/);
      assert.ok(!report.includes(goodKey), 'the report never shows the key');
    });
  });

  it('Copy Last Request as curl copies the request without the key', async () => {
    await s.step('copy curl', async () => {
      await s.wb.clearNotifications();
      await s.wb.runCommand('AppleRouter: Copy Last Request as curl');
      const note = await s.wb.waitForNotification('as curl');
      assert.match(note.message, /GET \/v1\/models/);
      assert.ok(!note.message.includes(goodKey));
    });
  });

  it('Test Connection reports a rejected key with the gateway sentence and request id', async () => {
    await s.step('rejected key', async () => {
      await s.wb.runCommand('AppleRouter: Set API Key');
      await s.wb.answerInput(badKey, /API key/);
      await s.wb.waitForNotification('The API key was saved');
      await s.wb.clearNotifications();
      await s.wb.runCommand('AppleRouter: Test Connection');
      const note = await s.wb.waitForNotification('Connection test failed');
      assert.match(note.message, /无效的令牌/);
      assert.match(note.message, /request id \w+/);
      const report = await editorText(/API key:\s+rejected/);
      assert.match(report, /Result:\s+failed\..*无效的令牌/);
      assert.ok(!report.includes(badKey), 'the report never shows the key');
    });
  });
});
