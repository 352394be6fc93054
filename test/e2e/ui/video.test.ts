// Video generation in the real workbench: palette flow on both gateway paths, preview, reload, gallery, failures.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';

/** Palette flow and preview helpers bound to one session. */
function helpers(get: () => Session) {
  /** Walks the steps; the model is the default unless given; `confirm` names the dialog button to press. */
  async function generate(
    prompt: string,
    opts: { model?: string; confirm?: RegExp; image?: string } = {},
  ): Promise<void> {
    const s = get();
    await s.wb.runCommand('AppleRouter: Generate Video…');
    if (opts.model) await s.wb.pickQuickPick(opts.model);
    else {
      // The highlighted row is the default model; a click works wherever the keyboard focus still is (e.g. a webview).
      const row = s.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'veo-3.1' }).first();
      await row.waitFor({ timeout: 30_000 });
      await row.click();
    }
    // Step 2 is followed at once by step 3 in the same widget, so wait for the prompt text, not for it to close.
    const deadline = Date.now() + 30_000;
    while (!/Describe the video/.test(await s.wb.quickInputText())) {
      if (Date.now() > deadline) throw new Error('the prompt step did not appear');
      await s.page.waitForTimeout(100);
    }
    const input = s.page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(prompt);
    await input.press('Enter');
    if (opts.image) {
      await s.wb.pickQuickPick('Choose an image…');
      // The web workbench's own file dialog: a quick input listing the folder (the workspace) that holds the image.
      const widget = s.page.locator('.quick-input-widget', { hasText: 'Use as Reference' });
      await widget.waitFor({ timeout: 30_000 });
      const name = opts.image.split('/').pop()!;
      await widget.locator('.monaco-list-row', { hasText: name }).first().click();
      const input = s.page.locator('.quick-input-widget .quick-input-box input');
      const deadline = Date.now() + 10_000;
      while (!(await input.inputValue()).endsWith(name) && Date.now() < deadline) await s.page.waitForTimeout(100);
      if (await widget.isVisible()) await input.press('Enter');
    } else {
      await s.wb.pickQuickPick('No reference image');
    }
    if (opts.confirm) {
      const dialog = s.page.locator('.monaco-dialog-box');
      await dialog.waitFor({ timeout: 30_000 });
      assert.match(await dialog.innerText(), /paid credits/);
      await dialog.locator('.monaco-button', { hasText: opts.confirm }).first().click();
    }
  }

  /** The preview webview for a prompt, once its <video> has loaded the file's metadata. */
  async function previewWithMetadata(promptStart: string, timeoutMs = 90_000): Promise<Frame> {
    const s = get();
    await s.page
      .locator('.tabs-container .tab', { hasText: `Video: ${promptStart}` })
      .first()
      .waitFor({ timeout: timeoutMs });
    const frame = await s.wb.webviewFrame('video[data-loaded="true"]', timeoutMs);
    const media = await frame
      .locator('video')
      .first()
      .evaluate((v: HTMLVideoElement) => ({
        readyState: v.readyState,
        duration: v.duration,
        width: v.videoWidth,
        src: v.currentSrc,
      }));
    assert.ok(media.readyState >= 1, `readyState ${media.readyState}`);
    assert.ok(media.duration > 0.5 && media.duration < 2, `duration ${media.duration}`);
    assert.equal(media.width, 160);
    // Played from the local file through the webview resource route, never from the gateway's URL.
    assert.equal(media.src.includes('/video-files/'), false, media.src);
    assert.match(await frame.locator('dl.meta').innerText(), new RegExp(promptStart));
    return frame;
  }

  async function setKey(): Promise<void> {
    const s = get();
    await s.wb.setApiKey(`sk-ui-video-${Date.now().toString(36)}`);
  }

  /** Opens the gallery and returns its rows' text once every expected prompt is listed (or the last text seen). */
  async function galleryText(expected: string[]): Promise<string> {
    const s = get();
    const widget = s.page.locator('.quick-input-widget', { hasText: 'Gallery' });
    const rows = s.page.locator('.quick-input-widget .monaco-list-row');
    const deadline = Date.now() + 30_000;
    for (let opened = 0; ;) {
      // The gallery closes when something else takes the focus (a preview tab that has just opened): open it again.
      if (!(await widget.isVisible())) {
        if (opened++)
          process.stderr.write('[video test] the gallery closed before it listed every entry; opening it again\n');
        await s.wb.runCommand('AppleRouter: Gallery');
        await widget.waitFor({ timeout: 30_000 });
      }
      const text = (await rows.allInnerTexts()).join('\n');
      if (expected.every((p) => text.includes(p)) || Date.now() > deadline) return text;
      await s.page.waitForTimeout(200);
    }
  }

  return { generate, previewWithMetadata, setKey, galleryText };
}

describe('video generation through chat completions', { timeout: 600_000 }, () => {
  let s: Session;
  const h = helpers(() => s);

  before(
    async () => {
      s = await startSession({
        name: 'video-chat',
        userSettings: () => ({ 'applerouter.video.endpoint': 'chatCompletions' }),
      });
      await s.step('set key', h.setKey);
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('the palette flow with the paid-credits confirmation ends in a preview whose video loaded', async () => {
    await s.step(
      'chat path',
      async () => {
        await s.gateway.reset();
        await h.generate('fox in snow [veo:markdown]', { model: 'veo-3.1-landscape-fast-fl', confirm: /^Generate$/ });
        const frame = await h.previewWithMetadata('fox in snow');
        assert.match(await frame.locator('.note').innerText(), /AAC/);
        const chat = (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
        assert.equal(chat.length, 1, 'exactly one (never retried) request');
        const body = chat[0]!.json as { model: string; stream: boolean };
        assert.equal(body.model, 'veo-3.1-landscape-fast-fl');
        assert.equal(body.stream, true);
      },
      180_000,
    );
  });

  it('a failure line and [DONE] shows that line and the request id', async () => {
    await s.step(
      'chat failure',
      async () => {
        await s.wb.clearNotifications();
        await h.generate('storm [veo:failline]', { confirm: /Don't Ask Again/ });
        // The progress toast also shows the failure line for a moment; the error notification is the one that counts.
        const note = await s.wb.waitForNotification(/not made[\s\S]*生成失败/, 60_000);
        assert.match(note.message, /request id/i);
      },
      120_000,
    );
  });

  it('several results: one preview plays both, and "Don\'t Ask Again" skipped the confirmation', async () => {
    await s.step(
      'chat multi',
      async () => {
        await h.generate('two cats [veo:multi]');
        const frame = await h.previewWithMetadata('two cats');
        assert.equal(await frame.locator('video').count(), 2);
      },
      120_000,
    );
  });

  it('Cancel on the progress notification stops the stream and says an accepted job may still be charged', async () => {
    await s.step(
      'chat cancel',
      async () => {
        await s.wb.clearNotifications();
        await s.gateway.reset();
        await h.generate('slow river [veo:slow:3000]');
        const toast = s.page
          .locator('.notifications-toasts .notification-toast', { hasText: 'Generating video with veo-3.1' })
          .first();
        await toast.waitFor({ timeout: 30_000 });
        // The live progress line reaches the notification before we stop.
        await toast.filter({ hasText: '视频生成任务已启动' }).waitFor({ timeout: 30_000 });
        await toast.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
        await s.wb.waitForNotification(/may still be charged/, 30_000);
        const deadline = Date.now() + 10_000;
        let chat = (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
        while (!chat[0]?.closedEarly && Date.now() < deadline) {
          await s.page.waitForTimeout(200);
          chat = (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
        }
        assert.equal(chat.length, 1);
        assert.equal(chat[0]!.closedEarly, true, 'the HTTP request was aborted');
      },
      120_000,
    );
  });

  it('a result download that drops half way is resumed and still ends in the preview', async () => {
    await s.step(
      'chat drop',
      async () => {
        await s.gateway.reset();
        await h.generate('falling leaves [veo:drop]');
        await h.previewWithMetadata('falling leaves');
        const hits = (await s.gateway.requests()).filter((r) => r.path.startsWith('/video-files/drop/'));
        assert.equal(hits.length, 2, 'one broken download, one resumed');
        assert.match(String(hits[1]!.headers.range ?? ''), /^bytes=\d+-$/);
      },
      120_000,
    );
  });

  it('the gallery lists them and reopens a preview', async () => {
    await s.step(
      'gallery',
      async () => {
        const prompts = ['fox in snow', 'storm', 'two cats', 'slow river'];
        const text = await h.galleryText(prompts);
        for (const p of prompts) assert.match(text, new RegExp(p));
        assert.match(text, /生成失败/);
        assert.match(text, /Stopped/);
        await s.page.keyboard.press('Escape');
        await s.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
        await s.wb.runCommand('View: Close All Editors');
        await s.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 });
        await s.wb.runCommand('AppleRouter: Gallery');
        await s.wb.pickQuickPick('fox in snow');
        await h.previewWithMetadata('fox in snow');
      },
      120_000,
    );
  });
});

describe('a veo model in the chat panel', { timeout: 600_000 }, () => {
  let s: Session;
  const h = helpers(() => s);

  before(
    async () => {
      s = await startSession({ name: 'video-in-chat', activityTitle: 'AppleRouter' });
      await s.step('set key', h.setKey);
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('shows the progress lines in the answer, then keeps the video: preview tab with loaded metadata, listed in the gallery', async () => {
    await s.step(
      'chat panel veo',
      async () => {
        await s.gateway.reset();
        const frame = await s.wb.openChat();
        const picker = frame.getByRole('combobox', { name: 'Model' });
        await picker.click();
        await picker.fill('veo-3.1-fast');
        await frame
          .getByRole('option', { name: /veo-3\.1-fast/ })
          .first()
          .click();
        const input = frame.getByRole('textbox', { name: 'Message' });
        await input.fill('kitten on a skateboard');
        await input.press('Enter');
        // The chat asks the same paid-credits question as Generate Video… before sending anything.
        await s.wb.answerDialog('veo-3.1-fast', 'Generate');
        await frame.locator('.message.assistant', { hasText: '生成进度' }).first().waitFor({ timeout: 30_000 });
        await h.previewWithMetadata('kitten on a skateboard');
        const chat = (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
        assert.equal(chat.length, 1);
        assert.equal((chat[0]!.json as { model: string }).model, 'veo-3.1-fast');
        const text = await h.galleryText(['kitten on a skateboard']);
        assert.match(text, /kitten on a skateboard/);
        await s.page.keyboard.press('Escape');
      },
      180_000,
    );
  });
});

describe('video generation through the Videos API', { timeout: 600_000 }, () => {
  let s: Session;
  const h = helpers(() => s);

  before(
    async () => {
      s = await startSession({
        name: 'video-api',
        userSettings: () => ({
          'applerouter.video.endpoint': 'videos',
          'applerouter.video.confirmPaidCredits': false,
          'applerouter.video.pollIntervalSeconds': 1,
        }),
      });
      await s.step('set key', h.setKey);
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('a window reload during the job still ends in the preview, with the job created once', async () => {
    await s.step(
      'videos path with reload',
      async () => {
        await s.gateway.reset();
        await h.generate('lighthouse at dusk [veo:slow]');
        // Wait until the gateway accepted the job and was polled, then reload the window while it is processing.
        const deadline = Date.now() + 60_000;
        while (
          !(await s.gateway.requests()).some((r) => r.method === 'GET' && /^\/v1\/videos\/video_[^/]+$/.test(r.path))
        ) {
          if (Date.now() > deadline) throw new Error('the job was never polled');
          await s.page.waitForTimeout(200);
        }
        await s.page.reload();
        await s.wb.ready();
        await h.previewWithMetadata('lighthouse at dusk', 120_000);
        const reqs = await s.gateway.requests();
        const created = reqs.filter((r) => r.method === 'POST' && r.path === '/v1/videos');
        assert.equal(created.length, 1, 'the job is created once, never again');
        assert.match(created[0]!.bodyText, /name="size"\r\n\r\n9x16/);
        assert.ok(
          reqs.some((r) => /\/v1\/videos\/video_[^/]+\/content$/.test(r.path)),
          'the content was downloaded',
        );
      },
      240_000,
    );
  });

  it('image-to-video: the chosen reference image goes to the gateway as input_reference', async () => {
    await s.step(
      'videos reference image',
      async () => {
        await s.gateway.reset();
        const png = join(s.folders.workspace, 'ref.png');
        writeFileSync(
          png,
          Buffer.from(
            '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a1e0c1a10000000049454e44ae426082',
            'hex',
          ),
        );
        await h.generate('from a picture', { model: 'veo-3.1-landscape', image: png });
        await h.previewWithMetadata('from a picture');
        const created = (await s.gateway.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/videos');
        assert.equal(created.length, 1);
        assert.match(created[0]!.bodyText, /name="input_reference"; filename="ref.png"\r\nContent-Type: image\/png/);
        assert.match(created[0]!.bodyText, /name="size"\r\n\r\n16x9/);
      },
      120_000,
    );
  });

  it('a failed job shows its error, and the gallery lists both', async () => {
    await s.step(
      'videos failure',
      async () => {
        await s.wb.clearNotifications();
        await h.generate('forbidden scene [veo:fail]');
        const note = await s.wb.waitForNotification(/blocked by the safety filter/, 60_000);
        assert.match(note.message, /request id/i);
        const text = await h.galleryText(['lighthouse at dusk', 'forbidden scene']);
        assert.match(text, /lighthouse at dusk/);
        assert.match(text, /forbidden scene/);
        assert.match(text, /blocked by the safety filter/);
        await s.page.keyboard.press('Escape');
      },
      120_000,
    );
  });
});
