// axe-core run inside the chat webview's own document in the real workbench: no violation of any impact, with an
// empty conversation, with an answered one, and with the history shown.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';

/** axe's browser bundle; evaluated through the debugging protocol, which the webview's CSP does not govern. */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Every axe violation in the frame's document, as "rule (impact): help — targets" lines. */
async function axeViolations(frame: Frame): Promise<string[]> {
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: unknown }> } })
      .axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return (violations as AxeViolation[]).map(
    (v) =>
      `${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`,
  );
}

describe('accessibility of the chat view (axe in the webview)', { timeout: 600_000 }, () => {
  let s: Session;
  let frame: Frame;

  before(
    async () => {
      s = await startSession({ name: 'accessibility', activityTitle: 'AppleRouter' });
      await s.step('set key', () => s.wb.setApiKey(`sk-ui-axe-${Date.now().toString(36)}`));
      frame = await s.step('open view', () => s.wb.openChat());
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('an empty conversation has a main landmark, a page heading, labelled regions and no violation', async () => {
    await s.step('axe empty', async () => {
      await frame.locator('.model-picker').waitFor();
      assert.equal(await frame.locator('main').count(), 1, 'one main landmark');
      assert.equal(await frame.locator('h1').count(), 1, 'one page heading');
      assert.deepEqual(await axeViolations(frame), []);
    });
  });

  it('an answered conversation has no violation', async () => {
    await s.step('axe answered', async () => {
      const input = frame.getByRole('textbox', { name: 'Message' });
      await input.fill('Say hello');
      await input.press('Enter');
      await frame.locator('.message.assistant .message-footer .meta').waitFor({ timeout: 30_000 });
      await frame.locator('.send-button:not(.stop)').waitFor({ timeout: 30_000 });
      assert.deepEqual(await axeViolations(frame), []);
    });
  });

  it('the history view has no violation', async () => {
    await s.step('axe history', async () => {
      await s.wb.runCommand('AppleRouter: Chat History');
      await frame.getByRole('searchbox', { name: 'Search conversations' }).waitFor();
      await frame.locator('.history-item').first().waitFor({ timeout: 10_000 });
      assert.deepEqual(await axeViolations(frame), []);
    });
  });
});
