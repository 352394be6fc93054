// A tool's output before it goes back to the model: capped in size, like model output it is never trusted.

/** Most characters of one tool result sent back to the model. */
const MAX_TOOL_RESULT_CHARS = 100_000;

/** The text cut at `max` characters (never inside a surrogate pair) with a note saying how much was left out. */
export function capToolResult(text: string, max = MAX_TOOL_RESULT_CHARS): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}\n[… ${text.length - end} more characters were cut]`;
}
