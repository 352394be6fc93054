// A name from settings shown as itself inside Markdown and status bar text: no links, markup or icons of its own.

/** Every ASCII punctuation character backslash-escaped (CommonMark allows it for all of them), line breaks flattened. */
export function markdownPlainText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Status bar text: `$(name)` would draw an icon, so a `$` is escaped. */
export function statusBarPlainText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/\$\(/g, '\\$(');
}
