// Removes anything that looks like a credential from text before it is logged, shown, saved or exported.

const MASK = '***';

/** Shortest exact secret we mask by value; shorter strings would blank out ordinary words. */
const MIN_EXACT_SECRET_LENGTH = 6;

const PATTERNS: readonly [RegExp, string][] = [
  // Header lines and JSON fields carrying credentials, whatever the scheme.
  [
    /\b((?:proxy-)?authorization|x-api-key|api-key)(["']?\s*[:=]\s*["']?)(?:(?:Bearer|Basic)\s+)?[^\s"',}]+/gi,
    `$1$2${MASK}`,
  ],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/g, `$1 ${MASK}`],
  // OpenAI-style keys as gateways issue them (sk-…, sk-proj-…).
  [/\bsk-[A-Za-z0-9_-]{6,}/g, `sk-${MASK}`],
];

/** A URL's scheme and authority, plain (`http://`) or JSON-escaped (`http:\/\/`); the authority ends at a path. */
const URL_AUTHORITY = /\b([a-z][a-z0-9+.-]*:(?:\/\/|\\\/\\\/))([^\s/?#"'<>]*)/gi;

/**
 * Credentials inside URLs (`http://user:pass@host`): everything before the authority's last `@` (or its JSON escape
 * `\u0040`), so a raw `@` inside a password is masked too.
 */
function maskUrlCredentials(text: string): string {
  return text.replace(URL_AUTHORITY, (match, scheme: string, rest: string) => {
    const escapedSlash = rest.indexOf('\\/');
    const authority = escapedSlash >= 0 ? rest.slice(0, escapedSlash) : rest;
    const at = Math.max(authority.lastIndexOf('@'), authority.toLowerCase().lastIndexOf('\\u0040'));
    if (at < 0) return match;
    return `${scheme}${MASK}${rest.slice(at)}`;
  });
}

/** Returns `text` with credential-like substrings and every given secret value replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_EXACT_SECRET_LENGTH) out = out.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return maskUrlCredentials(out);
}
