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
  // Credentials inside URLs, e.g. a proxy URL http://user:pass@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi, `$1${MASK}@`],
];

/** Returns `text` with credential-like substrings and every given secret value replaced by `***`. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_EXACT_SECRET_LENGTH) out = out.split(secret).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
