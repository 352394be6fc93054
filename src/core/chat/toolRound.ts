// One tool round of an answer: running its calls, the one retry without tools, and whether another round follows.
import { isToolsRejection, runToolCalls, toolRoundsBefore, type ToolHost } from '../tools';
import type { ToolDefinition } from '../gateway';
import type { SessionMessage } from './chatSessionTypes';

/** English sentences of the tool loop; both l10n bundles must contain each one. */
export const chatToolMessages = {
  toolsRejected: 'The model {0} does not accept tools; it was asked again without them and will be from now on.',
  roundsStopped: 'The model stopped after {0} rounds of tool calls; send a message to continue.',
} as const;

/**
 * True when a failure should be retried once without tools: a 400 about tools before anything arrived. The model is
 * then never offered tools again.
 */
export function shouldRetryWithoutTools(e: unknown, sentTools: boolean, assistant: SessionMessage): boolean {
  return sentTools && !assistant.text && !assistant.reasoning && isToolsRejection(e);
}

/** Runs the answer's tool calls; `changed` tells the view about each status change. */
export async function runAnswerTools(
  assistant: SessionMessage,
  tools: ToolHost,
  defs: ToolDefinition[],
  signal: AbortSignal,
  now: () => number,
  changed: () => void,
): Promise<void> {
  changed();
  await runToolCalls(assistant.toolCalls!, tools, defs, signal, now, changed);
}

/**
 * After an answer whose calls all have results: go on with another round, unless the rounds reached the limit and the
 * user says no.
 */
export async function continueLoop(messages: readonly SessionMessage[], tools: ToolHost): Promise<boolean> {
  const rounds = toolRoundsBefore(messages, messages.length);
  if (rounds === 0) return false;
  if (rounds % Math.max(1, tools.maxRounds()) !== 0) return true;
  return tools.confirmMoreRounds(rounds);
}
