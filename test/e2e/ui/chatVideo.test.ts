// The chat panel with a veo model in the real workbench: video-prompt composer, progress, the video inline from disk.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';

/** Waits until the chat transcript holds a <video> whose metadata loaded; returns what it shows. */
async function inlineVideo(
  frame: Frame,
  timeoutMs: number,
): Promise<{ readyState: number; src: string; duration: number; label: string }> {
  const video = frame.locator('.message.assistant .message-videos video').first();
  await video.waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const seen = await video.evaluate((v: HTMLVideoElement) => ({
      readyState: v.readyState,
      src: v.getAttribute('src') ?? '',
      duration: v.duration,
      label: v.getAttribute('aria-label') ?? '',
      error: v.error?.code,
    }));
    if (seen.readyState >= 1 || seen.error !== undefined || Date.now() > deadline) return seen;
    await frame.waitForTimeout(200);
  }
}

async function pickModel(frame: Frame, id: string): Promise<void> {
  const picker = frame.getByRole('combobox', { name: 'Model' });
  await picker.click();
  await picker.fill(id);
  await frame.locator(`[role="option"][data-model="${id}"]`).first().click();
}

describe('chat panel: a veo answer shows its video inline', { timeout: 600_000 }, () => {
  let s: Session;

  before(
    async () => {
      s = await startSession({ name: 'chat-video', activityTitle: 'AppleRouter' });
      await s.step('set key', () => s.wb.setApiKey(`sk-ui-chatvideo-${Date.now().toString(36)}`));
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('a video prompt shows progress, then plays the saved file through a webview resource URI, also after a reload', async () => {
    await s.step(
      'chat veo inline',
      async () => {
        await s.gateway.reset();
        let frame = await s.wb.openChat();
        assert.equal(await frame.locator('.video-hint').isVisible(), false, 'no video hint for a text model');
        await pickModel(frame, 'veo-3.1-fast');
        // The composer says the message is a video prompt; the image button (reference image) stays.
        await frame.locator('.video-hint', { hasText: 'video prompt' }).waitFor({ timeout: 10_000 });
        assert.ok(await frame.getByRole('button', { name: 'Attach image' }).isVisible());
        const input = frame.getByRole('textbox', { name: 'Message' });
        await input.fill('otter surfing at sunset');
        await input.press('Enter');
        // A veo model in chat asks the same paid-credits question as Generate Video…; nothing is sent before the answer.
        await s.wb.answerDialog('veo-3.1-fast', 'Generate');
        await frame.locator('.message.assistant', { hasText: '生成进度' }).first().waitFor({ timeout: 30_000 });

        const seen = await inlineVideo(frame, 90_000);
        assert.ok(seen.readyState >= 1, `readyState ${seen.readyState} (src ${seen.src})`);
        assert.ok(seen.duration > 0.5, `duration ${seen.duration}`);
        // Played from the local file through the webview resource route, never from the gateway's URL.
        assert.match(seen.src, /vscode-resource|vscode-remote-resource|vscode-cdn\.net/, seen.src);
        assert.equal(seen.src.includes('/video-files/'), false, seen.src);
        assert.doesNotMatch(seen.src, /^https?:\/\/127\.0\.0\.1:\d+\/v1\//, seen.src);
        assert.match(seen.label, /^Generated video: .+\.mp4$/);
        const chat = (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions');
        assert.equal(chat.length, 1);
        assert.equal((chat[0]!.json as { model: string }).model, 'veo-3.1-fast');

        // The conversation's record keeps the file: a window reload shows the video again, without a new request.
        const paid = async (): Promise<number> =>
          (await s.gateway.requests()).filter(
            (r) => r.path === '/v1/chat/completions' || r.path.includes('/video-files/'),
          ).length;
        const before = await paid();
        await s.page.reload();
        await s.wb.ready();
        await s.wb.openView('AppleRouter');
        frame = await s.wb.webviewFrame('.message-videos video', 60_000);
        const again = await inlineVideo(frame, 60_000);
        assert.ok(again.readyState >= 1, `after reload: readyState ${again.readyState}`);
        assert.equal(
          again.src.split('?')[0]!.split('/').pop(),
          seen.src.split('?')[0]!.split('/').pop(),
          'the same file',
        );
        assert.equal(await paid(), before, 'neither generated nor downloaded again');
      },
      240_000,
    );
  });

  it('a video whose download fails shows the error in place of the video', async () => {
    await s.step(
      'chat veo failed download',
      async () => {
        await s.gateway.reset();
        await s.wb.clearNotifications();
        const frame = await s.wb.newChat();
        await pickModel(frame, 'veo-3.1');
        const input = frame.getByRole('textbox', { name: 'Message' });
        await input.fill('stale link [veo:expired]');
        await input.press('Enter');
        await s.wb.answerDialog('veo-3.1', 'Generate');
        const error = frame.locator('.message.assistant .message-error', { hasText: 'The video was not made' }).first();
        await error.waitFor({ timeout: 90_000 });
        assert.match(await error.innerText(), /403|expired|denied|forbidden/i);
        assert.equal(await frame.locator('.message.assistant .message-videos video').count(), 0);
        assert.ok(await frame.getByRole('button', { name: 'Show Log' }).first().isVisible());
      },
      180_000,
    );
  });
});
