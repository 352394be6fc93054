// The bounds one answer cannot pass, whatever a gateway or model sends: its size, its tool calls, each call's arguments.

export interface AnswerLimits {
  /** Characters of text, reasoning, alternatives (`index` > 0) and tool calls together; past it the stream is stopped. */
  maxAnswerChars: number;
  /** Tool calls kept whole; later calls of the same answer keep only their id and name (they are answered, not run). */
  maxToolCalls: number;
  /** Characters of one tool call's arguments; past it the stream is stopped. */
  maxArgumentChars: number;
}

export const DEFAULT_ANSWER_LIMITS: Readonly<AnswerLimits> = {
  maxToolCalls: 32,
  maxArgumentChars: 1024 * 1024,
  maxAnswerChars: 4 * 1024 * 1024,
};

/** The defaults with any limit the caller gives instead. */
export function answerLimits(over?: Partial<AnswerLimits>): AnswerLimits {
  return { ...DEFAULT_ANSWER_LIMITS, ...over };
}

/** A size for messages: `1 MiB`, `4 MiB`, `512 KiB`. */
export function sizeText(chars: number): string {
  return chars >= 1024 * 1024 ? `${Math.round(chars / (1024 * 1024))} MiB` : `${Math.round(chars / 1024)} KiB`;
}
