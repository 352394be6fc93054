// Inline completions in the workbench: ghost text from the gateway, Tab accepts it, typing on closes the request in flight.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RecordedRequest } from '../harness/gateway';
import { startSession, type Session } from '../harness/session';

const GEOMETRY = ['// Geometry helpers.', 'export interface Point {', '  x: number;', '  y: number;', '}', '', ''].join(
  '\n',
);
// The test gateway holds back its answer when the prompt asks for it (see test/gateway/completions.ts).
const SLOW = ['// @gateway-delay 8000', ''].join('\n');

interface FimBody {
  model?: string;
  prompt?: string;
  suffix?: string;
}

describe('inline completions in the workbench', { timeout: 600_000 }, () => {
  let s: Session;

  const completionRequests = async (): Promise<RecordedRequest[]> =>
    (await s.gateway.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/completions');

  const waitFor = async <T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await s.page.waitForTimeout(200);
    }
  };

  const statusItem = (state: string) =>
    s.page.locator(`.statusbar-item [aria-label*="${state}"], .statusbar-item[aria-label*="${state}"]`).first();

  before(
    async () => {
      s = await startSession({
        name: 'completions',
        activityTitle: 'AppleRouter',
        userSettings: () => ({
          'applerouter.completions.enabled': true,
          // A fill-in-the-middle family: `auto` sends POST /completions with prompt and suffix.
          'applerouter.completions.model': 'codestral-latest',
          // The suggest widget would take Enter and Tab; these tests are about ghost text alone.
          'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
          'editor.suggestOnTriggerCharacters': false,
        }),
        workspaceFiles: () => ({
          'geometry.ts': GEOMETRY,
          'slow.ts': SLOW,
          // A repository naming a video model (and the other endpoint) for completions: typing must never send them.
          '.vscode/settings.json': JSON.stringify({
            'applerouter.completions.model': 'veo-3.1',
            'applerouter.completions.endpoint': 'chat',
          }),
        }),
      });
      await s.step('set key', () => s.wb.setApiKey(`sk-ui-completions-${Date.now().toString(36)}`));
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('typing shows the gateway ghost text; Tab accepts it and the file contains it', async () => {
    await s.step(
      'ghost text',
      async () => {
        await statusItem('completions are on').waitFor({ timeout: 30_000 });
        await s.gateway.reset();
        await s.wb.openFile('geometry.ts');
        await s.page.locator('.monaco-editor .view-line', { hasText: 'y: number;' }).first().click();
        await s.page.keyboard.press('Control+End');
        await s.page.keyboard.type('export function midpoint(a: Point, b: Point): Point {', { delay: 40 });
        await s.page.keyboard.press('Enter');
        // Ghost text is drawn in the line as highlighted pieces; the line with one of them shows the whole suggestion.
        const ghost = s.page.locator('.monaco-editor .view-line', {
          has: s.page.locator('.ghost-text-decoration, .ghost-text'),
          hasText: 'return { x: (a.x + b.x) / 2',
        });
        await ghost.first().waitFor({ timeout: 30_000 });
        // The request for this place carried the text before the cursor as the end of the prompt, and the rest as suffix.
        const req = await waitFor('the request at the new line', async () =>
          (await completionRequests()).find((r) =>
            (r.json as FimBody).prompt?.endsWith('export function midpoint(a: Point, b: Point): Point {\n  '),
          ),
        );
        const body = req.json as FimBody;
        assert.equal(body.model, 'codestral-latest', "the user's model, not the repository's");
        const sentToVeo = (await s.gateway.requests()).filter((r) => /veo/i.test(JSON.stringify(r.json ?? '')));
        assert.deepEqual(sentToVeo, [], 'no request named the video model the repository chose');
        assert.ok(body.prompt!.startsWith('// Path: geometry.ts\n// Language: typescript\n'), body.prompt);
        assert.ok(body.prompt!.includes(GEOMETRY), 'the whole file before the cursor is in the prompt');
        // VS Code closed the brace on Enter: that `}` is all there is after the cursor.
        assert.equal(body.suffix, '\n}');
        await s.page.keyboard.press('Tab');
        await s.page.keyboard.press('Control+S');
        const file = join(s.folders.workspace, 'geometry.ts');
        await waitFor(
          'the saved file',
          async () =>
            readFileSync(file, 'utf8').includes('return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };') || undefined,
        );
        assert.equal(
          readFileSync(file, 'utf8'),
          GEOMETRY +
            'export function midpoint(a: Point, b: Point): Point {\n  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };\n}',
          'the suggestion was inserted once, without repeating the closing brace',
        );
      },
      120_000,
    );
  });

  it('typing on while a request is in flight closes that request', async () => {
    await s.step(
      'cancel',
      async () => {
        await s.gateway.reset();
        await s.wb.openFile('slow.ts');
        await s.page.locator('.monaco-editor .view-line', { hasText: '@gateway-delay' }).first().click();
        await s.page.keyboard.press('Control+End');
        await s.page.keyboard.type('const a', { delay: 40 });
        // The request for the place after the last key typed: earlier ones were already closed by the keys after them.
        const first = await waitFor('a request in flight', async () =>
          (await completionRequests()).find((r) => (r.json as FimBody).prompt?.endsWith('const a')),
        );
        assert.ok(!first.closedEarly, 'still open: the gateway holds the answer for 8 s');
        await s.page.keyboard.type(' = 1', { delay: 40 });
        await waitFor(
          'the request to be closed by the client',
          async () => {
            const again = (await completionRequests()).find(
              (r) => r.receivedAt === first.receivedAt && r.bodyText === first.bodyText,
            );
            return again?.closedEarly ? again : undefined;
          },
          6000,
        );
      },
      90_000,
    );
  });

  it('a rejected key turns completions off with one notification', async () => {
    await s.step(
      'rejected key',
      async () => {
        await s.wb.runCommand('AppleRouter: Set API Key');
        await s.wb.answerInput('sk-bad-completions', /API key/);
        // The key check's own rejection notice is not what this test is about (test/e2e/ui/apiKey.test.ts is).
        await s.wb.clearNotifications();
        await s.wb.openFile('geometry.ts');
        await s.page.locator('.monaco-editor .view-line', { hasText: 'y: number;' }).first().click();
        await s.page.keyboard.press('Control+End');
        await s.page.keyboard.press('Enter');
        await s.page.keyboard.press('Enter');
        await s.page.keyboard.type('export function scale(p: Point', { delay: 40 });
        await s.wb.waitForNotification('Inline completions were turned off');
        await statusItem('completions are off').waitFor({ timeout: 30_000 });
        const notes = (await s.wb.notifications()).filter((n) =>
          n.message.includes('Inline completions were turned off'),
        );
        assert.equal(notes.length, 1, JSON.stringify(notes));
        // Off at once: the keys typed after the rejection sent nothing more.
        const sent = (await completionRequests()).length;
        await s.page.keyboard.type(', factor: number', { delay: 40 });
        await s.page.waitForTimeout(1500);
        assert.equal((await completionRequests()).length, sent, 'no request after completions were turned off');
      },
      120_000,
    );
  });
});
