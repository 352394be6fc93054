// Helpers that drive VS Code's web workbench the way a user does: palette, input boxes, menus, views, notifications.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';

const quickInput = '.quick-input-widget';
const quickInputBox = `${quickInput} .quick-input-box input`;

export interface NotificationInfo {
  readonly message: string;
  /** Source and button labels, as shown. */
  readonly details: string;
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly defaultTimeout = 30_000,
  ) {}

  /** Waits for the workbench shell and, when given, for a view container's activity-bar entry. */
  async ready(activityTitle?: string): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    if (activityTitle) await this.activityEntry(activityTitle).waitFor({ timeout: 90_000 });
  }

  activityEntry(title: string): Locator {
    return this.page.locator(`.activitybar .action-item .action-label[aria-label^="${title}"]`).first();
  }

  /** True when the view container's activity-bar entry is the open one. */
  async activityEntryOpen(title: string): Promise<boolean> {
    return this.page
      .locator(`.activitybar .action-item.checked .action-label[aria-label^="${title}"]`)
      .first()
      .isVisible();
  }

  /** Opens a view container from the activity bar (e.g. `AppleRouter`); does nothing if it is already open. */
  async openView(title = 'AppleRouter'): Promise<void> {
    const entry = this.activityEntry(title);
    await entry.waitFor({ timeout: this.defaultTimeout });
    const open = this.page.locator(`.activitybar .action-item.checked .action-label[aria-label^="${title}"]`).first();
    const deadline = Date.now() + this.defaultTimeout;
    for (;;) {
      // After a reload the workbench restores the open container a moment later, and clicking an open
      // container closes it: look (twice, a moment apart) before clicking, and check the result.
      if ((await open.isVisible()) && (await this.page.waitForTimeout(300), await open.isVisible())) return;
      await entry.click();
      if (
        await open.waitFor({ timeout: 3000 }).then(
          () => true,
          () => false,
        )
      )
        return;
      if (Date.now() > deadline) throw new Error(`the ${title} view container did not open`);
    }
  }

  /**
   * Finds the document of a webview by something only it contains. Webviews are nested iframes whose ids change
   * on every load, so polling all frames for a known selector is the stable way in.
   */
  async webviewFrame(selector: string, timeoutMs = this.defaultTimeout): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame()) continue;
        try {
          if (await frame.$(selector)) return frame;
        } catch {
          // frame navigated or detached while we looked
        }
      }
      if (Date.now() > deadline) throw new Error(`no webview frame contains ${selector}`);
      await this.page.waitForTimeout(200);
    }
  }

  private async openQuickInput(prefix: string): Promise<Locator> {
    const input = this.page.locator(quickInputBox);
    const deadline = Date.now() + this.defaultTimeout;
    for (let attempt = 1; ; attempt++) {
      // F1 opens the palette even while a webview has focus.
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: Math.max(1000, Math.min(10_000, deadline - Date.now())) });
        // The palette closes when something else takes the focus (a view an earlier step opened, a webview that
        // focuses its composer once an answer arrives), and is inert while a context menu or a widget is leaving.
        // Then it is opened again rather than waited on.
        await input.fill(prefix, { timeout: 3000 });
        return input;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        const dialog = await this.dialogText().catch(() => '');
        process.stderr.write(
          `[workbench] the palette closed or was inert (attempt ${attempt}${dialog ? `, dialog: ${dialog}` : ''}); opening it again\n`,
        );
        await this.page.keyboard.press('Escape').catch(() => undefined);
        await this.page.waitForTimeout(300);
      }
    }
  }

  /** Runs a command by its palette title, e.g. `AppleRouter: Set API Key` (the exact title, not a prefix). */
  async runCommand(title: string): Promise<void> {
    const deadline = Date.now() + this.defaultTimeout;
    const rows = this.page.locator(`${quickInput} .monaco-list-row`);
    // A row's aria-label is the title, optionally followed by ", <keybinding>".
    const matches = (label: string | null) => !!label && (label === title || label.startsWith(`${title},`));
    // A modal dialog left open by an earlier step blocks the palette: it is named on stderr, then closed.
    const leftover = await this.dialogText();
    if (leftover) {
      process.stderr.write(
        `[workbench] closing a dialog an earlier step left open before running "${title}": ${leftover}\n`,
      );
      await this.dismissOverlays();
    }
    for (;;) {
      await this.openQuickInput(`>${title}`);
      const rowDeadline = Date.now() + 3000;
      let index = -1;
      while (index < 0 && Date.now() < rowDeadline) {
        const labels = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
        index = labels.findIndex(matches);
        if (index < 0) await this.page.waitForTimeout(100);
      }
      if (index >= 0) {
        await rows.nth(index).click();
        await this.paletteClosed(title);
        return;
      }
      // Commands of an extension appear only after the extension host has scanned it; retry until then.
      const offered = await rows.evaluateAll((els) => els.slice(0, 5).map((e) => e.getAttribute('aria-label')));
      await this.page.keyboard.press('Escape');
      if (Date.now() > deadline)
        throw new Error(`command "${title}" not found in the palette; it offers ${JSON.stringify(offered)}`);
    }
  }

  /**
   * Waits until the command palette has gone, so that a quick pick the command opens next is not confused with
   * the palette's own list (which still names the command).
   */
  private async paletteClosed(title: string): Promise<void> {
    const widget = this.page.locator(quickInput);
    const input = this.page.locator(quickInputBox);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      if (!(await widget.isVisible().catch(() => false))) return;
      const value = await input.inputValue().catch(() => '');
      if (value !== `>${title}`) return;
      await this.page.waitForTimeout(50);
    }
  }

  /** The text of an open dialog (e.g. "Command … resulted in an error"), or undefined when none is open. */
  async dialogText(): Promise<string | undefined> {
    const box = this.page.locator('.monaco-dialog-box');
    if (!(await box.isVisible().catch(() => false))) return undefined;
    return (await box.innerText().catch(() => '')).replace(/\s+/g, ' ').trim();
  }

  /** Waits for `locator` to show, failing at once (with its text) if a dialog opens instead. */
  private async visibleOrDialog(locator: Locator, what: string): Promise<void> {
    const deadline = Date.now() + this.defaultTimeout;
    for (;;) {
      if (await locator.isVisible().catch(() => false)) return;
      const dialog = await this.dialogText();
      if (dialog) throw new Error(`expected ${what}, but a dialog is open: ${dialog}`);
      if (Date.now() > deadline) throw new Error(`${what} did not appear`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Waits for a modal dialog whose text matches, presses its button `button`, and returns the dialog's text. */
  async answerDialog(match: string | RegExp, button: string): Promise<string> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ state: 'visible', timeout: this.defaultTimeout });
    const text = (await this.dialogText()) ?? '';
    if (typeof match === 'string' ? !text.includes(match) : !match.test(text))
      throw new Error(`the dialog says "${text}", expected ${String(match)}`);
    await box.getByRole('button', { name: button, exact: true }).click();
    await box.waitFor({ state: 'hidden', timeout: this.defaultTimeout });
    return text;
  }

  /** Reloads the window (as "Developer: Reload Window" does) and waits for the workbench again. */
  async reload(activityTitle?: string): Promise<void> {
    await this.page.reload();
    await this.ready(activityTitle);
  }

  /** Closes whatever modal or quick input a failed step left open, so the next step starts clean. */
  async dismissOverlays(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      if (
        !(await this.dialogText()) &&
        !(await this.page
          .locator(quickInput)
          .isVisible()
          .catch(() => false))
      )
        return;
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(200);
    }
  }

  /** The prompt and placeholder of the open input box or quick pick. */
  async quickInputText(): Promise<string> {
    const widget = this.page.locator(quickInput);
    await this.visibleOrDialog(widget, 'an input box');
    const message = await widget
      .locator('.quick-input-message')
      .innerText()
      .catch(() => '');
    const placeholder = (await this.page.locator(quickInputBox).getAttribute('placeholder')) ?? '';
    return `${placeholder}\n${message}`.trim();
  }

  /** Types into the open input box and accepts it. `expectPrompt` must appear in its prompt or placeholder first. */
  async answerInput(text: string, expectPrompt?: string | RegExp): Promise<void> {
    const input = this.page.locator(quickInputBox);
    await this.visibleOrDialog(input, 'an input box');
    if (expectPrompt) {
      const deadline = Date.now() + this.defaultTimeout;
      for (;;) {
        const shown = await this.quickInputText();
        if (typeof expectPrompt === 'string' ? shown.includes(expectPrompt) : expectPrompt.test(shown)) break;
        if (Date.now() > deadline) throw new Error(`input box shows "${shown}", expected ${String(expectPrompt)}`);
        await this.page.waitForTimeout(100);
      }
    }
    await input.fill(text);
    await input.press('Enter');
    // Best effort only: what the input leads to (a notification, the next input) is what callers wait for.
    await this.page
      .locator(quickInput)
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
  }

  /**
   * Chooses the quick-pick item whose text (label, description or detail) contains `label`. Long lists are
   * virtualized and show only the rows in view, so when no shown row matches, the label is typed into the filter.
   */
  async pickQuickPick(label: string, timeoutMs = this.defaultTimeout): Promise<void> {
    const input = this.page.locator(quickInputBox);
    await this.visibleOrDialog(input, 'a quick pick');
    const rows = this.page.locator(`${quickInput} .monaco-list-row`);
    const deadline = Date.now() + timeoutMs;
    // Items may arrive after the picker opens (e.g. themes load lazily): the filter is typed again now and then.
    let filterAt = Date.now() + 1500;
    for (;;) {
      const texts = await rows.evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('aria-label') ?? ''}\n${(e as HTMLElement).innerText}`),
      );
      const index = texts.findIndex((t) => t.includes(label));
      if (index >= 0) {
        try {
          await rows.nth(index).click({ timeout: 5000 });
        } catch {
          // A row scrolled under the picker's header cannot take a click: filter to it and choose it with Enter.
          await input.fill(label);
          await this.page
            .locator(`${quickInput} .monaco-list-row.focused`, { hasText: label })
            .waitFor({ timeout: 10_000 });
          await input.press('Enter');
        }
        return;
      }
      if (Date.now() > filterAt) {
        await input.fill('');
        await input.fill(label);
        filterAt = Date.now() + 4000;
      }
      if (Date.now() > deadline)
        throw new Error(`the quick pick offers no "${label}": ${JSON.stringify(texts.slice(0, 8))}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Opens a workspace file from the Explorer. */
  async openFile(name: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+E');
    const row = this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ timeout: this.defaultTimeout });
    await row.click();
    await this.page
      .locator('.tabs-container .tab', { hasText: name })
      .first()
      .waitFor({ timeout: this.defaultTimeout });
  }

  /**
   * Selects the editor line containing `text` and returns the selection's box. An editor that is still opening or
   * re-rendering can swallow the keys or collapse the selection, so it is tried again until the selection shows.
   */
  async selectLine(text: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const deadline = Date.now() + this.defaultTimeout;
    for (;;) {
      const line = this.page.locator('.monaco-editor .view-line', { hasText: text }).first();
      await line.click({ timeout: this.defaultTimeout });
      await this.page.keyboard.press('Home');
      await this.page.keyboard.press('Shift+End');
      for (let i = 0; i < 10; i++) {
        const box = await this.selectionBox();
        if (box) return box;
        await this.page.waitForTimeout(100);
      }
      if (Date.now() > deadline) throw new Error(`the line "${text}" could not be selected`);
    }
  }

  /** The box of the first drawn selection in any editor, or undefined when none is drawn. */
  private async selectionBox(): Promise<{ x: number; y: number; width: number; height: number } | undefined> {
    const parts = this.page.locator('.monaco-editor .selected-text');
    const n = await parts.count();
    for (let i = 0; i < n; i++) {
      const box = await parts
        .nth(i)
        .boundingBox()
        .catch(() => null);
      if (box && box.width > 0 && box.height > 0) return box;
    }
    return undefined;
  }

  /** Right-clicks inside the selection of the editor line containing `text` and chooses a context-menu item. */
  async editorContextMenu(text: string, item: string): Promise<void> {
    // The menu can re-render under the pointer while language features add items (e.g. "Go to Source
    // Definition"); such a click only highlights the item. Wait for a settled menu, check that it closed
    // (the item ran), and otherwise open it again.
    for (let attempt = 1; ; attempt++) {
      const sel = await this.selectLine(text);
      await this.page.mouse.click(sel.x + Math.min(10, sel.width / 2), sel.y + sel.height / 2, { button: 'right' });
      // The menu lives in an open shadow root; role locators pierce it.
      const entry = this.page.getByRole('menuitem', { name: item }).first();
      await entry.waitFor({ timeout: this.defaultTimeout });
      await this.waitForSettledMenu();
      await entry.click();
      const ran = await entry.waitFor({ state: 'detached', timeout: 3000 }).then(
        () => true,
        () => false,
      );
      if (ran) return;
      if (attempt >= 3) throw new Error(`the context-menu item "${item}" was clicked ${attempt} times but did not run`);
      await this.page.keyboard.press('Escape');
      await entry.waitFor({ state: 'detached', timeout: 3000 }).catch(() => undefined);
    }
  }

  /** Waits until the open menu's item count has stayed the same for a moment. */
  private async waitForSettledMenu(): Promise<void> {
    const items = this.page.getByRole('menuitem');
    let last = -1;
    for (let i = 0; i < 20; i++) {
      const n = await items.count();
      if (n === last) return;
      last = n;
      await this.page.waitForTimeout(250);
    }
  }

  /** The toasts currently shown. */
  async notifications(): Promise<NotificationInfo[]> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    const out: NotificationInfo[] = [];
    for (const t of await toasts.all()) {
      const message = await t
        .locator('.notification-list-item-message')
        .innerText()
        .catch(() => '');
      const details = await t
        .locator('.notification-list-item-details-row')
        .innerText()
        .catch(() => '');
      out.push({ message, details });
    }
    return out;
  }

  /** Waits for a toast whose message matches, and returns it. */
  async waitForNotification(match: string | RegExp, timeoutMs = this.defaultTimeout): Promise<NotificationInfo> {
    const deadline = Date.now() + timeoutMs;
    let seen: NotificationInfo[] = [];
    for (;;) {
      seen = await this.notifications();
      const hit = seen.find((n) => (typeof match === 'string' ? n.message.includes(match) : match.test(n.message)));
      if (hit) return hit;
      const dialog = await this.dialogText();
      if (dialog) throw new Error(`expected a notification matching ${String(match)}, but a dialog is open: ${dialog}`);
      if (Date.now() > deadline) {
        throw new Error(
          `no notification matching ${String(match)}; shown: ${JSON.stringify(seen.map((n) => n.message))}`,
        );
      }
      await this.page.waitForTimeout(150);
    }
  }

  /**
   * Clicks the button labelled `button` on the notification whose message matches: on its toast, or (when the toast
   * has already hidden itself) in the notification center.
   */
  async clickNotificationButton(match: string | RegExp, button: string): Promise<void> {
    await this.waitForNotification(match);
    const inToast = this.page
      .locator('.notifications-toasts .notification-toast')
      .filter({ hasText: match })
      .getByRole('button', { name: button, exact: true })
      .first();
    if (await inToast.isVisible()) {
      await inToast.click({ timeout: this.defaultTimeout });
      return;
    }
    await this.runCommand('Notifications: Show Notifications');
    await this.page
      .locator('.notifications-center .monaco-list-row')
      .filter({ hasText: match })
      .getByRole('button', { name: button, exact: true })
      .first()
      .click({ timeout: this.defaultTimeout });
  }

  /** "AppleRouter: Set API Key" with `key`, waiting for the gateway's approval; the toasts are cleared after it. */
  async setApiKey(key: string): Promise<NotificationInfo> {
    await this.runCommand('AppleRouter: Set API Key');
    await this.answerInput(key, /API key/);
    const note = await this.waitForNotification('The API key works');
    await this.clearNotifications();
    return note;
  }

  /** Opens the AppleRouter view and returns the chat webview's document once its composer is there. */
  async openChat(): Promise<Frame> {
    await this.openView('AppleRouter');
    return this.webviewFrame('.composer-input', 60_000);
  }

  /**
   * Runs New Chat and returns the chat's document once the old conversation's messages are gone: the composer is there
   * before the new conversation arrives, and a model picked or text typed before then would be reset.
   */
  async newChat(): Promise<Frame> {
    await this.runCommand('AppleRouter: New Chat');
    const frame = await this.webviewFrame('.composer-input', 60_000);
    await frame.locator('.message').first().waitFor({ state: 'detached', timeout: 10_000 });
    return frame;
  }

  /** Closes every toast, so the next assertion sees only new ones. */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page
      .locator('.notifications-toasts .notification-toast')
      .first()
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
  }

  async screenshot(file: string): Promise<void> {
    mkdirSync(dirname(file), { recursive: true });
    await this.page.screenshot({ path: file, animations: 'disabled' });
  }
}
