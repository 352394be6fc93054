// Writes a recorded gateway request as a curl command line, with the API key replaced by an environment variable.
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** The placeholder the command uses for the key; the user exports it before running the command. */
const API_KEY_PLACEHOLDER = '$APPLEROUTER_API_KEY';

/** Headers that carry credentials: never copied, whatever their value. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key', 'api-key']);

/**
 * A POSIX shell command that repeats `request`. The key never appears: the Authorization header becomes
 * `Bearer $APPLEROUTER_API_KEY`, other credential headers are left out, and any other occurrence of one of
 * `secrets` (in the URL, a custom header or the body) is replaced by the placeholder too.
 */
export function buildCurlCommand(request: RecordedRequest, secrets: readonly (string | undefined)[] = []): string {
  const hide = (text: string) => {
    let out = text;
    for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join(API_KEY_PLACEHOLDER);
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
    if (CREDENTIAL_HEADERS.has(lower) || lower === 'content-length' || lower === 'host') continue;
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
