// A repository as untrusted input, in the real workbench: symbolic links that lead outside the workspace never bring
// outside text to the gateway (rules, find_files, search_text), and in Restricted Mode no tool runs and no rules go.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame } from 'playwright-core';
import { startSession, type Session } from '../harness/session';

const sse = (o: unknown) => `data: ${JSON.stringify(o)}\n\n`;
const chunk = (delta: unknown, finish: string | null = null) =>
  sse({
    id: 'c1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
const DONE = 'data: [DONE]\n\n';
/** A streamed answer calling the given tools at once. */
const toolCallsAnswer = (calls: { id: string; name: string; args: string }[]) => ({
  chunks: [
    chunk({ role: 'assistant', content: null }),
    ...calls.map((c, index) =>
      chunk({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.args } }] }),
    ),
    chunk({}, 'tool_calls'),
    DONE,
  ],
  delayMs: 5,
});
const textAnswer = (text: string) => ({
  chunks: [chunk({ role: 'assistant', content: '' }), chunk({ content: text }), chunk({}, 'stop'), DONE],
  delayMs: 10,
});

type Body = { messages: Record<string, unknown>[]; tools?: { function: { name: string } }[] };

/** The chat view of a session, with the few actions these tests need. */
function chatView(s: Session, frame: Frame) {
  return {
    bodies: async () =>
      (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions').map((r) => r.json as Body),
    async send(text: string) {
      const input = frame.getByRole('textbox', { name: 'Message' });
      await input.fill(text);
      await input.press('Enter');
    },
    /** Waits for the answer that ends with `last` (an earlier answer is already done, so it names the new one). */
    async waitDone(last: string) {
      await frame
        .locator('.message.assistant', { hasText: last })
        .last()
        .locator('.message-footer .meta')
        .waitFor({ timeout: 60_000 });
      await frame.locator('.send-button:not(.stop)').waitFor({ timeout: 30_000 });
    },
    card: (name: string) => frame.locator('.tool-call', { has: frame.locator('.tool-name', { hasText: name }) }).last(),
  };
}

async function setKeyAndOpen(s: Session): Promise<Frame> {
  await s.step('set key', async () => {
    await s.wb.runCommand('AppleRouter: Set API Key');
    await s.wb.answerInput(`sk-ui-trust-${Date.now().toString(36)}`, /API key/);
    await s.wb.waitForNotification('The API key works');
  });
  return s.step('open view', async () => {
    await s.wb.openView('AppleRouter');
    return s.wb.webviewFrame('.composer-input', 60_000);
  });
}

const OUTSIDE_SECRET = 'OUTSIDE-CREDENTIAL-7Q2';
const OUTSIDE_RULES = 'OUTSIDE-RULES-9K4';
const ENV_SECRET = 'ENV-SECRET-5M1';
const IGNORED_SECRET = 'IGNORED-SECRET-3P8';

describe('symbolic links out of the workspace reach nothing outside', { timeout: 600_000 }, () => {
  let s: Session;
  let frame: Frame;

  before(
    async () => {
      s = await startSession({
        name: 'trust-links',
        activityTitle: 'AppleRouter',
        workspaceFiles: () => ({
          'src/app.ts': 'export const token = "MARKER-INSIDE";\n',
          '.env': `API_TOKEN=${ENV_SECRET} MARKER\n`,
          '.gitignore': 'local-notes.txt\n',
          'local-notes.txt': `${IGNORED_SECRET} MARKER\n`,
        }),
        prepareWorkspace: (ws) => {
          const outside = join(dirname(ws), 'outside');
          mkdirSync(outside, { recursive: true });
          writeFileSync(join(outside, 'credentials'), `aws_secret_access_key=${OUTSIDE_SECRET} MARKER\n`);
          writeFileSync(join(outside, 'rules.md'), `# Rules\n${OUTSIDE_RULES}\n`);
          symlinkSync(outside, join(ws, 'vendor-link'));
          symlinkSync(join(outside, 'rules.md'), join(ws, 'AGENTS.md'));
        },
      });
      frame = await setKeyAndOpen(s);
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('find_files and search_text list and return only files inside, never secrets; the outside AGENTS.md is not sent', async () => {
    const chat = chatView(s, frame);
    await s.step(
      'search tools',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(
          toolCallsAnswer([
            { id: 'call_find', name: 'find_files', args: '{"pattern": "**/*"}' },
            { id: 'call_search', name: 'search_text', args: '{"query": "MARKER"}' },
            { id: 'call_regex', name: 'search_text', args: '{"query": "secret|SECRET|credential", "isRegex": true}' },
          ]),
        );
        await s.gateway.enqueue(textAnswer('Searched.'));
        await chat.send('Find every file and search for MARKER');
        await chat.waitDone('Searched.');
        const bodies = await chat.bodies();
        assert.equal(bodies.length, 2);
        const sent = JSON.stringify(bodies);
        for (const secret of [OUTSIDE_SECRET, OUTSIDE_RULES, ENV_SECRET, IGNORED_SECRET])
          assert.equal(sent.includes(secret), false, `${secret} must not reach the gateway`);
        const results = Object.fromEntries(
          bodies[1]!.messages.filter((m) => m.role === 'tool').map((m) => [m.tool_call_id, String(m.content)]),
        );
        assert.match(results.call_find!, /src\/app\.ts/);
        assert.doesNotMatch(results.call_find!, /vendor-link|credentials|\.env|local-notes/);
        assert.match(results.call_search!, /src\/app\.ts:1: .*MARKER-INSIDE/);
        assert.doesNotMatch(results.call_search!, /vendor-link|\.env|local-notes/);
        assert.equal(
          bodies.some((b) => b.messages.some((m) => m.role === 'system' && String(m.content).includes('rules'))),
          false,
          'the linked AGENTS.md is not sent as project rules',
        );
      },
      180_000,
    );
    await s.step('rules notice', async () => {
      await frame
        .locator('.notice-text', { hasText: 'AGENTS.md was skipped: it leads outside the workspace' })
        .first()
        .waitFor({ timeout: 30_000 });
    });
  });

  it('a catastrophic regular expression from the model ends at the deadline; the extension host keeps working', async () => {
    const chat = chatView(s, frame);
    await s.step(
      'regex deadline',
      async () => {
        writeFileSync(join(s.folders.workspace, 'long-lines.txt'), `${'a'.repeat(1500)}!\n`.repeat(20));
        await s.gateway.reset();
        await s.gateway.enqueue(
          toolCallsAnswer([
            { id: 'call_redos', name: 'search_text', args: JSON.stringify({ query: '^(\\w+)+$', isRegex: true }) },
          ]),
        );
        await s.gateway.enqueue(textAnswer('Too slow.'));
        await chat.send('Search with a slow pattern');
        await chat.waitDone('Too slow.');
        const tool = (await chat.bodies())[1]!.messages.at(-1)!;
        assert.equal(tool.tool_call_id, 'call_redos');
        assert.match(String(tool.content), /took too long and was stopped/);
      },
      120_000,
    );
  });

  it('read_file on a secret file asks first, naming it; a denial sends nothing of it', async () => {
    const chat = chatView(s, frame);
    await s.step(
      'secret read',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(toolCallsAnswer([{ id: 'call_env', name: 'read_file', args: '{"path": ".env"}' }]));
        await s.gateway.enqueue(textAnswer('Not read.'));
        await chat.send('Read .env');
        await s.wb.answerDialog(/Allow the model to read "\.env"\?/, 'Deny');
        await chat.waitDone('Not read.');
        const bodies = await chat.bodies();
        assert.equal(JSON.stringify(bodies).includes(ENV_SECRET), false);
        const tool = bodies[1]!.messages.at(-1)!;
        assert.equal(tool.tool_call_id, 'call_env');
        assert.match(String(tool.content), /secret file/);
      },
      120_000,
    );
  });
});

describe('consent shows every character it allows', { timeout: 600_000 }, () => {
  let s: Session;
  let frame: Frame;

  before(
    async () => {
      s = await startSession({
        name: 'trust-consent',
        activityTitle: 'AppleRouter',
        userSettings: () => ({ 'applerouter.tools.confirmReadOnly': true }),
        workspaceFiles: () => ({ 'notes.txt': 'hello\n' }),
      });
      frame = await setKeyAndOpen(s);
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('shows bidi characters escaped, and arguments too long for the dialog in full beside it first', async () => {
    const chat = chatView(s, frame);
    await s.step(
      'bidi escaped',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(
          toolCallsAnswer([{ id: 'call_b', name: 'read_file', args: '{"path": "notes\u202Etxt.exe"}' }]),
        );
        await s.gateway.enqueue(textAnswer('Denied bidi.'));
        await chat.send('Read it');
        const text = await s.wb.answerDialog(/read_file/, 'Deny');
        assert.ok(text.includes('notes\\u202Etxt.exe'), `the override is shown escaped: ${text}`);
        assert.equal(text.includes('\u202E'), false, 'never raw');
        await chat.waitDone('Denied bidi.');
      },
      120_000,
    );
    await s.step(
      'long arguments',
      async () => {
        await s.gateway.reset();
        const query = `${'q'.repeat(3000)}END-OF-QUERY`;
        await s.gateway.enqueue(
          toolCallsAnswer([{ id: 'call_l', name: 'search_text', args: JSON.stringify({ query }) }]),
        );
        await s.gateway.enqueue(textAnswer('Denied long.'));
        await chat.send('Search it');
        const text = await s.wb.answerDialog(/too long for this dialog/, 'Deny');
        assert.equal(text.includes('END-OF-QUERY'), false, 'the dialog itself shows no cut arguments');
        const tab = s.page.locator('.tabs-container .tab', { hasText: 'Arguments of search_text' });
        await tab.waitFor({ timeout: 10_000 });
        await s.page
          .locator('.editor-instance .view-line', { hasText: 'END-OF-QUERY' })
          .first()
          .waitFor({ timeout: 10_000 });
        await chat.waitDone('Denied long.');
      },
      120_000,
    );
  });
});

describe(
  'Restricted Mode: no tool runs, no rules are sent, the view says why; trusting turns them on',
  { timeout: 600_000 },
  () => {
    let s: Session;
    let frame: Frame;

    before(
      async () => {
        s = await startSession({
          name: 'trust-restricted',
          activityTitle: 'AppleRouter',
          restrictedMode: true,
          workspaceFiles: () => ({
            'notes.txt': 'NOTES-CONTENT-4H6\n',
            'AGENTS.md': '# Rules\nRESTRICTED-RULES-2W9\n',
          }),
        });
        frame = await setKeyAndOpen(s);
      },
      { timeout: 300_000 },
    );

    after(async () => {
      await s?.close();
    });

    it('offers no tools, refuses a tool call the model makes anyway, sends no rules, and shows the notice', async () => {
      const chat = chatView(s, frame);
      await s.step('notice', async () => {
        const notice = frame.locator('.notice', { hasText: 'Restricted Mode' }).first();
        await notice.waitFor({ timeout: 30_000 });
        await notice.getByRole('button', { name: 'Manage Workspace Trust' }).waitFor({ timeout: 10_000 });
      });
      await s.step(
        'no tools',
        async () => {
          await s.gateway.reset();
          await s.gateway.enqueue(
            toolCallsAnswer([{ id: 'call_r', name: 'read_file', args: '{"path": "notes.txt"}' }]),
          );
          await chat.send('Read notes.txt');
          // With no tools offered, tool calls in the answer are not taken up: one request, and the answer ends.
          const deadline = Date.now() + 60_000;
          while ((await chat.bodies()).length === 0) {
            if (Date.now() > deadline) throw new Error('no chat request');
            await s.page.waitForTimeout(200);
          }
          await frame.locator('.message.assistant .message-footer .meta').first().waitFor({ timeout: 60_000 });
          await frame.locator('.send-button:not(.stop)').waitFor({ timeout: 30_000 });
          const bodies = await chat.bodies();
          assert.equal(bodies.length, 1, 'nothing went back to the model: no tool ran');
          assert.equal(bodies[0]!.tools, undefined, 'no tools are offered');
          const sent = JSON.stringify(bodies);
          assert.equal(sent.includes('RESTRICTED-RULES-2W9'), false, 'no project rules are sent');
          assert.equal(await frame.locator('.tool-call .tool-status', { hasText: 'done' }).count(), 0);
        },
        180_000,
      );
      await s.step(
        'trust the folder',
        async () => {
          await frame.locator('.notice').getByRole('button', { name: 'Manage Workspace Trust' }).first().click();
          const trust = s.page.locator('.workspace-trust-editor').getByRole('button', { name: 'Trust', exact: true });
          await trust.first().click({ timeout: 30_000 });
          await frame
            .locator('.notice-text', { hasText: 'The folder is trusted: workspace tools and project rules are on.' })
            .waitFor({ timeout: 30_000 });
          await frame.locator('.context-chip', { hasText: 'Project rules: AGENTS.md' }).waitFor({ timeout: 30_000 });
          await s.gateway.reset();
          await s.gateway.enqueue(textAnswer('Trusted now.'));
          await chat.send('And now?');
          await chat.waitDone('Trusted now.');
          const body = (await chat.bodies())[0]!;
          assert.ok(
            body.tools?.some((t) => t.function.name === 'read_file'),
            'tools are offered again',
          );
          assert.match(JSON.stringify(body.messages), /RESTRICTED-RULES-2W9/, 'rules are sent again');
        },
        120_000,
      );
    });
  },
);

describe('completions never send a secret file or a file linked from outside', { timeout: 600_000 }, () => {
  let s: Session;

  before(
    async () => {
      s = await startSession({
        name: 'trust-completions',
        activityTitle: 'AppleRouter',
        userSettings: () => ({
          'applerouter.completions.enabled': true,
          'applerouter.completions.model': 'codestral-latest',
          'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
          'editor.suggestOnTriggerCharacters': false,
        }),
        workspaceFiles: () => ({
          'kubeconfig.yaml': 'users:\n- name: admin\n  token: KUBE-SECRET-8C3\n',
          'app.ts': '// App.\nexport const answer = 42;\n',
        }),
        prepareWorkspace: (ws) => {
          const outside = join(dirname(ws), 'outside');
          mkdirSync(outside, { recursive: true });
          writeFileSync(join(outside, 'linked.ts'), '// OUTSIDE-LINKED-6D1\nexport const y = 1;\n');
          symlinkSync(join(outside, 'linked.ts'), join(ws, 'linked.ts'));
        },
      });
      await s.step('set key', async () => {
        await s.wb.runCommand('AppleRouter: Set API Key');
        await s.wb.answerInput(`sk-ui-trust-${Date.now().toString(36)}`, /API key/);
        await s.wb.waitForNotification('The API key works');
        await s.wb.clearNotifications();
      });
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('typing in kubeconfig.yaml and in a linked file sends nothing; a workspace file afterwards is sent without them', async () => {
    await s.step(
      'typing',
      async () => {
        await s.gateway.reset();
        const typeAtEnd = async (file: string, line: string, text: string) => {
          await s.wb.openFile(file);
          await s.page.locator('.monaco-editor .view-line', { hasText: line }).first().click();
          await s.page.keyboard.press('Control+End');
          await s.page.keyboard.type(text, { delay: 40 });
        };
        await typeAtEnd('kubeconfig.yaml', 'KUBE-SECRET', '- name: second');
        await typeAtEnd('linked.ts', 'export const y', 'export const z = ');
        await typeAtEnd('app.ts', 'export const answer', 'export function double(n: number) {');
        const deadline = Date.now() + 60_000;
        let sent: string[] = [];
        for (;;) {
          sent = (await s.gateway.requests())
            .filter((r) => r.method === 'POST' && r.path.endsWith('/completions'))
            .map((r) => r.bodyText);
          if (sent.some((b) => b.includes('export function double'))) break;
          if (Date.now() > deadline) throw new Error('no completion request for app.ts');
          await s.page.waitForTimeout(200);
        }
        for (const marker of ['KUBE-SECRET-8C3', 'OUTSIDE-LINKED-6D1', '- name: second', 'export const z'])
          assert.equal(
            sent.some((b) => b.includes(marker)),
            false,
            `${marker} must not be sent`,
          );
      },
      150_000,
    );
  });
});
