// Pure checks applied to raw setting values (no 'vscode', so they are unit-tested in Node).

export const DEFAULT_BASE_URL = 'https://api.applerouter.ai/v1';
const DEFAULT_TIMEOUT_SECONDS = 120;
const MIN_TIMEOUT_SECONDS = 5;
const MAX_TIMEOUT_SECONDS = 3600;

/** Headers a setting may never set: the key and the proxy's credentials come only from us. */
const RESERVED_HEADERS = new Set(['authorization', 'proxy-authorization', 'host', 'content-length', 'cookie']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What `WorkspaceConfiguration.inspect()` returns, reduced to what we read. */
export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/**
 * The user's own (global) value or the default, never a workspace or folder value: a repository's
 * `.vscode/settings.json` must not be able to redirect the key or the traffic, even if one is written
 * there despite `"scope": "application"`.
 */
export function applicationScoped<T>(inspected: InspectedValue<T> | undefined): T | undefined {
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** True when a workspace or folder settings file sets the value (shown as such, never applied silently). */
export function setByWorkspace<T>(inspected: InspectedValue<T> | undefined): boolean {
  return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
}

/** The base URL trimmed and without trailing slashes; the default when empty or not a string. */
export function normalizeBaseUrl(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  return (text || DEFAULT_BASE_URL).replace(/\/+$/, '');
}

/** Only string-valued, well-formed, non-reserved headers without line breaks survive. */
export function sanitizeCustomHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) return headers;
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string' || /[\r\n\0]/.test(v) || !HEADER_NAME.test(name)) continue;
    if (RESERVED_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = v;
  }
  return headers;
}

/** The timeout in seconds, clamped to the manifest's 5–3600; the default when not a finite number. */
export function clampTimeoutSeconds(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_TIMEOUT_SECONDS;
  return Math.min(MAX_TIMEOUT_SECONDS, Math.max(MIN_TIMEOUT_SECONDS, value));
}
