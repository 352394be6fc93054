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
  // A flood's follow-up names the first results only (the request holds them all).
  const lines = tools
    .slice(0, 40)
    .map((m) => `- ${m.tool_call_id}: ${String(m.content).slice(0, 200).replace(/\s+/g, ' ')}`);
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

/** Pieces written back to back, cut every 64 KiB (a hostile answer arrives as fast as the connection allows). */
function bulk(events: string[]): ResponseScript {
  return { body: events.join(''), chunking: { every: 64 * 1024 } };
}

// A hostile answer: `tools-flood[-N]` makes N tool calls (default 20,000) in one answer, one event each.
registerScenario(/^tools-flood(?:-(\d+))?$/, (ctx) => {
  if (isFollowUp(ctx)) return followUpAnswer(ctx);
  const n = Number(ctx.match?.[1] ?? 20_000);
  const calls = Array.from({ length: n }, (_, i) => start(i, `call_f${i}`, 'read_file', `{"path":"f${i}.txt"}`));
  return bulk([open, chunk({ content: 'Reading every file.' }), ...calls, chunk({}, 'tool_calls'), DONE]);
});
// A hostile answer: one call whose arguments grow to `tools-huge-args[-MB]` MiB (default 24) in 60 KB pieces.
registerScenario(/^tools-huge-args(?:-(\d+))?$/, (ctx) => {
  if (isFollowUp(ctx)) return followUpAnswer(ctx);
  const pieces = Math.ceil((Number(ctx.match?.[1] ?? 24) * 1024 * 1024) / 60_000);
  const pad = 'x'.repeat(60_000);
  return bulk([
    open,
    chunk({ content: 'Writing a big file.' }),
    start(0, 'call_huge', 'create_file', '{"path":"big.txt","content":"'),
    ...Array.from({ length: pieces }, () => more(0, pad)),
    more(0, '"}'),
    chunk({}, 'tool_calls'),
    DONE,
  ]);
});
// A hostile answer: alternatives (`index` 1…7) that together pass `choices-flood[-MB]` MiB (default 8) of text.
registerScenario(/^choices-flood(?:-(\d+))?$/, (ctx) => {
  const pieces = Math.ceil((Number(ctx.match?.[1] ?? 8) * 1024 * 1024) / 60_000);
  const pad = 'y'.repeat(60_000);
  const alt = (i: number) =>
    `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 1 + (i % 7), delta: { content: pad }, finish_reason: null }] })}\n\n`;
  return bulk([
    chunk({ role: 'assistant', content: 'The first choice.' }),
    ...Array.from({ length: pieces }, (_, i) => alt(i)),
    chunk({}, 'stop'),
    DONE,
  ]);
});
