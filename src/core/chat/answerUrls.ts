// Which URLs a conversation's answers contain: the host fetches an image only when an answer holds its URL.

/** True when one of the texts holds `url` (as written, or as the same parsed URL); only then may it be fetched.
 * Only a URL that the conversation's answers contain may be fetched (never one a page made up). */
export function urlInAnswers(texts: readonly string[], url: string): boolean {
  let target: string;
  try {
    target = new URL(url).href;
  } catch {
    return false;
  }
  for (const text of texts) {
    if (text.includes(url)) return true;
    for (const m of text.matchAll(/https?:\/\/[^\s<>"'`)\]]+/g)) {
      try {
        if (new URL(m[0]).href === target) return true;
      } catch {
        // not a URL after all
      }
    }
  }
  return false;
}
