// A long conversation on a model with an 8k window in the real workbench: four long notes; the fourth is refused by
// the gateway, and without the user doing anything the window is learned, the oldest notes are summarized and the
// note is answered inside the window; the divider and the context meter show it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { gatewayPromptTokens } from '../../gateway/contextWindow';
import { startSession, type Session } from '../harness/session';

/** A note of about `words` words of varied English. */
function note(n: number, words: number): string {
  const list = (
    'river stone garden window market letter station summer winter valley bridge candle pocket silver harbor ' +
    'engine ticket forest lantern meadow copper orchard pillar signal thunder velvet anchor basket cellar'
  ).split(' ');
  let seed = n * 7919;
  const out = [`NOTE-${n}:`];
  for (let i = 0; i < words; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    out.push(list[seed % list.length]!);
  }
  return out.join(' ');
}

interface Body {
  model: string;
  messages: { role: string; content: unknown }[];
}

describe('a conversation longer than its model window', { timeout: 900_000 }, () => {
  let s: Session;
  let frame: Frame;
  const key = `sk-ui-context-${Date.now().toString(36)}`;

  const lastAssistant = () => frame.locator('.message.assistant').last();
  const sendAndWait = async (text: string) => {
    const before = await frame.locator('.message.assistant').count();
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
    await frame.locator('.message.assistant').nth(before).waitFor({ timeout: 30_000 });
    await frame.locator('.send-button:not(.stop)').waitFor({ timeout: 90_000 });
  };

  before(
    async () => {
      s = await startSession({
        name: 'context-window',
        activityTitle: 'AppleRouter',
        // Without tools: the notes alone decide what fits (tool definitions would take a share of the window too).
        userSettings: () => ({ 'applerouter.model': 'window-8k', 'applerouter.tools.enabled': false }),
      });
      await s.step('set key and open view', async () => {
        await s.wb.runCommand('AppleRouter: Set API Key');
        await s.wb.answerInput(key, /API key/);
        await s.wb.waitForNotification('The API key works');
        await s.wb.openView('AppleRouter');
        frame = await s.wb.webviewFrame('.composer-input', 60_000);
      });
    },
    { timeout: 540_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('answers the fourth long note by itself, inside the window, and shows the summary divider', async () => {
    await s.step(
      'three notes fit',
      async () => {
        for (let n = 1; n <= 3; n++) {
          await sendAndWait(note(n, 2200));
          await lastAssistant()
            .locator('.message-body', { hasText: `NOTE-${n}` })
            .waitFor({ timeout: 30_000 });
        }
        assert.equal(await frame.locator('.compaction-divider').count(), 0);
        const meter = frame.getByRole('meter', { name: 'Context window' });
        await meter.waitFor({ timeout: 10_000 });
        assert.ok(Number(await meter.getAttribute('aria-valuenow')) > 6000);
      },
      240_000,
    );

    await s.step(
      'the fourth is answered without the user',
      async () => {
        await s.gateway.reset();
        await sendAndWait(note(4, 2200));
        await lastAssistant().locator('.message-body', { hasText: 'NOTE-4' }).waitFor({ timeout: 60_000 });
        assert.equal((await lastAssistant().locator('.message-error').innerText()).trim(), '', 'no error shown');
        const requests = await s.gateway.requests();
        const chats = requests.filter((r) => r.path === '/v1/chat/completions');
        const asks = chats.map((r) => JSON.parse(r.bodyText) as Body);
        const notes = asks.filter((b) => !String(b.messages[0]?.content).startsWith('You condense'));
        assert.equal(notes.length, 2, 'refused once, then accepted: one automatic retry');
        assert.ok(gatewayPromptTokens(notes[0]!) > 8192, 'the first try passed the window');
        const accepted = notes[1]!;
        assert.ok(gatewayPromptTokens(accepted) <= 8192, `accepted ${gatewayPromptTokens(accepted)} tokens`);
        assert.equal(accepted.messages.at(-1)!.content, note(4, 2200), 'the fourth note is carried whole');
        assert.ok(
          asks.some((b) => String(b.messages[0]?.content).startsWith('You condense')),
          'a summary was made',
        );
      },
      240_000,
    );

    await s.step('the divider opens the summary; the notes stay in the transcript', async () => {
      const divider = frame.locator('.compaction-divider');
      await divider.waitFor({ timeout: 10_000 });
      const summary = divider.locator('summary', { hasText: 'Earlier messages summarized' });
      await summary.focus();
      await summary.press('Enter');
      await divider.locator('.compaction-summary', { hasText: 'Summary note' }).waitFor({ timeout: 10_000 });
      await divider.getByRole('button', { name: 'Undo summary' }).waitFor({ timeout: 10_000 });
      assert.equal(await frame.locator('.message.user').count(), 4);
    });
  });
});
