// The tool-calling types the core shares with the host: a call as the conversation keeps it, a tool's outcome, the tool host.
import type { ToolCall, ToolDefinition } from '../gateway/types';

type ToolCallStatus = 'pending' | 'running' | 'done' | 'denied' | 'error' | 'cancelled';

/** One tool call of an answer and its result, saved with the conversation and replayed to the gateway as it was. */
export interface StoredToolCall {
  id: string;
  name: string;
  /** The raw arguments string exactly as the model sent it (replayed byte for byte). */
  arguments: string;
  status: ToolCallStatus;
  /** Past the answer's tool-call limit: its arguments were not kept and it is answered with an error, never run. */
  overLimit?: true;
  /** The `tool` message content sent back to the model (already capped). */
  result?: string;
  durationMs?: number;
}

/** What running one tool gave: its text for the model, and whether it ran, was denied or failed. */
export interface ToolOutcome {
  status: 'done' | 'denied' | 'error';
  content: string;
}

/** What the session needs from the host to offer and run tools. */
export interface ToolHost {
  /** The tools to send with a request for this model; empty or undefined sends none. */
  definitions(model: string): ToolDefinition[] | undefined;
  /** Runs one call whose arguments are valid JSON (the host asks for consent where needed); honours the signal. */
  run(call: ToolCall, args: unknown, signal: AbortSignal): Promise<ToolOutcome>;
  /** Most model rounds with tool calls in a row before the user is asked whether to go on. */
  maxRounds(): number;
  /** Asks the user whether the model may continue after `rounds` rounds; true goes on. */
  confirmMoreRounds(rounds: number): Promise<boolean>;
  /** How many of one answer's calls run, and how many at once; default DEFAULT_TOOL_RUN_LIMITS (32, 4 at a time). */
  runLimits?(): { maxCalls: number; concurrency: number };
  /** The gateway refused tools for this model (a 400 saying so): it is asked without them from now on. */
  markUnsupported(model: string): void;
}
