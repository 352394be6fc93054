// Tool arguments as the consent prompt shows them: every character visible (control, bidi and zero-width ones
// escaped as \uXXXX), never cut; what does not fit the dialog is shown in full elsewhere before Allow.

/** Most characters (or lines) of arguments shown inside the modal dialog itself. */
const MAX_DIALOG_ARGUMENT_CHARS = 1500;
const MAX_DIALOG_ARGUMENT_LINES = 30;

/**
 * C0/C1 controls except tab and newline, DEL, line/paragraph separators, bidi embeddings, overrides and isolates,
 * directional marks, the Arabic letter mark, zero-width characters and the BOM.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** The text with every invisible or direction-changing character written as `\uXXXX`. */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** The arguments as shown: pretty JSON when they parse (as the model sent them otherwise), then escaped. */
export function argumentsForDisplay(raw: string): string {
  let shown = raw;
  try {
    shown = JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    // Shown exactly as the model sent it.
  }
  return escapeInvisible(shown);
}

/** True when the shown arguments do not fit the dialog and must be shown in full beside it first. */
export function needsFullView(shown: string): boolean {
  return shown.length > MAX_DIALOG_ARGUMENT_CHARS || shown.split('\n').length > MAX_DIALOG_ARGUMENT_LINES;
}
