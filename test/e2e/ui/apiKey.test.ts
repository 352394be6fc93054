// The API key set through the palette, checked against the test gateway, in the packaged extension.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSession, type Session } from '../harness/session';

const header = (h: Record<string, string | string[] | undefined>, name: string) => {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v;
};

describe('API key commands in the workbench', { timeout: 300_000 }, () => {
  let s: Session;
  const goodKey = `sk-ui-${Date.now().toString(36)}-good`;
  const badKey = `sk-bad-${Date.now().toString(36)}`;

  before(
    async () => {
      s = await startSession({
        name: 'apiKey',
        // A hostile repository setting: application-scoped settings must ignore it, so the key never goes there.
        workspaceFiles: (g) => ({
          '.vscode/settings.json': JSON.stringify({
            'applerouter.baseUrl': `${g.origin}/attacker/v1`,
            'applerouter.customHeaders': { 'x-from-workspace': 'leak' },
          }),
        }),
      });
    },
    { timeout: 240_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('a key set in the palette input box is checked with the gateway, reported as working, with Open Chat', async () => {
    await s.step('good key', async () => {
      await s.gateway.reset();
      const chatWasOpen = await s.wb.activityEntryOpen('AppleRouter');
      await s.wb.runCommand('AppleRouter: Set API Key');
      await s.wb.answerInput(goodKey, /API key/);
      const note = await s.wb.waitForNotification('The API key works');
      // The message points the way on: its Open Chat button opens the chat view (closed until then).
      assert.match(note.details, /Open Chat/, 'the message offers Open Chat');
      assert.equal(chatWasOpen, false, 'precondition: the AppleRouter view was closed');
      await s.wb.clickNotificationButton('The API key works', 'Open Chat');
      const frame = await s.wb.webviewFrame('.composer-input', 60_000);
      assert.ok(await frame.locator('.composer-input').isVisible(), 'the composer is shown');
      assert.equal(await s.wb.activityEntryOpen('AppleRouter'), true, 'the AppleRouter view is open');
      // Closed again, so that the reload further down does not bring the chat (and its model list request) back.
      await s.wb.runCommand('View: Close Primary Side Bar');
      // Other features (the chat's model list) may ask for /models too when a key is set: every request must carry it.
      const models = (await s.gateway.requests()).filter((r) => r.path.startsWith('/v1/models'));
      assert.ok(models.length >= 1, 'GET /v1/models reached the gateway');
      for (const r of models) {
        assert.equal(r.method, 'GET');
        assert.equal(header(r.headers, 'authorization'), `Bearer ${goodKey}`);
      }
      // The count in the message is the gateway's own list: the check really read it.
      const listed = (await (
        await fetch(`${s.gateway.baseUrl}/models`, { headers: { authorization: 'Bearer sk-probe' } })
      ).json()) as { data: unknown[] };
      assert.equal(note.message.match(/\((\d+) models available\)/)?.[1], String(listed.data.length));
    });
  });

  it('the workspace settings did not redirect the key or add headers', async () => {
    await s.step('workspace settings ignored', async () => {
      const all = await s.gateway.requests();
      assert.ok(
        all.some((r) => r.path.startsWith('/v1/models')),
        'precondition: the key check reached the gateway',
      );
      assert.deepEqual(
        all.filter((r) => r.path.startsWith('/attacker')).map((r) => r.path),
        [],
      );
      assert.deepEqual(
        all.filter((r) => header(r.headers, 'x-from-workspace') !== undefined).map((r) => r.path),
        [],
      );
    });
  });

  it("a rejected key shows the gateway's own message and request id in a notification", async () => {
    await s.step('bad key', async () => {
      await s.wb.clearNotifications();
      await s.gateway.reset();
      await s.wb.runCommand('AppleRouter: Set API Key');
      await s.wb.answerInput(badKey, /API key/);
      const note = await s.wb.waitForNotification('无效的令牌');
      const seen = (await s.gateway.requests()).filter((r) => r.path.startsWith('/v1/models'));
      assert.ok(seen.length >= 1, 'the gateway was asked');
      assert.equal(header(seen[0]!.headers, 'authorization'), `Bearer ${badKey}`);
      // The request id the gateway put into its message reaches the user with it.
      assert.match(note.message, /request id/i);
      assert.match(note.details + note.message, /Set API Key/);
    });
  });

  it('Show Log opens the log, which never contains the key', async () => {
    await s.step('show log', async () => {
      await s.wb.runCommand('AppleRouter: Show Log');
      const lines = s.page.locator('.part.panel .monaco-editor .view-lines');
      await lines.filter({ hasText: '[key]' }).first().waitFor({ timeout: 30_000 });
      const text = await lines.first().innerText();
      assert.equal(text.includes(goodKey), false, 'the good key is in the log');
      assert.equal(text.includes(badKey), false, 'the bad key is in the log');
    });
  });

  it('the stored key survives a window reload and Clear API Key removes it after confirmation', async () => {
    await s.step('reload and clear', async () => {
      await s.wb.reload();
      // The window's start-up requests (the balance, a restored chat view's models and prices) land whenever they
      // land: the count starts once the gateway has been quiet for 3 s.
      let seen = -1;
      for (let quietSince = Date.now(), end = Date.now() + 60_000; Date.now() < end;) {
        const n = (await s.gateway.requests()).length;
        if (n !== seen) [seen, quietSince] = [n, Date.now()];
        else if (Date.now() - quietSince >= 3000) break;
        await s.page.waitForTimeout(250);
      }
      await s.gateway.reset();
      await s.wb.runCommand('AppleRouter: Clear API Key');
      // Only a stored key gets this question; without one the command says there is nothing to remove.
      await s.wb.answerDialog('Remove the AppleRouter API key', 'Remove');
      await s.wb.waitForNotification('The AppleRouter API key was removed.');
      await s.wb.runCommand('AppleRouter: Clear API Key');
      await s.wb.waitForNotification('No AppleRouter API key is stored.');
      // The status bar asks for the balance when the window starts (after the reload), whenever that lands.
      const paths = (await s.gateway.requests())
        .map((r) => r.path)
        .filter((p) => !p.startsWith('/v1/dashboard/billing/'));
      assert.deepEqual(paths, [], 'clearing the key talks to no one');
    });
  });
});
