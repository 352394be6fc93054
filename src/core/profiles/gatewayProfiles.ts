// Several gateways at once: the `applerouter.profiles` list, checked, with the default profile from `applerouter.baseUrl`.

/** One gateway: where requests go, the extra headers they carry; its key is in SecretStorage under `secretNameFor(id)`. */
export interface GatewayProfile {
  id: string;
  name: string;
  baseUrl: string;
  headers: Record<string, string>;
}

/** The profile made of `applerouter.baseUrl` and `applerouter.customHeaders`; conversations without a profile use it. */
export const DEFAULT_PROFILE_ID = 'default';

/** The default profile's secret keeps the name it had before profiles, so an existing key stays set. */
const DEFAULT_SECRET = 'applerouter.apiKey';

/** An id is a short word: letters, digits, `.`, `_` and `-` (it becomes part of a secret's name). */
const PROFILE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function secretNameFor(profileId: string): string {
  return profileId === DEFAULT_PROFILE_ID ? DEFAULT_SECRET : `${DEFAULT_SECRET}.profile.${profileId}`;
}

/** One entry of the setting that cannot be used, with its position (0-based) and why. */
export interface ProfileProblem {
  index: number;
  id?: string;
  reason: 'notObject' | 'badId' | 'duplicateId' | 'badBaseUrl' | 'badHeaders';
}

export interface ParsedProfiles {
  /** The default profile first, then every usable entry in setting order. */
  profiles: GatewayProfile[];
  problems: ProfileProblem[];
}

export interface ProfileParseOptions {
  /** The default profile (from `applerouter.baseUrl` and `applerouter.customHeaders`). */
  defaultProfile: Omit<GatewayProfile, 'id'>;
  /** Drops malformed and reserved headers (the same rule as `applerouter.customHeaders`). */
  sanitizeHeaders: (value: unknown) => Record<string, string>;
}

/**
 * Reads the `applerouter.profiles` value. Entries without a usable id or an http(s) base URL are left out and reported;
 * `name` falls back to the base URL's host; a base URL loses its trailing slashes. Never throws.
 */
export function parseProfiles(raw: unknown, options: ProfileParseOptions): ParsedProfiles {
  const profiles: GatewayProfile[] = [{ id: DEFAULT_PROFILE_ID, ...options.defaultProfile }];
  const problems: ProfileProblem[] = [];
  if (!Array.isArray(raw)) return { profiles, problems };
  const seen = new Set([DEFAULT_PROFILE_ID]);
  raw.forEach((entry: unknown, index) => {
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      return void problems.push({ index, reason: 'notObject' });
    const e = entry as Record<string, unknown>;
    const id = typeof e.id === 'string' ? e.id.trim() : '';
    if (!PROFILE_ID.test(id)) return void problems.push({ index, reason: 'badId' });
    if (seen.has(id)) return void problems.push({ index, id, reason: 'duplicateId' });
    const baseUrl = httpUrl(e.baseUrl);
    if (!baseUrl) return void problems.push({ index, id, reason: 'badBaseUrl' });
    if (e.headers !== undefined && (!e.headers || typeof e.headers !== 'object' || Array.isArray(e.headers))) {
      return void problems.push({ index, id, reason: 'badHeaders' });
    }
    seen.add(id);
    const name = typeof e.name === 'string' && e.name.trim() ? e.name.trim() : new URL(baseUrl).host;
    profiles.push({ id, name, baseUrl, headers: options.sanitizeHeaders(e.headers ?? {}) });
  });
  return { profiles, problems };
}

function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\/+$/, '');
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}

/** The profile with this id; the default profile for undefined or an id no longer in the list. */
export function profileById(profiles: readonly GatewayProfile[], id: string | undefined): GatewayProfile {
  return profiles.find((p) => p.id === (id ?? DEFAULT_PROFILE_ID)) ?? profiles[0]!;
}
