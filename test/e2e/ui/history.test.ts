// Two windows of the same workbench share the history: nothing one saves is lost, a rename or delete shows in the other.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { startSession, type Session } from '../harness/session';
import { Workbench } from '../harness/workbench';

/** Extension host processes of this code-server (its process group), by pid. */
function extensionHosts(group: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // Field 5 of /proc/PID/stat is the process group (after the command name in parentheses).
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (pgrp === group && cmd.includes('extensionHost')) out.push(Number(name));
    } catch {
      // the process ended while we looked
    }
  }
  return out.sort();
}

interface Window {
  page: Page;
  wb: Workbench;
  frame: Frame;
}

describe('the history shared by two windows of one workbench', { timeout: 900_000 }, () => {
  let s: Session;
  let one: Window;
  let two: Window;

  /** Opens the chat view in a window and finds its webview (each page has its own frames). */
  const openChat = async (page: Page, wb: Workbench): Promise<Window> => {
    await wb.openView('AppleRouter');
    return { page, wb, frame: await wb.webviewFrame('.composer-input', 60_000) };
  };
  /** Sends a message in a new conversation and waits for the whole answer (the conversation is saved by then). */
  const chat = async (w: Window, text: string): Promise<void> => {
    await w.wb.newChat();
    const input = w.frame.getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
    await w.frame.locator('.message.assistant').last().locator('.message-footer .meta').waitFor({ timeout: 60_000 });
    await w.frame.locator('.send-button:not(.stop)').waitFor({ timeout: 30_000 });
  };
  const showHistory = async (w: Window): Promise<void> => {
    await w.wb.runCommand('AppleRouter: Chat History');
    await w.frame.getByRole('searchbox', { name: 'Search conversations' }).waitFor({ timeout: 30_000 });
  };
  const titles = async (w: Window): Promise<string[]> =>
    (await w.frame.locator('.history-item .history-title').allInnerTexts()).sort();
  /** Waits until the window's history list shows exactly these titles (it is pushed, never asked for again). */
  const waitForTitles = async (w: Window, expected: string[]): Promise<void> => {
    const want = [...expected].sort();
    const deadline = Date.now() + 30_000;
    let seen: string[] = [];
    while (Date.now() < deadline) {
      seen = await titles(w);
      if (JSON.stringify(seen) === JSON.stringify(want)) return;
      await w.page.waitForTimeout(200);
    }
    assert.deepEqual(seen, want);
  };

  before(
    async () => {
      s = await startSession({ name: 'history-two-windows', activityTitle: 'AppleRouter' });
      await s.step('set key', async () => {
        await s.wb.runCommand('AppleRouter: Set API Key');
        await s.wb.answerInput(`sk-ui-history-${Date.now().toString(36)}`, /API key/);
        await s.wb.waitForNotification('The API key works');
      });
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('a second page on the same folder is a second window with its own extension host', async () => {
    await s.step('second window', async () => {
      one = await openChat(s.page, s.wb);
      const before = extensionHosts(s.server.process.pid);
      assert.equal(before.length, 1, `extension hosts before: ${before.join(', ')}`);
      // Same browser profile (so the same stored key), same code-server, same folder: the second window.
      const page = await s.browser.context.newPage();
      await page.goto(s.server.workbenchUrl());
      const wb = new Workbench(page);
      await wb.ready('AppleRouter');
      two = await openChat(page, wb);
      const hosts = extensionHosts(s.server.process.pid);
      assert.equal(hosts.length, 2, `extension hosts: ${hosts.join(', ')}`);
      assert.ok(hosts.includes(before[0]!), 'the first window keeps its own');
    });
  });

  it('conversations saved in both windows in turn are all in the history after a reload', async () => {
    await s.step('save in turn', async () => {
      await chat(one, 'First window, first question');
      await chat(two, 'Second window question');
      await chat(one, 'First window, second question');
    });
    await s.step('reload and list', async () => {
      await one.wb.reload('AppleRouter');
      one = await openChat(one.page, one.wb);
      await showHistory(one);
      await waitForTitles(one, [
        'First window, first question',
        'First window, second question',
        'Second window question',
      ]);
      await showHistory(two);
      await waitForTitles(two, [
        'First window, first question',
        'First window, second question',
        'Second window question',
      ]);
    });
  });

  it('a rename and a delete made in one window show in the other without a reload', async () => {
    await s.step('rename in one', async () => {
      const item = one.frame.locator('.history-item', { hasText: 'Second window question' });
      await item.getByRole('button', { name: 'Rename' }).click();
      const input = one.frame.locator('.history-item .rename-input');
      await input.fill('Renamed in the first window');
      await input.press('Enter');
      await waitForTitles(two, [
        'First window, first question',
        'First window, second question',
        'Renamed in the first window',
      ]);
    });
    await s.step('delete in one', async () => {
      const item = one.frame.locator('.history-item', { hasText: 'First window, first question' });
      await item.getByRole('button', { name: 'Delete' }).click();
      const asked = await one.wb.answerDialog(/Delete the conversation/, 'Delete');
      assert.match(asked, /First window, first question/);
      await waitForTitles(two, ['First window, second question', 'Renamed in the first window']);
      await waitForTitles(one, ['First window, second question', 'Renamed in the first window']);
    });
    await s.step('the second window saves again without undoing them', async () => {
      await two.frame.locator('[data-action="hide-history"]').click();
      await chat(two, 'Second window, after the changes');
      await showHistory(one);
      await waitForTitles(one, [
        'First window, second question',
        'Renamed in the first window',
        'Second window, after the changes',
      ]);
    });
  });

  it('Chat History run right after a reload opens the history (the view is still loading then)', async () => {
    await s.step('history after reload', async () => {
      // The view is not restored on reload: the command creates it, and its page loads after the command's message.
      await one.wb.runCommand('View: Close Primary Side Bar');
      await one.wb.reload('AppleRouter');
      await one.wb.runCommand('AppleRouter: Chat History');
      const frame = await one.wb.webviewFrame('.history-view:not([hidden]) .history-item', 60_000);
      assert.equal(await frame.locator('.chat-view').isHidden(), true);
    });
  });
});
