// A hostile gateway cannot exhaust the host: tool calls, argument sizes and alternatives are bounded while streaming.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createGatewayClient, DEFAULT_ANSWER_LIMITS, type ChatEvent } from '../../../../src/core/gateway';
import { callsToPassOn } from '../../../../src/core/lm';
import { startTestGateway, type TestGateway } from '../../../gateway/server';
import { chat, drain, waitFor } from './drain';

let gw: TestGateway;
before(async () => {
  gw = await startTestGateway();
});
after(async () => {
  await gw.close();
});

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const client = () => createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-test', maxRetries: 0, logger: quiet });
const MiB = 1024 * 1024;

describe('answer limits', () => {
  it('the defaults: 32 tool calls, 1 MiB of arguments each, 4 MiB for the whole answer', () => {
    assert.deepEqual(DEFAULT_ANSWER_LIMITS, { maxToolCalls: 32, maxArgumentChars: MiB, maxAnswerChars: 4 * MiB });
  });

  it('20,000 tool calls in one answer: the first 32 keep their arguments, the others only id and name', async () => {
    const d = await drain(client(), chat('scenario:tools-flood'));
    assert.equal(d.error, undefined);
    assert.equal(d.content, 'Reading every file.');
    assert.equal(d.toolCalls.length, 20_000, 'every call is handed on, so each can be answered');
    const kept = d.toolCalls.filter((c) => !c.overLimit);
    assert.equal(kept.length, 32);
    assert.deepEqual(kept.at(-1), { id: 'call_f31', name: 'read_file', arguments: '{"path":"f31.txt"}' });
    const rest = d.toolCalls.slice(32);
    assert.ok(rest.every((c) => c.overLimit === true && c.arguments === '' && c.name === 'read_file'));
    assert.equal(rest.at(-1)!.id, 'call_f19999');
  });

  it('24 MB of arguments: the stream is stopped past 1 MiB with a clear error, the text so far kept', async () => {
    const mark = gw.requests.length;
    const d = await drain(client(), chat('scenario:tools-huge-args'));
    assert.equal(d.error?.kind, 'tooLarge');
    assert.match(d.error!.message, /tool call "create_file".*1 MiB/);
    assert.equal(d.error!.partialContent, 'Writing a big file.');
    assert.equal(d.content, 'Writing a big file.');
    assert.deepEqual(d.toolCalls, [], 'a call past the limit is never handed on');
    // The connection was closed by the client: the gateway did not get to write all 24 MB.
    await waitFor(() => gw.requests[mark]?.closedEarly === true);
  });

  it('alternatives (index > 0) count inside the 4 MiB answer cap', async () => {
    const d = await drain(client(), chat('scenario:choices-flood'));
    assert.equal(d.error?.kind, 'tooLarge');
    assert.match(d.error!.message, /4 MiB/);
    const alternatives = d.events
      .filter((e): e is Extract<ChatEvent, { type: 'choice' }> => e.type === 'choice')
      .reduce((n, e) => n + (e.content?.length ?? 0), 0);
    assert.ok(alternatives <= 4 * MiB, `${alternatives} characters of alternatives handed out`);
    assert.equal(d.error!.partialContent, 'The first choice.');
  });

  it('limits given to the client replace the defaults', async () => {
    const small = createGatewayClient({
      baseUrl: gw.baseUrl,
      apiKey: 'sk-test',
      maxRetries: 0,
      logger: quiet,
      answerLimits: { maxToolCalls: 2 },
    });
    const d = await drain(small, chat('scenario:tools-flood-5'));
    assert.deepEqual(
      d.toolCalls.map((c) => c.overLimit === true),
      [false, false, true, true, true],
    );
  });

  it('the language-model path passes on at most 32 calls, never one whose arguments were dropped', async () => {
    const d = await drain(client(), chat('scenario:tools-flood-100'));
    const passed = callsToPassOn(d.toolCalls);
    assert.equal(passed.calls.length, 32);
    assert.equal(passed.dropped, 68);
    assert.ok(passed.calls.every((c) => !c.overLimit && c.arguments.startsWith('{"path"')));
  });
});
