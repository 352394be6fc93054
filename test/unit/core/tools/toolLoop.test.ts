// The chat session's tool loop against the test gateway's tool scenarios: exact follow-ups, consent outcomes, replay.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { createGatewayClient, type ToolCall } from '../../../../src/core';
import { ChatSession, HistoryStore, toChatMessages, type ChatSessionEvent } from '../../../../src/core/chat';
import { BUILTIN_TOOL_DEFINITIONS, type ToolHost, type ToolOutcome } from '../../../../src/core/tools';
import { t, quietLog } from '../../helpers';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

interface Ran {
  call: ToolCall;
  args: unknown;
}

function toolHost(
  over: Partial<ToolHost> & {
    outcome?: (call: ToolCall, args: unknown, signal: AbortSignal) => Promise<ToolOutcome>;
  } = {},
) {
  const ran: Ran[] = [];
  const unsupported = new Set<string>();
  const host: ToolHost = {
    definitions: (model) => (unsupported.has(model) ? undefined : [...BUILTIN_TOOL_DEFINITIONS]),
    run: async (call, args, signal) => {
      ran.push({ call, args });
      return over.outcome
        ? over.outcome(call, args, signal)
        : { status: 'done', content: `result of ${call.name} ${call.arguments}` };
    },
    maxRounds: () => 10,
    confirmMoreRounds: async () => false,
    markUnsupported: (model) => unsupported.add(model),
    ...over,
  };
  return { host, ran, unsupported };
}

async function session(scenario: string, tools: ToolHost, dir?: string) {
  dir ??= await fs.mkdtemp(path.join(os.tmpdir(), 'applerouter-tools-'));
  const store = new HistoryStore(dir);
  const events: ChatSessionEvent[] = [];
  const client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: () => 'sk-test', maxRetries: 0, logger: quietLog });
  const s = new ChatSession({
    client: () => client,
    store,
    readKey: async () => 'sk-test',
    defaults: () => ({ model: `scenario:${scenario}`, systemPrompt: 'Be brief.', sampling: {} }),
    newId: () => randomUUID(),
    now: () => Date.now(),
    t,
    log: quietLog,
    listener: (e) => events.push(e),
    streamOptions: () => undefined,
    isVideoModel: () => false,
    saveVideos: async () => undefined,
    tools,
  });
  return { s, store, dir, events };
}

type Body = { messages: Record<string, unknown>[]; tools?: unknown[] };
const chatBodies = (since: number): Body[] =>
  gw.requests
    .slice(since)
    .filter((r) => r.path === '/v1/chat/completions')
    .map((r) => r.json as Body);
const assistantCalls = (calls: [string, string, string][]) => ({
  role: 'assistant',
  content: null,
  tool_calls: calls.map(([id, name, args]) => ({ id, type: 'function', function: { name, arguments: args } })),
});

describe('tool loop', () => {
  it('assembles fragmented arguments, runs the call and sends the exact follow-up', async () => {
    const { host, ran } = toolHost();
    const mark = gw.requests.length;
    const { s } = await session('tools-fragmented', host);
    await s.send('read it', []);
    const args = '{"path": "src/a\\u00e9.ts", "startLine": 2}';
    assert.deepEqual(
      ran.map((r) => r.args),
      [{ path: 'src/aé.ts', startLine: 2 }],
    );
    const bodies = chatBodies(mark);
    assert.equal(bodies.length, 2);
    assert.ok(
      Array.isArray(bodies[0]!.tools) && bodies[0]!.tools.length === BUILTIN_TOOL_DEFINITIONS.length,
      'the first request offers the tools',
    );
    assert.deepEqual(bodies[1]!.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'read it' },
      assistantCalls([['call_frag', 'read_file', args]]),
      { role: 'tool', tool_call_id: 'call_frag', content: `result of read_file ${args}` },
    ]);
    const last = s.conversation.messages.at(-1)!;
    assert.match(last.text, /Tool results received \(1\)/);
    assert.equal(last.status, 'done');
  });

  it('runs parallel calls at the same time and answers each id in order', async () => {
    let release!: () => void;
    const bothStarted = new Promise<void>((r) => (release = r));
    let started = 0;
    const { host } = toolHost({
      outcome: async (call) => {
        if (++started === 2) release();
        // Neither call finishes before both have started: they run in parallel, not one after the other.
        await bothStarted;
        return { status: 'done', content: `out-${call.id}` };
      },
    });
    const mark = gw.requests.length;
    const { s } = await session('tools-parallel', host);
    await s.send('two things', []);
    const follow = chatBodies(mark)[1]!.messages.slice(2);
    assert.deepEqual(follow, [
      assistantCalls([
        ['call_a', 'read_file', '{"path": "a.txt"}'],
        ['call_b', 'list_directory', '{"path": "."}'],
      ]),
      { role: 'tool', tool_call_id: 'call_a', content: 'out-call_a' },
      { role: 'tool', tool_call_id: 'call_b', content: 'out-call_b' },
    ]);
  });

  it('tells calls apart when a server reuses index 0, and names calls without ids', async () => {
    for (const [scenario, ids] of [
      ['tools-index-reuse', ['call_1', 'call_2']],
      ['tools-empty-ids', ['call_0', 'call_1']],
    ] as const) {
      const { host } = toolHost();
      const mark = gw.requests.length;
      const { s } = await session(scenario, host);
      await s.send('go', []);
      const follow = chatBodies(mark)[1]!.messages;
      assert.deepEqual(
        follow.filter((m) => m.role === 'tool').map((m) => m.tool_call_id),
        ids,
        scenario,
      );
      assert.deepEqual(
        (follow[2]!.tool_calls as { id: string }[]).map((c) => c.id),
        ids,
        scenario,
      );
    }
  });

  it('runs tool calls that end with finish_reason "stop"', async () => {
    const { host, ran } = toolHost();
    const mark = gw.requests.length;
    const { s } = await session('tools-stop-finish', host);
    await s.send('go', []);
    assert.equal(ran.length, 1);
    assert.equal(chatBodies(mark).length, 2);
  });

  it('sends malformed arguments back as an error result without running the tool', async () => {
    const { host, ran } = toolHost();
    const mark = gw.requests.length;
    const { s } = await session('tools-invalid-json', host);
    await s.send('go', []);
    assert.equal(ran.length, 0, 'never executed');
    const tool = chatBodies(mark)[1]!.messages.at(-1)!;
    assert.equal(tool.tool_call_id, 'call_bad');
    assert.match(String(tool.content), /^Invalid arguments: not valid JSON/);
    assert.equal(s.conversation.messages[1]!.toolCalls![0]!.status, 'error');
  });

  it('sends a denial to the model as the result', async () => {
    const { host } = toolHost({
      outcome: async () => ({ status: 'denied', content: 'The user denied this tool call.' }),
    });
    const mark = gw.requests.length;
    const { s } = await session(
      'tool-call:edit_file:' + encodeURIComponent('{"path":"a.txt","oldText":"a","newText":"b"}'),
      host,
    );
    await s.send('edit', []);
    assert.deepEqual(chatBodies(mark)[1]!.messages.at(-1), {
      role: 'tool',
      tool_call_id: 'call_1',
      content: 'The user denied this tool call.',
    });
    assert.equal(s.conversation.messages[1]!.toolCalls![0]!.status, 'denied');
  });

  it('retries once without tools when the model refuses them, remembers it and says so', async () => {
    const { host, unsupported } = toolHost();
    const mark = gw.requests.length;
    const { s, events } = await session('tools-rejected', host);
    await s.send('hi', []);
    const bodies = chatBodies(mark);
    assert.deepEqual(
      bodies.map((b) => Array.isArray(b.tools)),
      [true, false],
    );
    assert.ok(unsupported.has('scenario:tools-rejected'));
    assert.equal(s.conversation.messages[1]!.text, 'Answered without tools.');
    assert.ok(events.some((e) => e.type === 'notice' && /does not accept tools/.test(e.message)));
    await s.send('again', []);
    assert.equal(chatBodies(mark).length, 3, 'the next message goes once, without tools');
    assert.equal(chatBodies(mark)[2]!.tools, undefined);
  });

  it('asks after maxRounds rounds and stops when the user says no', async () => {
    let asked = 0;
    const { host } = toolHost({ maxRounds: () => 3, confirmMoreRounds: async () => (++asked, false) });
    const mark = gw.requests.length;
    const { s } = await session('tools-forever', host);
    await s.send('loop', []);
    assert.equal(asked, 1);
    assert.equal(chatBodies(mark).length, 3);
    assert.equal(s.streamingRequestId, undefined);
  });

  it('Stop cancels a running tool and ends the loop', async () => {
    let sawAbort = false;
    const box: { s?: ChatSession } = {};
    const { host } = toolHost({
      outcome: (_call, _args, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve({ status: 'done', content: 'late' });
          });
          box.s!.cancel(box.s!.streamingRequestId!);
        }),
    });
    const mark = gw.requests.length;
    const { s } = await session('tools-stop-finish', host);
    box.s = s;
    await s.send('go', []);
    assert.ok(sawAbort, 'the tool saw the abort');
    assert.equal(chatBodies(mark).length, 1, 'no follow-up after Stop');
    const call = s.conversation.messages[1]!.toolCalls![0]!;
    assert.equal(call.status, 'cancelled');
    assert.equal(s.conversation.messages[1]!.status, 'stopped');
  });

  it('a reloaded conversation with tool calls replays byte for byte the same messages', async () => {
    const { host } = toolHost();
    const mark = gw.requests.length;
    const first = await session('tools-parallel', host);
    await first.s.send('two things', []);
    const followUp = gw.requests.filter((r) => r.path === '/v1/chat/completions').slice(-1)[0]!;
    const sentMessages = JSON.stringify((followUp.json as Body).messages);
    const id = first.s.conversation.id;
    const second = await session('text', host, first.dir);
    assert.ok(await second.s.open(id));
    // The follow-up's messages are the reloaded conversation up to the tool results, byte for byte.
    assert.equal(JSON.stringify(toChatMessages(second.s.conversation, 2)), sentMessages);
    assert.equal(
      sentMessages,
      JSON.stringify([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'two things' },
        assistantCalls([
          ['call_a', 'read_file', '{"path": "a.txt"}'],
          ['call_b', 'list_directory', '{"path": "."}'],
        ]),
        { role: 'tool', tool_call_id: 'call_a', content: 'result of read_file {"path": "a.txt"}' },
        { role: 'tool', tool_call_id: 'call_b', content: 'result of list_directory {"path": "."}' },
      ]),
    );
    await second.s.send('and now?', []);
    const next = JSON.stringify(chatBodies(mark).at(-1)!.messages.slice(0, 5));
    assert.equal(next, sentMessages);
  });
  it('20,000 calls in one answer: 32 run, at most 4 at a time, every other call is answered with an error', async () => {
    let running = 0;
    let most = 0;
    const { host, ran } = toolHost({
      outcome: async () => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setImmediate(r));
        running--;
        return { status: 'done', content: 'ok' };
      },
    });
    const mark = gw.requests.length;
    const { s } = await session('tools-flood', host);
    await s.send('read everything', []);
    assert.equal(ran.length, 32);
    assert.equal(most, 4);
    const answer = s.conversation.messages.find((m) => m.toolCalls?.length)!;
    assert.equal(answer.toolCalls!.length, 20_000);
    const refused = answer.toolCalls!.slice(32);
    assert.ok(refused.every((c) => c.status === 'error' && /at most 32 tool calls/.test(c.result ?? '')));
    const followUp = chatBodies(mark)[1]!;
    const results = followUp.messages.filter((m) => m.role === 'tool');
    assert.equal(results.length, 20_000, 'every call gets its result, as the protocol requires');
    assert.equal(s.conversation.messages.at(-1)!.status, 'done');
  });

  it('arguments past 1 MiB stop the answer with a clear error; the text is kept and nothing runs', async () => {
    const { host, ran } = toolHost();
    const { s } = await session('tools-huge-args', host);
    await s.send('write it', []);
    assert.equal(ran.length, 0);
    const last = s.conversation.messages.at(-1)!;
    assert.equal(last.text, 'Writing a big file.');
    assert.equal(last.status, 'interrupted');
    assert.match(last.error?.message ?? '', /limit/);
  });
});
