// Request parameters in the real workbench: per-model defaults reach the gateway with their JSON types, and a
// rejected parameter is dropped for that model with one click (recorded in the user's settings).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';

describe('request parameters in the workbench', { timeout: 900_000 }, () => {
  let s: Session;
  let frame: Frame;
  const key = `sk-ui-params-${Date.now().toString(36)}`;

  const chatBodies = async () =>
    (await s.gateway.requests())
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => JSON.parse(r.bodyText) as Record<string, unknown>);
  const lastAssistant = () => frame.locator('.message.assistant').last();
  const send = async (text: string) => {
    const before = await frame.locator('.message.assistant').count();
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
    await frame.locator('.message.assistant').nth(before).waitFor({ timeout: 30_000 });
  };
  const pickModel = async (id: string) => {
    const picker = frame.getByRole('combobox', { name: 'Model' });
    await picker.click();
    await picker.fill(id);
    await frame
      .getByRole('option', { name: new RegExp(`^${id}`) })
      .first()
      .click();
  };

  before(
    async () => {
      s = await startSession({
        name: 'params',
        activityTitle: 'AppleRouter',
        userSettings: () => ({
          'applerouter.temperature': 0.7,
          'applerouter.modelParameters': {
            'gpt-4o*': { stop: ['<END>'], seed: 7, logit_bias: { '50256': -100 } },
            'gpt-4o-mini': { temperature: null, n: 2 },
          },
        }),
      });
      await s.step('set key and open view', async () => {
        await s.wb.setApiKey(key);
        frame = await s.wb.openChat();
      });
    },
    { timeout: 540_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('per-model defaults and the global fallback reach the gateway with their JSON types', async () => {
    await s.step('model defaults', async () => {
      await s.gateway.reset();
      await send('Hello parameters');
      await lastAssistant().locator('.message-footer .meta').waitFor({ timeout: 30_000 });
      const body = (await chatBodies()).at(-1)!;
      assert.equal(body.model, 'gpt-4o');
      assert.strictEqual(body.temperature, 0.7);
      assert.deepStrictEqual(body.stop, ['<END>']);
      assert.strictEqual(body.seed, 7);
      assert.deepStrictEqual(body.logit_bias, { '50256': -100 });
    });
  });

  it('a rejected parameter is offered as "Send without", which retries without it and records null', async () => {
    await s.step('send without temperature', async () => {
      await s.gateway.reset();
      await pickModel('strict-reasoner');
      await send('Reason about this');
      const button = lastAssistant().getByRole('button', { name: 'Send without temperature for this model' });
      await button.waitFor({ timeout: 30_000 });
      assert.match(await lastAssistant().locator('.message-error').innerText(), /Unsupported parameter: 'temperature'/);
      assert.equal((await chatBodies()).at(-1)!.temperature, 0.7);
      await button.focus();
      await button.press('Enter');
      // The failed answer is replaced by the retried one: wait for its text, then for its end.
      await lastAssistant().locator('.message-body', { hasText: 'Reason about this' }).waitFor({ timeout: 30_000 });
      await lastAssistant().locator('.message-footer .meta').waitFor({ timeout: 30_000 });
      await frame.locator('.send-button:not(.stop)').waitFor({ timeout: 30_000 });
      const bodies = await chatBodies();
      assert.equal(bodies.length, 2);
      assert.equal('temperature' in bodies[1]!, false);
      assert.equal(bodies[1]!.model, 'strict-reasoner');
      const settings = JSON.parse(readFileSync(join(s.folders.userData, 'User', 'settings.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      assert.deepStrictEqual((settings['applerouter.modelParameters'] as Record<string, unknown>)['strict-reasoner'], {
        temperature: null,
      });
    });
  });

  it('Fork from here starts a conversation with exactly the messages up to the chosen one; history shows its origin', async () => {
    await s.step('fork', async () => {
      const messages = frame.locator('.message');
      assert.equal(await messages.count(), 4);
      const title = await frame.locator('.conversation-title').innerText();
      const firstAnswer = frame.locator('.message.assistant').first();
      const answerText = await firstAnswer.locator('.message-body').innerText();
      const fork = firstAnswer.getByRole('button', { name: 'Fork from here' });
      await fork.focus();
      await fork.press('Enter');
      await frame.locator('.conversation-origin', { hasText: `Forked from ${title}` }).waitFor({ timeout: 10_000 });
      assert.equal(await messages.count(), 2);
      assert.equal(
        await frame.locator('.message.user').first().locator('.message-body').innerText(),
        'Hello parameters',
      );
      assert.equal(await frame.locator('.message.assistant').first().locator('.message-body').innerText(), answerText);
      await s.gateway.reset();
      await send('After the fork');
      await lastAssistant().locator('.message-footer .meta').waitFor({ timeout: 30_000 });
      const body = (await chatBodies()).at(-1)! as { messages: { role: string; content: string }[] };
      assert.deepEqual(
        body.messages.map((m) => m.role),
        ['user', 'assistant', 'user'],
      );
      assert.deepEqual([body.messages[0]!.content, body.messages[2]!.content], ['Hello parameters', 'After the fork']);
      await s.wb.runCommand('AppleRouter: Chat History');
      const items = frame.locator('.history-item');
      await items.nth(1).waitFor({ timeout: 10_000 });
      assert.equal(await items.count(), 2);
      assert.equal(await frame.locator('.history-item', { hasText: `Forked from ${title}` }).count(), 1);
      await frame.getByRole('button', { name: 'Back to chat' }).click();
      await frame.getByRole('textbox', { name: 'Message' }).waitFor({ timeout: 10_000 });
    });
  });

  it('n = 2: the answer shows both alternatives, switched by keyboard; the second continues the conversation', async () => {
    await s.step('alternatives', async () => {
      await s.wb.newChat();
      await pickModel('gpt-4o-mini');
      await s.gateway.reset();
      await send('Two takes please');
      const group = lastAssistant().getByRole('group', { name: 'Alternative 1 of 2' });
      await group.waitFor({ timeout: 30_000 });
      assert.match(await lastAssistant().locator('.message-body').innerText(), /You asked:/);
      const first = (await chatBodies()).at(-1)!;
      assert.strictEqual(first.n, 2);
      assert.equal('temperature' in first, false);
      const next = lastAssistant().getByRole('button', { name: 'Next alternative' });
      await next.focus();
      await next.press('Enter');
      await lastAssistant().getByRole('group', { name: 'Alternative 2 of 2' }).waitFor({ timeout: 10_000 });
      assert.equal(await lastAssistant().locator('.message-body').innerText(), 'Choice 2 of 2: Two takes please');
      assert.equal(await lastAssistant().getByRole('button', { name: 'Next alternative' }).isDisabled(), true);
      await send('Continue from there');
      await lastAssistant().locator('.message-footer .meta').waitFor({ timeout: 30_000 });
      const body = (await chatBodies()).at(-1)! as { messages: { role: string; content: string }[] };
      assert.deepEqual(body.messages[1], { role: 'assistant', content: 'Choice 2 of 2: Two takes please' });
      const back = frame.locator('.message.assistant').first().getByRole('button', { name: 'Previous alternative' });
      await back.focus();
      await back.press('Enter');
      await frame
        .locator('.message.assistant')
        .first()
        .getByRole('group', { name: 'Alternative 1 of 2' })
        .waitFor({ timeout: 10_000 });
    });
  });

  it('the parameters popover shows each source; a value typed for this conversation is sent as a number; reset clears it', async () => {
    await s.step('popover', async () => {
      await s.wb.newChat();
      await pickModel('gpt-4o');
      const panel = frame.locator('.parameters-panel');
      await panel.locator('summary').focus();
      await panel.locator('summary').press('Enter');
      const temperature = frame.getByRole('textbox', { name: 'temperature' });
      await temperature.waitFor({ timeout: 10_000 });
      assert.equal(await temperature.getAttribute('placeholder'), '0.7');
      assert.equal(await frame.locator('#parameter-temperature-source').innerText(), 'settings');
      assert.equal(await frame.locator('#parameter-stop-source').innerText(), 'model defaults (gpt-4o*)');
      await temperature.fill('1.1');
      await temperature.press('Tab');
      await frame
        .locator('#parameter-temperature-source', { hasText: 'this conversation' })
        .waitFor({ timeout: 10_000 });
      await s.gateway.reset();
      await send('Warmer please');
      await lastAssistant().locator('.message-footer .meta').waitFor({ timeout: 30_000 });
      assert.strictEqual((await chatBodies()).at(-1)!.temperature, 1.1);
      await panel.getByRole('button', { name: 'Reset to defaults' }).click();
      await frame.locator('#parameter-temperature-source', { hasText: 'settings' }).waitFor({ timeout: 10_000 });
      assert.equal(await frame.getByRole('textbox', { name: 'temperature' }).inputValue(), '');
    });
  });
});
