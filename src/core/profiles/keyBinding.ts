// A profile's key belongs to its id and its base URL's origin: the key is never sent to another host.

/** The part of SecretStorage the binding needs (VS Code's, or a map in tests). */
export interface SecretStore {
  get(name: string): PromiseLike<string | undefined>;
  store(name: string, value: string): PromiseLike<void>;
  delete(name: string): PromiseLike<void>;
}

/** Scheme, host and port of a base URL, lower-cased; the text itself when it is no URL. */
export function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

/** The secret that records which origin a key was entered for. */
function originSecret(name: string): string {
  return `${name}.origin`;
}

/**
 * The key, when it was entered for `origin`; undefined when there is none or it belongs to another origin (the user
 * is then asked for the key again). A key stored before keys were bound is bound to the origin it is first read for.
 */
export async function readBoundKey(secrets: SecretStore, name: string, origin: string): Promise<string | undefined> {
  const key = (await secrets.get(name)) || undefined;
  if (!key) return undefined;
  const bound = await secrets.get(originSecret(name));
  if (!bound) {
    await secrets.store(originSecret(name), origin);
    return key;
  }
  return bound === origin ? key : undefined;
}

export async function storeBoundKey(secrets: SecretStore, name: string, key: string, origin: string): Promise<void> {
  await secrets.store(originSecret(name), origin);
  await secrets.store(name, key);
}

export async function deleteBoundKey(secrets: SecretStore, name: string): Promise<void> {
  await secrets.delete(name);
  await secrets.delete(originSecret(name));
}

/** Every id the raw `applerouter.profiles` value names, usable or not (an entry with a typo is not a removal). */
export function namedProfileIds(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((e: unknown) => (e && typeof e === 'object' ? (e as { id?: unknown }).id : undefined))
    .filter((id): id is string => typeof id === 'string' && id.trim() !== '')
    .map((id) => id.trim());
}

/** Ids named before and not any more: their keys are deleted, so a new profile reusing an id starts without one. */
export function removedProfileIds(before: readonly string[], now: readonly string[]): string[] {
  return before.filter((id) => id !== 'default' && !now.includes(id));
}
