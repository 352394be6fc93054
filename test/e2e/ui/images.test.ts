// Image generation in the real workbench: the palette flow and its preview, an image prompt in the chat, an edit.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';
import { repoRoot } from '../harness/paths';
import { scenePng } from '../../gateway/images';

const ORIGINAL = scenePng(11, 64, 64);

async function waitForText(s: Session, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!pattern.test(await s.wb.quickInputText())) {
    if (Date.now() > deadline) throw new Error(`the quick input never showed ${String(pattern)}`);
    await s.page.waitForTimeout(100);
  }
}

/** Waits for the step whose prompt or placeholder matches, types `text` (none: keeps the default) and presses Enter. */
async function answerStep(s: Session, pattern: RegExp, text?: string): Promise<void> {
  await waitForText(s, pattern);
  const input = s.page.locator('.quick-input-widget .quick-input-box input');
  if (text !== undefined) await input.fill(text);
  await input.press('Enter');
}

async function pickModel(frame: Frame, id: string): Promise<void> {
  const picker = frame.getByRole('combobox', { name: 'Model' });
  await picker.click();
  await picker.fill(id);
  await frame.locator(`[role="option"][data-model="${id}"]`).first().click();
}

/** The palette flow with every default; the dialog is answered with `button`. */
async function generateWithDefaults(s: Session, prompt: string, button: string): Promise<void> {
  await s.wb.runCommand('AppleRouter: Generate Image…');
  await waitForText(s, /Choose an image model/);
  await s.wb.pickQuickPick('gpt-image-1');
  await answerStep(s, /Describe the image/, prompt);
  await answerStep(s, /Image size/);
  await answerStep(s, /Quality/);
  await answerStep(s, /How many images/);
  await s.wb.answerDialog('Generate images with gpt-image-1?', button);
}

const screenshot = (name: string) =>
  process.env.APPLEROUTER_DOCS_SCREENSHOTS
    ? join(repoRoot, 'docs', 'screenshots', `${name}.png`)
    : join(repoRoot, 'test-results', 'images', `${name}.png`);

describe('image generation', { timeout: 600_000 }, () => {
  let s: Session;

  before(
    async () => {
      s = await startSession({
        name: 'images',
        activityTitle: 'AppleRouter',
        userSettings: () => ({ 'workbench.colorTheme': 'Default Dark Modern' }),
      });
      writeFileSync(join(s.folders.workspace, 'photo.png'), ORIGINAL);
      await s.step('set key', async () => {
        // A key the test gateway publishes prices to (dall-e-3 is priced per request).
        await s.wb.runCommand('AppleRouter: Set API Key');
        await s.wb.answerInput(`sk-priced-ui-images-${Date.now().toString(36)}`, /API key/);
        await s.wb.waitForNotification('The API key works');
        await s.wb.clearNotifications();
      });
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('the palette flow with a b64_json model ends in a preview that shows the image from disk', async () => {
    await s.step(
      'palette b64',
      async () => {
        await s.gateway.reset();
        await s.wb.runCommand('AppleRouter: Generate Image…');
        // Step 1: the default model is highlighted; the gateway's image models arrive in the same list.
        await waitForText(s, /Choose an image model/);
        await s.wb.pickQuickPick('gpt-image-1');
        await answerStep(s, /Describe the image/, 'a red fox in snow');
        await answerStep(s, /Image size \(Enter for 1024x1024\)/);
        await answerStep(s, /Quality \(Enter for auto\)/);
        await answerStep(s, /How many images \(Enter for 1\)/);
        const dialog = await s.wb.answerDialog('Generate images with gpt-image-1?', 'Generate');
        assert.match(dialog, /paid credits/);

        await s.page.locator('.tabs-container .tab', { hasText: 'Image: a red fox in snow' }).first().waitFor();
        const frame = await s.wb.webviewFrame('img[data-loaded="true"]', 60_000);
        const img = await frame
          .locator('img')
          .first()
          .evaluate((i: HTMLImageElement) => ({ w: i.naturalWidth, h: i.naturalHeight, src: i.currentSrc }));
        assert.deepEqual([img.w, img.h], [256, 256]);
        // Shown from the local file through the webview resource route, never from the gateway.
        assert.doesNotMatch(img.src, /127\.0\.0\.1:\d+\/(v1|image-files)/, img.src);
        assert.match(
          await frame.locator('dl.meta').innerText(),
          /a red fox in snow[\s\S]*gpt-image-1[\s\S]*1024x1024 · auto/,
        );
        for (const name of ['Save As…', 'Copy', 'Reveal in File Manager', 'Insert into Markdown', 'Generate Again'])
          assert.ok(await frame.getByRole('button', { name }).first().isVisible(), name);

        const sent = (await s.gateway.requests()).filter((r) => r.path === '/v1/images/generations');
        assert.equal(sent.length, 1, 'one request, never retried');
        assert.deepEqual(sent[0]!.json, {
          model: 'gpt-image-1',
          prompt: 'a red fox in snow',
          size: '1024x1024',
          quality: 'auto',
        });
        await s.wb.screenshot(screenshot('image-preview'));
        await s.wb.runCommand('View: Close All Editors');
      },
      180_000,
    );
  });

  it('in the chat, a url model answers with the image inline, downloaded by the host', async () => {
    await s.step(
      'chat url',
      async () => {
        await s.gateway.reset();
        await s.wb.openView('AppleRouter');
        const frame = await s.wb.webviewFrame('.composer-input', 60_000);
        await pickModel(frame, 'dall-e-3');
        await frame.locator('.video-hint', { hasText: 'image prompt' }).waitFor({ timeout: 10_000 });
        const input = frame.getByRole('textbox', { name: 'Message' });
        await input.fill('a lighthouse at dusk');
        await input.press('Enter');
        // The chat asks the same paid-credits question as the palette; nothing is sent before the answer.
        await s.wb.answerDialog('dall-e-3', 'Generate');

        const img = frame.locator('.message.assistant .generated-image img').first();
        await img.waitFor({ timeout: 60_000 });
        const loaded = async (f: Frame) => {
          const i = f.locator('.message.assistant .generated-image img').first();
          const deadline = Date.now() + 30_000;
          for (;;) {
            const seen = await i.evaluate((e: HTMLImageElement) => ({
              src: e.getAttribute('src') ?? '',
              w: e.complete ? e.naturalWidth : 0,
            }));
            if (seen.w > 0 || Date.now() > deadline) return seen;
            await f.waitForTimeout(100);
          }
        };
        const shown = await loaded(frame);
        assert.equal(shown.w, 256);
        // Shown from the saved file through the webview resource route, never from the gateway's URL.
        assert.match(shown.src, /vscode-resource|vscode-remote-resource|vscode-cdn\.net/, shown.src);
        assert.doesNotMatch(shown.src, /image-files|127\.0\.0\.1:\d+\/v1\//, shown.src);
        assert.match(
          await frame.locator('.message.assistant .revised-prompt').innerText(),
          /Revised prompt: A detailed illustration: a lighthouse at dusk/,
        );
        for (const name of [
          'Open in Preview',
          'Copy Image',
          'Save As…',
          'Insert into Markdown',
          'Edit Image with AppleRouter…',
        ])
          assert.ok(await frame.getByRole('button', { name }).first().isVisible(), name);

        const requests = await s.gateway.requests();
        assert.equal(requests.filter((r) => r.path === '/v1/chat/completions').length, 0);
        assert.equal(requests.filter((r) => r.path === '/v1/images/generations').length, 1);
        // The one download of the signed URL came from the extension host (Node), not from a browser or webview.
        const downloads = requests.filter((r) => r.path.startsWith('/image-files/'));
        assert.equal(downloads.length, 1, JSON.stringify(downloads.map((d) => d.path)));
        const h = downloads[0]!.headers;
        assert.equal(h['sec-fetch-mode'], undefined, 'no browser fetch metadata');
        assert.doesNotMatch(String(h['user-agent'] ?? ''), /Mozilla|Chrome/);
        assert.equal(h.authorization, undefined, 'the key never goes to a signed link');
        assert.match(downloads[0]!.path, /X-Signature=/);

        // The gateway publishes a per-request price for dall-e-3: the answer shows its estimate.
        const meta = frame.locator('.message.assistant .message-footer .meta').last();
        const deadline = Date.now() + 30_000;
        while (!/\$0\.04/.test(await meta.innerText()) && Date.now() < deadline) await frame.waitForTimeout(200);
        assert.match(await meta.innerText(), /\$0\.04/);
        await img.scrollIntoViewIfNeeded();
        await s.wb.screenshot(screenshot('chat-image-answer'));

        // The conversation keeps the image: after a window reload it shows again, with no new request.
        const before = (await s.gateway.requests()).length;
        await s.page.reload();
        await s.wb.ready();
        await s.wb.openView('AppleRouter');
        const again = await loaded(await s.wb.webviewFrame('.generated-image img', 60_000));
        assert.equal(again.w, 256);
        const after = (await s.gateway.requests()).slice(before);
        assert.deepEqual(
          after.filter((r) => r.path.includes('/images/') || r.path.startsWith('/image-files/')).map((r) => r.path),
          [],
        );
      },
      180_000,
    );
  });

  it('Edit Image with AppleRouter… in the explorer writes a new file beside the original', async () => {
    await s.step(
      'edit',
      async () => {
        await s.gateway.reset();
        // A Markdown file being edited: the result's "Insert into Markdown" goes to its cursor.
        writeFileSync(join(s.folders.workspace, 'notes.md'), '# Notes\n\n');
        await s.wb.openFile('notes.md');
        await s.page.locator('.editor-group-container .monaco-editor .view-lines').first().click();
        await s.page.keyboard.press('Control+End');
        await s.page.keyboard.press('Control+Shift+E');
        const row = s.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'photo.png' }).first();
        await row.waitFor({ timeout: 30_000 });
        await row.click({ button: 'right' });
        await s.page.getByRole('menuitem', { name: 'Edit Image with AppleRouter…' }).click();
        await waitForText(s, /Choose an image model/);
        await s.wb.pickQuickPick('gpt-image-1');
        await answerStep(s, /Describe the change/, 'add a scarf');
        await answerStep(s, /mask \(Enter for none\)/);
        await s.wb.answerDialog('Edit the image with gpt-image-1?', 'Generate');

        const edited = join(s.folders.workspace, 'photo-edited.png');
        const deadline = Date.now() + 60_000;
        while (!existsSync(edited) && Date.now() < deadline) await s.page.waitForTimeout(200);
        assert.ok(existsSync(edited), 'photo-edited.png beside the original');
        assert.deepEqual(
          readFileSync(edited).subarray(0, 8),
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        );
        assert.deepEqual(readFileSync(join(s.folders.workspace, 'photo.png')), ORIGINAL, 'the original is untouched');
        const edits = (await s.gateway.requests()).filter((r) => r.path === '/v1/images/edits');
        assert.equal(edits.length, 1);
        assert.match(String(edits[0]!.headers['content-type'] ?? ''), /^multipart\/form-data/);
        await s.page.locator('.tabs-container .tab', { hasText: 'Image: add a scarf' }).first().waitFor();

        // The edited image is in the workspace: its link is relative to the Markdown file.
        const frame = await s.wb.webviewFrame('img[data-loaded="true"]', 60_000);
        await frame.getByRole('button', { name: 'Insert into Markdown' }).first().click();
        const notes = join(s.folders.workspace, 'notes.md');
        const lines = s.page.locator('.editor-group-container .monaco-editor .view-lines').first();
        const until = Date.now() + 30_000;
        // The editor renders spaces as no-break spaces.
        const text = async () => (await lines.innerText().catch(() => '')).replace(/\u00a0/g, ' ');
        while (!(await text()).includes('photo-edited.png') && Date.now() < until) await s.page.waitForTimeout(200);
        assert.match(await text(), /!\[add a scarf\]\(<\.\/photo-edited\.png>\)/);
        // The host focuses the Markdown editor after the insert; saved with its own key once it has.
        await s.page.locator('.tabs-container .tab.active', { hasText: 'notes.md' }).waitFor({ timeout: 10_000 });
        await lines.click();
        await s.page.keyboard.press('Control+S');
        const saveUntil = Date.now() + 10_000;
        while (!readFileSync(notes, 'utf8').includes('photo-edited') && Date.now() < saveUntil)
          await s.page.waitForTimeout(200);
        assert.match(readFileSync(notes, 'utf8'), /^# Notes\n\n!\[add a scarf\]\(<\.\/photo-edited\.png>\)/);
      },
      180_000,
    );
  });
  it('a refusal is one notification with the gateway message and request id; Cancel aborts a slow request', async () => {
    await s.step(
      'refusal and cancel',
      async () => {
        await s.gateway.reset();
        // Focus leaves the preview's webview for the workbench (a key pressed inside the webview may be its own).
        await s.wb.openFile('notes.md');
        await s.wb.clearNotifications();
        await generateWithDefaults(s, 'something forbidden [img:policy]', 'Generate');
        const note = await s.wb.waitForNotification(/The image was not made/, 60_000);
        assert.match(note.message, /safety system/);
        assert.match(note.message, /request id \w+/);
        await s.wb.clearNotifications();

        // "Don't Ask Again" is remembered in the user settings: the next generation does not ask.
        await generateWithDefaults(s, 'a slow one [img:slow:30000]', "Generate, Don't Ask Again");
        const toast = s.page
          .locator('.notifications-toasts .notification-toast', { hasText: 'Generating image with gpt-image-1' })
          .first();
        await toast.waitFor({ timeout: 30_000 });
        await toast.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
        await s.wb.waitForNotification(/Stopped waiting for the image/, 30_000);
        const deadline = Date.now() + 10_000;
        const slow = async () =>
          (await s.gateway.requests()).find((r) =>
            (r.json as { prompt?: string } | undefined)?.prompt?.includes('[img:slow'),
          );
        while (!(await slow())?.closedEarly && Date.now() < deadline) await s.page.waitForTimeout(200);
        assert.equal((await slow())?.closedEarly, true, 'the HTTP request was aborted');
      },
      180_000,
    );
  });

  it('the Gallery lists images and videos together and opens an image', async () => {
    await s.step(
      'gallery',
      async () => {
        await s.wb.runCommand('View: Close All Editors');
        await s.wb.runCommand('AppleRouter: Gallery');
        const widget = s.page.locator('.quick-input-widget', { hasText: 'Gallery' });
        await widget.waitFor({ timeout: 30_000 });
        // The list draws only the rows in view (and may be scrolled): each entry is found through the filter.
        const input = s.page.locator('.quick-input-widget .quick-input-box input');
        const rows = s.page.locator('.quick-input-widget .monaco-list-row');
        const rowFor = async (label: string) => {
          await input.fill(label);
          const deadline = Date.now() + 15_000;
          let text = '';
          while (!text.includes(label) && Date.now() < deadline) {
            text = (await rows.allInnerTexts()).join('\n');
            if (!text.includes(label)) await s.page.waitForTimeout(200);
          }
          return text;
        };
        assert.match(await rowFor('a red fox in snow'), /a red fox in snow[\s\S]*gpt-image-1[\s\S]*Image — 1024x1024/);
        assert.match(await rowFor('add a scarf'), /add a scarf[\s\S]*Edited image/);
        await input.fill('');
        await s.wb.pickQuickPick('a red fox in snow');
        await s.page.locator('.tabs-container .tab', { hasText: 'Image: a red fox in snow' }).first().waitFor();
        await s.wb.webviewFrame('img[data-loaded="true"]', 60_000);
      },
      120_000,
    );
  });
  it('in the chat, an image attached to an image prompt is edited', async () => {
    await s.step(
      'chat edit',
      async () => {
        await s.gateway.reset();
        const frame = await s.wb.newChat();
        await pickModel(frame, 'gpt-image-1');
        await frame.locator('.video-hint', { hasText: 'attach an image to edit it' }).waitFor({ timeout: 10_000 });
        await frame.setInputFiles('input[type=file]', { name: 'photo.png', mimeType: 'image/png', buffer: ORIGINAL });
        await frame.locator('.thumbs img.thumb').waitFor({ timeout: 20_000 });
        const input = frame.getByRole('textbox', { name: 'Message' });
        await input.fill('make it night');
        await input.press('Enter');
        // "Don't Ask Again" was chosen in an earlier test: no question this time.
        const img = frame.locator('.message.assistant .generated-image img').first();
        await img.waitFor({ timeout: 60_000 });
        const requests = await s.gateway.requests();
        assert.equal(requests.filter((r) => r.path === '/v1/images/generations').length, 0);
        const edits = requests.filter((r) => r.path === '/v1/images/edits');
        assert.equal(edits.length, 1);
        assert.match(String(edits[0]!.headers['content-type'] ?? ''), /^multipart\/form-data/);
        assert.match(edits[0]!.bodyText, /name="prompt"\r\n\r\nmake it night/);
        assert.match(edits[0]!.bodyText, /name="image"; filename="photo[^"]*\.png"/);

        // The image pasted into the message has its own Edit: the edit starts from a copy among the extension's
        // image files, named after its bytes.
        await frame.getByRole('button', { name: 'Edit photo.png with AppleRouter…' }).click();
        await waitForText(s, /Choose an image model/);
        await s.page
          .locator('.quick-input-widget .quick-input-title', { hasText: /Edit Image: pasted-[0-9a-f]{12}\.png/ })
          .waitFor({ timeout: 10_000 });
        await s.wb.pickQuickPick('gpt-image-1');
        await answerStep(s, /Describe the change/, 'add stars');
        await answerStep(s, /mask \(Enter for none\)/);
        await s.page.locator('.tabs-container .tab', { hasText: 'Image: add stars' }).first().waitFor();
        const second = (await s.gateway.requests()).filter((r) => r.path === '/v1/images/edits');
        assert.equal(second.length, 2);
        assert.match(second[1]!.bodyText, /name="image"; filename="pasted-[0-9a-f]{12}\.png"/);
      },
      120_000,
    );
  });
});
