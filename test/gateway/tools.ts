// Tool-calling scenarios of the test gateway: the first request is answered with tool calls, the follow-up (which
// carries the `tool` messages) with text that quotes the results; every body stays recorded in `requests`.
import { chunk, DONE, usageChunk } from './sse';
import { json, registerScenario, type ResponseScript, type ScenarioContext } from './server';

interface Body {
  messages?: { role: string; content?: unknown; tool_call_id?: string }[];
  tools?: { function?: { name?: string } }[];
}

const body = (ctx: ScenarioContext) => (ctx.req.json ?? {}) as Body;

/** True when the request ends with the `tool` messages of an earlier answer: the follow-up. */
function isFollowUp(ctx: ScenarioContext): boolean {
  return body(ctx).messages?.at(-1)?.role === 'tool';
}

/** The follow-up answer: text naming each result by its call id, so a test sees the gateway got them. */
function followUpAnswer(ctx: ScenarioContext): ResponseScript {
  const tools = (body(ctx).messages ?? []).filter((m) => m.role === 'tool');
  const lines = tools.map((m) => `- ${m.tool_call_id}: ${String(m.content).slice(0, 200).replace(/\s+/g, ' ')}`);
  return stream([
    chunk({ role: 'assistant', content: '' }),
    chunk({ content: `Tool results received (${tools.length}):\n\n` }),
    ...lines.map((l) => chunk({ content: `${l}\n` })),
    chunk({}, 'stop'),
    usageChunk(),
    DONE,
  ]);
}

function stream(events: string[]): ResponseScript {
  return { chunks: events, delayMs: 3 };
}

/** A call start: id, name and the first piece of its arguments. */
const start = (index: number, id: string | null, name: string, args = '') =>
  chunk({ tool_calls: [{ index, id, type: 'function', function: { name, arguments: args } }] });
/** A further piece of a call's arguments. */
const more = (index: number, args: string) => chunk({ tool_calls: [{ index, function: { arguments: args } }] });
const open = chunk({ role: 'assistant', content: null });

/** Registers `name`: tool calls first, text on the follow-up. */
function toolScenario(name: string | RegExp, first: (ctx: ScenarioContext) => string[]): void {
  registerScenario(name, (ctx) => (isFollowUp(ctx) ? followUpAnswer(ctx) : stream(first(ctx))));
}

// One call whose arguments arrive in five pieces, cut inside a string and an escape.
toolScenario('tools-fragmented', () => [
  open,
  start(0, 'call_frag', 'read_file', '{"pa'),
  more(0, 'th": "src/'),
  more(0, 'a\\u00e9'),
  more(0, '.ts", "startLine'),
  more(0, '": 2}'),
  chunk({}, 'tool_calls'),
  DONE,
]);
// Two calls interleaved by index.
toolScenario('tools-parallel', () => [
  open,
  start(0, 'call_a', 'read_file', '{"path":'),
  start(1, 'call_b', 'list_directory', '{"path":'),
  more(0, ' "a.txt"}'),
  more(1, ' "."}'),
  chunk({}, 'tool_calls'),
  DONE,
]);
// A server that puts every call at index 0; a new id starts a new call.
toolScenario('tools-index-reuse', () => [
  open,
  start(0, 'call_1', 'read_file', '{"path": "a.txt"}'),
  start(0, 'call_2', 'read_file', '{"path": "b.txt"}'),
  chunk({}, 'tool_calls'),
  DONE,
]);
// Calls without ids (the client names them call_0, call_1).
toolScenario('tools-empty-ids', () => [
  open,
  start(0, '', 'read_file', '{"path": "a.txt"}'),
  start(1, null, 'get_open_editors', '{}'),
  chunk({}, 'tool_calls'),
  DONE,
]);
// Tool calls ended with finish_reason "stop" instead of "tool_calls".
toolScenario('tools-stop-finish', () => [
  open,
  start(0, 'call_s', 'read_file', '{"path": "a.txt"}'),
  chunk({}, 'stop'),
  DONE,
]);
// Arguments that are not JSON.
toolScenario('tools-invalid-json', () => [
  open,
  start(0, 'call_bad', 'read_file', '{"path": "a.txt"'),
  chunk({}, 'tool_calls'),
  DONE,
]);
// Any call given in the scenario name: `tool-call:NAME:URL-ENCODED-JSON-ARGUMENTS`.
toolScenario(/^tool-call:([^:]+):(.*)$/, (ctx) => [
  open,
  start(0, 'call_1', ctx.match![1]!, decodeURIComponent(ctx.match![2]!)),
  chunk({}, 'tool_calls'),
  DONE,
]);
// Never stops calling tools (for the round limit).
registerScenario('tools-forever', (ctx) =>
  stream([open, start(0, `call_r${ctx.hits}`, 'get_open_editors', '{}'), chunk({}, 'tool_calls'), DONE]),
);
// A model without tool support: a request with `tools` is refused with new-api's 400; one without gets text.
registerScenario('tools-rejected', (ctx) => {
  if (body(ctx).tools) {
    return json(400, {
      error: {
        message: `tools is not supported by this model (request id: ${ctx.requestId})`,
        type: 'invalid_request_error',
        code: 'tools_not_supported',
      },
    });
  }
  return stream([
    chunk({ role: 'assistant', content: '' }),
    chunk({ content: 'Answered without tools.' }),
    chunk({}, 'stop'),
    DONE,
  ]);
});
