// The tool loop's bookkeeping: runs one answer's calls (in parallel), records each outcome, counts rounds, spots refusals.
import { DEFAULT_ANSWER_LIMITS } from '../gateway/answerLimits';
import { GatewayError } from '../gateway/errors';
import type { ToolCall, ToolDefinition } from '../gateway/types';
import { parseToolArguments } from './toolArguments';
import { capToolResult } from './toolResult';
import type { StoredToolCall, ToolHost } from './toolTypes';

/** Default of `applerouter.tools.maxRounds`. */
export const DEFAULT_MAX_TOOL_ROUNDS = 10;

const STOPPED_RESULT = 'The user stopped this tool call before it finished.';

/** How many of one answer's calls run, and how many run at the same time. */
interface ToolRunLimits {
  maxCalls: number;
  concurrency: number;
}

const DEFAULT_TOOL_RUN_LIMITS: Readonly<ToolRunLimits> = {
  maxCalls: DEFAULT_ANSWER_LIMITS.maxToolCalls,
  concurrency: 4,
};

/** The result sent back for each call past the limit (English: it is read by the model, not the user). */
function overLimitResult(max: number): string {
  return `Not run: an answer may make at most ${max} tool calls. Ask for fewer at a time.`;
}

/** The calls as the conversation keeps them, before they run. */
export function storedCalls(calls: readonly ToolCall[]): StoredToolCall[] {
  return calls.map((c) => ({
    id: c.id,
    name: c.name,
    arguments: c.arguments,
    status: 'pending',
    ...(c.overLimit ? { overLimit: true as const } : {}),
  }));
}

/**
 * Runs the first `maxCalls` calls of one answer, `concurrency` at a time (they are independent by the protocol), each
 * outcome recorded in its stored call; malformed arguments go back as an error result, never run, and so does every
 * call past the limit (all at once, with one `onChange`). `onChange` fires on each status change.
 */
export async function runToolCalls(
  calls: StoredToolCall[],
  host: ToolHost,
  definitions: readonly ToolDefinition[],
  signal: AbortSignal,
  now: () => number,
  onChange: () => void,
): Promise<void> {
  const limits: ToolRunLimits = host.runLimits?.() ?? DEFAULT_TOOL_RUN_LIMITS;
  const runnable = calls.slice(0, limits.maxCalls).filter((c) => !c.overLimit);
  const refused = calls.filter((c) => !runnable.includes(c));
  if (refused.length) {
    const result = overLimitResult(limits.maxCalls);
    for (const c of refused) {
      c.status = 'error';
      c.result = result;
      c.durationMs = 0;
    }
    onChange();
  }
  await eachLimited(runnable, limits.concurrency, async (call) => {
    const started = now();
    const def = definitions.find((d) => d.function.name === call.name);
    const finish = (status: StoredToolCall['status'], content: string) => {
      call.status = status;
      call.result = capToolResult(content);
      call.durationMs = now() - started;
      onChange();
    };
    if (!def) return finish('error', `Unknown tool "${call.name}"; it was not run.`);
    const args = parseToolArguments(call.arguments, def.function.parameters);
    if (!args.ok) return finish('error', args.error);
    if (signal.aborted) return finish('cancelled', STOPPED_RESULT);
    call.status = 'running';
    onChange();
    try {
      const outcome = await host.run({ id: call.id, name: call.name, arguments: call.arguments }, args.value, signal);
      if (signal.aborted) return finish('cancelled', STOPPED_RESULT);
      finish(outcome.status, outcome.content);
    } catch (e) {
      if (signal.aborted) return finish('cancelled', STOPPED_RESULT);
      finish('error', `The tool failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** Runs `fn` on every item, at most `concurrency` at a time, in order of starting. */
async function eachLimited<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
}

/** Calls that never ran (the answer stopped or failed first) get a result, so the saved conversation replays validly. */
export function settleUnfinished(calls: StoredToolCall[] | undefined): void {
  for (const c of calls ?? []) {
    if (c.status === 'pending' || c.status === 'running') {
      c.status = 'cancelled';
      c.result = STOPPED_RESULT;
    }
  }
}

/** How many answers with tool calls directly precede `endIndex` (the rounds of the current loop). */
export function toolRoundsBefore(
  messages: readonly { role: string; toolCalls?: unknown[] }[],
  endIndex: number,
): number {
  let n = 0;
  for (let i = endIndex - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.role !== 'assistant' || !m.toolCalls?.length) break;
    n++;
  }
  return n;
}

/** True for a gateway's 400 that says the model does not take tools (retried once without them). */
export function isToolsRejection(e: unknown): boolean {
  if (!(e instanceof GatewayError) || e.status !== 400) return false;
  return /tool|function.?call/i.test(e.message);
}
