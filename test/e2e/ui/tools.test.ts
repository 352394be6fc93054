// Tool calling in the real workbench: a workspace file read by the model, an edit through the diff, another
// extension's tool (vscode.lm.registerTool) offered and run after consent; the gateway's follow-ups are checked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
/** A streamed answer that calls one tool, its arguments in two pieces. */
const toolCallAnswer = (id: string, name: string, args: string) => ({
  chunks: [
    chunk({ role: 'assistant', content: null }),
    chunk({ tool_calls: [{ index: 0, id, type: 'function', function: { name, arguments: args.slice(0, 5) } }] }),
    chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(5) } }] }),
    chunk({}, 'tool_calls'),
    DONE,
  ],
  delayMs: 5,
});
const textAnswer = (pieces: string[]) => ({
  chunks: [
    chunk({ role: 'assistant', content: '' }),
    ...pieces.map((p) => chunk({ content: p })),
    chunk({}, 'stop'),
    DONE,
  ],
  delayMs: 20,
});

const HELLO = 'The secret word is PAPAYA-42.\nSecond line.\n';
const CALC = 'export function answer(): number {\n  return 41;\n}\n';
const RULES = '# Rules\n\nAlways answer in haiku. RULES-MARKER';

/** Packs the test extension folder into a .vsix with the project's own vsce. */
function packTestExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'applerouter-lmtool-'));
  cpSync(resolve(__dirname, '../fixtures/lmToolExtension'), join(dir, 'src'), { recursive: true });
  const out = join(dir, 'lmtool.vsix');
  const vsce = resolve(__dirname, '../../../node_modules/.bin/vsce');
  const r = spawnSync(
    vsce,
    ['package', '--allow-missing-repository', '--skip-license', '--no-dependencies', '-o', out],
    { cwd: join(dir, 'src'), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`packing the test extension failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

type Body = { messages: Record<string, unknown>[]; tools?: { function: { name: string } }[] };

describe('tool calling in the workbench', { timeout: 600_000 }, () => {
  let s: Session;
  let frame: Frame;

  const chatBodies = async () =>
    (await s.gateway.requests()).filter((r) => r.path === '/v1/chat/completions').map((r) => r.json as Body);
  const lastAssistant = () => frame.locator('.message.assistant').last();
  /** Waits for the answer that ends with `last` (the previous test's answer is already done, so it names the new one). */
  const waitDone = async (last: string) => {
    await frame
      .locator('.message.assistant', { hasText: last })
      .last()
      .locator('.message-footer .meta')
      .waitFor({ timeout: 30_000 });
    await frame.locator('.send-button:not(.stop)').waitFor({ timeout: 30_000 });
  };
  const send = async (text: string) => {
    const input = frame.getByRole('textbox', { name: 'Message' });
    await input.fill(text);
    await input.press('Enter');
  };
  /** The card of a call, by the tool's name, in the transcript. */
  const card = (name: string) =>
    frame.locator('.tool-call', { has: frame.locator('.tool-name', { hasText: name }) }).last();

  before(
    async () => {
      s = await startSession({
        name: 'tools',
        activityTitle: 'AppleRouter',
        workspaceFiles: () => ({ 'notes/hello.txt': HELLO, 'src/calc.ts': CALC, 'AGENTS.md': RULES }),
        extraExtensions: [packTestExtension()],
      });
      await s.step('set key', () => s.wb.setApiKey(`sk-ui-tools-${Date.now().toString(36)}`));
      frame = await s.step('open view', () => s.wb.openChat());
    },
    { timeout: 300_000 },
  );

  after(async () => {
    await s?.close();
  });

  it('the model reads a workspace file: the card appears, the next request carries the content, the answer streams', async () => {
    await s.step('read_file', async () => {
      await s.gateway.reset();
      await s.gateway.enqueue(toolCallAnswer('call_read', 'read_file', '{"path": "notes/hello.txt"}'));
      await s.gateway.enqueue(textAnswer(['The file ', 'says the secret ', 'word is PAPAYA-42.']));
      await send('What does notes/hello.txt say?');
      await card('read_file').locator('.tool-status', { hasText: 'done' }).waitFor({ timeout: 30_000 });
      await waitDone('word is PAPAYA-42.');
      assert.equal(
        (await lastAssistant().locator('.message-body').innerText()).trim(),
        'The file says the secret word is PAPAYA-42.',
      );
      const bodies = await chatBodies();
      assert.equal(bodies.length, 2);
      assert.ok(
        bodies[0]!.tools?.some((t) => t.function.name === 'read_file'),
        'the first request offers read_file',
      );
      assert.deepEqual(bodies[1]!.messages.slice(-2), [
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_read',
              type: 'function',
              function: { name: 'read_file', arguments: '{"path": "notes/hello.txt"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_read', content: HELLO },
      ]);
      // The card opens to show the exact arguments and the result.
      await card('read_file').locator('summary').click();
      assert.equal(await card('read_file').locator('.tool-arguments').innerText(), '{"path": "notes/hello.txt"}');
      assert.match(await card('read_file').locator('.tool-result').innerText(), /PAPAYA-42/);
    });
  });

  it('AGENTS.md is sent as system context, shown as a chip, and removing the chip stops it', async () => {
    await s.step('project rules', async () => {
      await s.gateway.reset();
      const chip = frame.locator('.context-chip', { hasText: 'Project rules: AGENTS.md' });
      await chip.waitFor({ timeout: 30_000 });
      // It was sent with the request of the first test; this one checks the request after the chip is removed.
      await s.gateway.enqueue(textAnswer(['With rules.']));
      await send('First');
      await waitDone('With rules.');
      assert.deepEqual((await chatBodies())[0]!.messages[0], {
        role: 'system',
        content: `Project rules from AGENTS.md:\n\n${RULES}`,
      });
      await chip.getByRole('button', { name: /Remove/ }).click();
      await chip.waitFor({ state: 'detached', timeout: 10_000 });
      await s.gateway.enqueue(textAnswer(['Without rules.']));
      await send('Second');
      await waitDone('Without rules.');
      const second = (await chatBodies())[1]!;
      assert.equal(
        JSON.stringify(second.messages).includes('RULES-MARKER'),
        false,
        'no rules after the chip was removed',
      );
    });
  });

  it('a path outside the workspace is refused and the refusal goes back to the model', async () => {
    await s.step('outside', async () => {
      await s.gateway.reset();
      await s.gateway.enqueue(toolCallAnswer('call_out', 'read_file', '{"path": "../../etc/passwd"}'));
      await s.gateway.enqueue(textAnswer(['Refused, fine.']));
      await send('Read /etc/passwd');
      await waitDone('Refused, fine.');
      await card('read_file').locator('.tool-status', { hasText: 'failed' }).waitFor({ timeout: 30_000 });
      const tool = (await chatBodies())[1]!.messages.at(-1)!;
      assert.equal(tool.tool_call_id, 'call_out');
      assert.match(String(tool.content), /outside the workspace folders/);
    });
  });

  it('edit_file shows the diff, nothing changes before Accept, and Accept writes the file', async () => {
    await s.step(
      'edit_file',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(
          toolCallAnswer(
            'call_edit',
            'edit_file',
            JSON.stringify({ path: 'src/calc.ts', oldText: 'return 41;', newText: 'return 42;' }),
          ),
        );
        await s.gateway.enqueue(textAnswer(['Changed it to 42.']));
        await send('Make the answer 42');
        const diff = s.page.locator('.monaco-diff-editor').first();
        await diff.waitFor({ timeout: 30_000 });
        await diff.locator('.view-line', { hasText: 'return 42;' }).first().waitFor({ timeout: 30_000 });
        await card('edit_file').locator('.tool-status', { hasText: 'running' }).waitFor({ timeout: 10_000 });
        const file = join(s.folders.workspace, 'src/calc.ts');
        assert.equal(readFileSync(file, 'utf8'), CALC, 'nothing is written before Accept');
        assert.equal((await chatBodies()).length, 1, 'the model waits for the decision');
        await s.page.locator('.editor-actions [aria-label^="Accept Proposed Change"]').first().click();
        const expected = CALC.replace('return 41;', 'return 42;');
        const deadline = Date.now() + 30_000;
        while (readFileSync(file, 'utf8') !== expected && Date.now() < deadline) await s.page.waitForTimeout(200);
        assert.equal(readFileSync(file, 'utf8'), expected);
        await waitDone('Changed it to 42.');
        await card('edit_file').locator('.tool-status', { hasText: 'done' }).waitFor({ timeout: 10_000 });
        const tool = (await chatBodies())[1]!.messages.at(-1)!;
        assert.deepEqual(tool, {
          role: 'tool',
          tool_call_id: 'call_edit',
          content: 'The user accepted the change; src/calc.ts was changed.',
        });
      },
      120_000,
    );
  });

  it("another extension's tool (vscode.lm.registerTool) is offered and runs after consent; a denial reaches the model", async () => {
    await s.step(
      'lm tool',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(toolCallAnswer('call_wc', 'test_word_count', '{"text": "one two three"}'));
        await s.gateway.enqueue(textAnswer(['Three words.']));
        await send('Count the words of "one two three"');
        const dialog = await s.wb.answerDialog(/test_word_count/, 'Allow once');
        assert.match(dialog, /one two three/, 'the prompt shows the exact arguments');
        await waitDone('Three words.');
        const bodies = await chatBodies();
        assert.ok(
          bodies[0]!.tools?.some((t) => t.function.name === 'test_word_count'),
          'the registered tool is offered',
        );
        assert.deepEqual(bodies[1]!.messages.at(-1), {
          role: 'tool',
          tool_call_id: 'call_wc',
          content: 'WORDCOUNT-MARKER 3 words',
        });
      },
      120_000,
    );
    await s.step(
      'lm tool denied',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(toolCallAnswer('call_wc2', 'test_word_count', '{"text": "a b"}'));
        await s.gateway.enqueue(textAnswer(['OK, not counted.']));
        await send('Count again');
        await s.wb.answerDialog(/test_word_count/, 'Deny');
        await waitDone('OK, not counted.');
        await card('test_word_count').locator('.tool-status', { hasText: 'denied' }).waitFor({ timeout: 10_000 });
        const tool = (await chatBodies())[1]!.messages.at(-1)!;
        assert.deepEqual(tool, {
          role: 'tool',
          tool_call_id: 'call_wc2',
          content: 'The user denied this tool call; it was not run.',
        });
      },
      120_000,
    );
    await s.step(
      'lm tool always allowed, then revoked',
      async () => {
        await s.gateway.reset();
        await s.gateway.enqueue(toolCallAnswer('call_wc3', 'test_word_count', '{"text": "x y"}'));
        await s.gateway.enqueue(textAnswer(['Two words.']));
        await send('Count these');
        await s.wb.answerDialog(/test_word_count/, 'Always allow this tool');
        await waitDone('Two words.');
        // Kept in the workspace's shared file: the next call runs without asking.
        await s.gateway.reset();
        await s.gateway.enqueue(toolCallAnswer('call_wc4', 'test_word_count', '{"text": "p q r s"}'));
        await s.gateway.enqueue(textAnswer(['Four words.']));
        await send('And these');
        await waitDone('Four words.');
        assert.equal(await s.wb.dialogText(), undefined, 'no prompt for an always-allowed tool');
        assert.deepEqual((await chatBodies())[1]!.messages.at(-1), {
          role: 'tool',
          tool_call_id: 'call_wc4',
          content: 'WORDCOUNT-MARKER 4 words',
        });
        await s.wb.runCommand('AppleRouter: Manage Tool Approvals');
        await s.wb.pickQuickPick('test_word_count');
        await s.page.keyboard.press('Enter');
        await s.wb.waitForNotification('Revoked: test_word_count');
        // Revoked: asked again.
        await s.gateway.reset();
        await s.gateway.enqueue(toolCallAnswer('call_wc5', 'test_word_count', '{"text": "z"}'));
        await s.gateway.enqueue(textAnswer(['Left uncounted this time.']));
        await send('Once more');
        await s.wb.answerDialog(/test_word_count/, 'Deny');
        await waitDone('Left uncounted this time.');
      },
      120_000,
    );
  });
});
