// Whether completions run for a language, from a `{ "*": true, "markdown": false }` map like `github.copilot.enable`.

/** Languages off unless a user turns them on: prose and commit messages are not code. */
export const DEFAULT_LANGUAGES: Readonly<Record<string, boolean>> = {
  '*': true,
  plaintext: false,
  markdown: false,
  scminput: false,
};

/** The language's own entry wins over `*`; a map that is not an object means the defaults. */
export function isLanguageEnabled(map: unknown, languageId: string): boolean {
  const m =
    map && typeof map === 'object' && !Array.isArray(map) ? (map as Record<string, unknown>) : DEFAULT_LANGUAGES;
  const own = m[languageId];
  if (typeof own === 'boolean') return own;
  const all = m['*'];
  return typeof all === 'boolean' ? all : true;
}
