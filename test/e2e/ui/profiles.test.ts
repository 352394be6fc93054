// Several gateways in the real workbench: two profiles on two test gateways with two keys; the model picker groups
// their models, and each conversation's requests reach its own gateway with its own key.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startGateway, type GatewayProcess } from '../harness/gateway';
import { repoRoot } from '../harness/paths';
import { startSession, type Session } from '../harness/session';

describe('gateway profiles in the workbench', { timeout: 900_000 }, () => {
  let s: Session;
  let second: GatewayProcess;
  let frame: Frame;
  const suffix = Date.now().toString(36);
  const homeKey = `sk-ui-home-${suffix}`;
  // The test gateway publishes prices only to keys starting "sk-priced": the work gateway has prices, home has none.
  const workKey = `sk-priced-ui-work-${suffix}`;
  let homeName = '';

  const chats = async (g: GatewayProcess) =>
    (await g.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions');
  const send = async (text: string) => {
    const before = await frame.locator('.message.assistant .message-footer .meta').count();
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
    await frame.locator('.message.assistant .message-footer .meta').nth(before).waitFor({ timeout: 30_000 });
  };
  /** Waits until a saved conversation has this model and profile (the host writes it after the picker's message). */
  const savedWith = async (model: string, profile: string) => {
    const dir = join(s.folders.userData, 'User', 'globalStorage', 'applerouter.applerouter-chat', 'conversations');
    const deadline = Date.now() + 30_000;
    for (;;) {
      const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json') : [];
      const saved = files.map((f) => {
        try {
          return JSON.parse(readFileSync(join(dir, f), 'utf8')) as { model?: string; profile?: string };
        } catch {
          return {};
        }
      });
      if (saved.some((c) => c.model === model && c.profile === profile)) return;
      if (Date.now() > deadline)
        throw new Error(`no saved conversation on ${profile} with ${model} in ${dir} (${files.length} files)`);
      await s.page.waitForTimeout(100);
    }
  };
  const pick = async (model: string, profileName: string) => {
    const picker = frame.getByRole('combobox', { name: 'Model' });
    await picker.click();
    await picker.fill(model);
    await frame.getByRole('option', { name: `${model} (${profileName})`, exact: true }).click();
    await frame.locator('.model-profile', { hasText: profileName }).waitFor({ timeout: 10_000 });
  };

  before(
    async () => {
      second = await startGateway(
        join(process.env.TMPDIR ?? '/tmp', `applerouter-profiles-gateway-${process.pid}.log`),
      );
      s = await startSession({
        name: 'profiles',
        activityTitle: 'AppleRouter',
        userSettings: () => ({
          'applerouter.profiles': [{ id: 'work', name: 'Work gateway', baseUrl: second.baseUrl }],
        }),
      });
      homeName = new URL(s.gateway.baseUrl).host;
      await s.step(
        'set both keys',
        async () => {
          // With two profiles, Set API Key first asks which gateway the key is for.
          await s.wb.runCommand('AppleRouter: Set API Key');
          await s.wb.pickQuickPick('Work gateway');
          await s.wb.answerInput(workKey, /Work gateway/);
          await s.wb.waitForNotification('The API key works');
          await s.wb.clearNotifications();
          await s.wb.runCommand('AppleRouter: Set API Key');
          await s.wb.pickQuickPick(homeName);
          await s.wb.answerInput(homeKey, new RegExp(homeName.replace(/\./g, '\\.')));
          await s.wb.waitForNotification('The API key works');
          await s.wb.clearNotifications();
          // Each check went to its own gateway with its own key.
          const auth = async (g: GatewayProcess) => [
            ...new Set((await g.requests()).filter((r) => r.path === '/v1/models').map((r) => r.headers.authorization)),
          ];
          assert.deepEqual(await auth(second), [`Bearer ${workKey}`]);
          assert.deepEqual(await auth(s.gateway), [`Bearer ${homeKey}`]);
        },
        120_000,
      );
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
    await second?.stop();
  });

  it('the picker groups models by profile, and each request reaches its own gateway with its own key', async () => {
    await s.step(
      'two gateways',
      async () => {
        frame = await s.wb.openChat();
        const picker = frame.getByRole('combobox', { name: 'Model' });
        await picker.click();
        await picker.fill('gpt-4o');
        const groups = await frame.locator('.model-list .model-group').allInnerTexts();
        assert.deepEqual(
          groups.map((g) => g.toLowerCase()),
          [homeName.toLowerCase(), 'work gateway'],
        );
        // APPLEROUTER_DOCS_SCREENSHOTS=1 refreshes the README's picture.
        await s.wb.screenshot(
          process.env.APPLEROUTER_DOCS_SCREENSHOTS
            ? join(repoRoot, 'docs', 'screenshots', 'model-picker-profiles.png')
            : join(repoRoot, 'test-results', 'profiles', 'model-picker.png'),
        );
        await picker.press('Escape');

        await Promise.all([s.gateway.reset(), second.reset()]);
        await pick('gpt-4o-mini', 'Work gateway');
        await send('Hello work');
        let work = await chats(second);
        assert.equal(work.length, 1);
        assert.equal(work[0]!.headers.authorization, `Bearer ${workKey}`);
        assert.equal((work[0]!.json as { model: string }).model, 'gpt-4o-mini');
        assert.equal((await chats(s.gateway)).length, 0, 'nothing reached the other gateway');
        // The work gateway publishes prices: its answer shows an estimate computed from its own token counts.
        const workMeta = frame.locator('.message.assistant .message-footer .meta').first();
        await workMeta.filter({ hasText: 'estimated' }).waitFor({ timeout: 30_000 });
        const meta = await workMeta.innerText();
        const m = /\((\d+) in, (\d+) out\) · ≈ \$([\d.]+) estimated/.exec(meta);
        assert.ok(m, meta);
        // gpt-4o-mini at the test gateway's prices: ratio 0.075, completion ratio 4, 500 000 quota per dollar.
        const expected = ((Number(m[1]) + 4 * Number(m[2])) * 0.075) / 500_000;
        assert.ok(Math.abs(Number(m[3]) - expected) / expected < 0.05, `${m[3]} vs ${expected}`);

        await pick('gpt-4o', homeName);
        await send('Hello home');
        const home = await chats(s.gateway);
        assert.equal(home.length, 1);
        assert.equal(home[0]!.headers.authorization, `Bearer ${homeKey}`);
        // The second request carries the whole conversation, including the answer the other gateway gave.
        assert.deepEqual(
          (home[0]!.json as { messages: { role: string }[] }).messages.map((m) => m.role),
          ['user', 'assistant', 'user'],
        );
        work = await chats(second);
        assert.equal(work.length, 1, 'the work gateway got nothing more');
        // Home publishes no prices: its answer shows tokens and no estimate; the work answer keeps its own.
        const metas = frame.locator('.message.assistant .message-footer .meta');
        assert.match(await metas.nth(1).innerText(), /tokens/);
        assert.doesNotMatch(await metas.nth(1).innerText(), /≈|estimated/);
        assert.match(await metas.nth(0).innerText(), /estimated/);
        assert.match(await frame.locator('.conversation-usage').innerText(), /tokens .* · ≈ \$[\d.]+ estimated/);
        await metas.nth(0).scrollIntoViewIfNeeded();
        await s.wb.screenshot(
          process.env.APPLEROUTER_DOCS_SCREENSHOTS
            ? join(repoRoot, 'docs', 'screenshots', 'chat-cost-estimate.png')
            : join(repoRoot, 'test-results', 'profiles', 'cost-estimate.png'),
        );
      },
      120_000,
    );
  });

  it('a conversation remembers its profile across a reload, and a new chat keeps it', async () => {
    await s.step(
      'remembered',
      async () => {
        await pick('gpt-4o-mini', 'Work gateway');
        // The choice reaches the host as a message: it is on disk before the window reloads.
        await savedWith('gpt-4o-mini', 'work');
        await s.wb.reload('AppleRouter');
        frame = await s.wb.openChat();
        await frame.locator('.model-profile', { hasText: 'Work gateway' }).waitFor({ timeout: 30_000 });
        await s.wb.newChat();
        await Promise.all([s.gateway.reset(), second.reset()]);
        await send('New chat, same gateway');
        const work = await chats(second);
        assert.equal(work.length, 1);
        assert.equal(work[0]!.headers.authorization, `Bearer ${workKey}`);
        assert.equal((await chats(s.gateway)).length, 0);
      },
      120_000,
    );
  });

  it('Clear API Key asks which profile and removes only that key', async () => {
    await s.step(
      'clear one key',
      async () => {
        await s.wb.runCommand('AppleRouter: Clear API Key');
        await s.wb.pickQuickPick('Work gateway');
        await s.wb.answerDialog('Work gateway', 'Remove');
        await s.wb.waitForNotification('was removed');
        await s.wb.clearNotifications();
        // The open conversation is on the work gateway: it now asks for a key, and nothing is sent there.
        await Promise.all([s.gateway.reset(), second.reset()]);
        const input = frame.getByRole('textbox', { name: 'Message' });
        await input.fill('No key any more');
        await input.press('Enter');
        await frame.locator('.message.assistant .message-error').last().waitFor({ timeout: 30_000 });
        assert.equal((await chats(second)).length, 0);
        // The home gateway's key is still there.
        await pick('gpt-4o', homeName);
        await send('Home still works');
        assert.equal((await chats(s.gateway)).at(-1)!.headers.authorization, `Bearer ${homeKey}`);
      },
      120_000,
    );
  });
});
