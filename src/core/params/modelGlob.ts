// Model-id keys of applerouter.modelParameters: exact ids or globs with `*`, and which of two matching keys is more specific.

/** True when `pattern` (an id, or a glob where `*` stands for any run of characters) matches the model id. */
export function matchesModel(pattern: string, model: string): boolean {
  if (!pattern.includes('*')) return pattern.toLowerCase() === model.toLowerCase();
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
    'is',
  );
  return re.test(model);
}

/**
 * How specific a key is: an exact id beats every glob; among globs, more literal characters win, then fewer `*`.
 * Higher is more specific.
 */
export function specificity(pattern: string): number {
  const stars = (pattern.match(/\*/g) ?? []).length;
  if (stars === 0) return Number.MAX_SAFE_INTEGER;
  return (pattern.length - stars) * 100 - stars;
}
