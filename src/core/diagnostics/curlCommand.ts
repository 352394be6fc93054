// Writes a recorded gateway request as a curl command line, with the API key replaced by an environment variable.
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The placeholder the command uses for the key; the user exports it before running the command. */
const API_KEY_PLACEHOLDER = '$APPLEROUTER_API_KEY';

/** Headers that carry credentials: never copied, whatever their value (X-Goog-Api-Key, X-Access-Token, Set-Cookie…). */
const CREDENTIAL_HEADER = /key|token|secret|auth|cookie|session|passw/i;

/**
 * Every way a secret may appear in a URL, header or body: as it is, percent-encoded, JSON-escaped, and base64 or
 * base64url at each of the three byte alignments (so it is found inside a longer encoded value such as Basic
 * `user:key`), each encoded form without the characters that depend on its neighbours.
 */
function encodedForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  const bytes = Buffer.from(secret, 'utf8');
  for (let lead = 0; lead < 3; lead++) {
    const padded = Buffer.concat([Buffer.alloc(lead), bytes]);
    // Characters wholly made of the secret's bits: after the lead bytes' share, before the last partial one.
    const start = Math.ceil((lead * 8) / 6);
    const end = Math.floor((padded.length * 8) / 6);
    for (const encoding of ['base64', 'base64url'] as const) {
      const core = padded.toString(encoding).slice(start, end);
      if (core.length >= 8) forms.add(core);
    }
  }
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/**
 * A POSIX shell command that repeats `request`. The key never appears: the Authorization header becomes
 * `Bearer $APPLEROUTER_API_KEY`, every other credential-looking header is left out, and any other occurrence of one
 * of `secrets` in any encoding (in the URL, a custom header or the body) is replaced by the placeholder too.
 */
export function buildCurlCommand(request: RecordedRequest, secrets: readonly (string | undefined)[] = []): string {
  const forms = secrets.flatMap((s) => (s && s.length >= 4 ? encodedForms(s) : []));
  const hide = (text: string) => {
    let out = text;
    for (const f of forms) out = out.split(f).join(API_KEY_PLACEHOLDER);
    return out;
  };
  const lines = [`curl -sS -N -X ${request.method.toUpperCase()} ${shellQuote(hide(request.url))}`];
  let hadAuth = false;
  for (const [name, value] of Object.entries(request.headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      hadAuth = true;
      continue;
    }
    if (CREDENTIAL_HEADER.test(lower) || lower === 'content-length' || lower === 'host') continue;
    lines.push(`-H ${shellQuote(`${name}: ${hide(value)}`)}`);
  }
  // Double quotes so that the shell substitutes the variable.
  if (hadAuth) lines.push(`-H "Authorization: Bearer ${API_KEY_PLACEHOLDER}"`);
  if (request.body !== undefined) lines.push(`--data-raw ${shellQuote(hide(request.body))}`);
  return lines.join(' \\\n  ');
}

/** Single-quotes a word for a POSIX shell; a single quote inside becomes '\''. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
