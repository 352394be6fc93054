// Formatting helpers shared by the chat and the video webviews.

/** Fills `{0}`, `{1}`, … in a localized template; a placeholder without an argument stays as it is. */
export function format(template: string, ...args: (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (m, i: string) =>
    args[Number(i)] !== undefined ? String(args[Number(i)]) : m,
  );
}

/** Text for a live region: long answers are cut so a screen reader does not read a page at once. */
export function clip(text: string, max: number): string {
  return text.length > max ? text.slice(0, max) + '…' : text;
}

/**
 * A cost in US dollars for an estimate: two decimals from one cent up, otherwise two significant digits, so that a
 * fraction of a cent still says something ("$0.000046").
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd <= 0) return '$0';
  const rounded = Number(usd.toPrecision(2));
  if (rounded >= 0.01) return `$${usd.toFixed(2)}`;
  return `$${rounded.toFixed(Math.min(20, 1 - Math.floor(Math.log10(rounded))))}`;
}
