// Formatting helpers shared by the chat and the video webviews.

/** Fills `{0}`, `{1}`, … in a localized template; a placeholder without an argument stays as it is. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : m));
}

/** Text for a live region: long answers are cut so a screen reader does not read a page at once. */
export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}
