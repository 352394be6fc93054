// Pure checks applied to raw setting values (no 'vscode', so they are unit-tested in Node).
import { DEFAULT_LANGUAGES, isLanguageEnabled } from '../../core/completions';
import type { WorkspaceParameterLayer } from '../../core/params';

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

/** The user's own value, or the default when the user set none (`null` is a value: "none"). */
export function userValue<T>(inspected: InspectedValue<T> | undefined): T | undefined {
  return inspected?.globalValue !== undefined ? inspected.globalValue : inspected?.defaultValue;
}

/**
 * A cap or amount a workspace may only lower: the least of the user's value (or the default) and any workspace or
 * folder value. `read` turns a raw value into a number, or undefined for "no limit" (and for a value it refuses).
 */
export function lowestValue<T>(
  inspected: InspectedValue<T> | undefined,
  read: (value: unknown) => number | undefined,
): number | undefined {
  let lowest = read(userValue(inspected));
  for (const v of [inspected?.workspaceValue, inspected?.workspaceFolderValue]) {
    if (v === undefined) continue;
    const n = read(v);
    if (n !== undefined && (lowest === undefined || n < lowest)) lowest = n;
  }
  return lowest;
}

/** A feature a workspace may turn off but never on: on unless the user, the workspace or the folder says `false`. */
export function offWins(inspected: InspectedValue<unknown> | undefined): boolean {
  return (
    userValue(inspected) !== false && inspected?.workspaceValue !== false && inspected?.workspaceFolderValue !== false
  );
}

/** The workspace's and the folder's own values, folder first (the more specific one), without the user's. */
function workspaceValues<T>(inspected: InspectedValue<T> | undefined): T[] {
  return [inspected?.workspaceFolderValue, inspected?.workspaceValue].filter((v): v is T => v !== undefined);
}

/** `applerouter.maxTokens` as a whole number of tokens, or undefined for none (empty, or out of range). */
export function readMaxTokens(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 && v <= 10_000_000 ? Math.floor(v) : undefined;
}

/**
 * The workspace's and folder's `modelParameters` and `maxTokens`, folder first, as layers that may only lower what an
 * answer costs (resolveParameters applies them).
 */
export function workspaceParameterLayers(
  modelParameters: InspectedValue<unknown> | undefined,
  maxTokens: InspectedValue<unknown> | undefined,
): WorkspaceParameterLayer[] {
  const layers: WorkspaceParameterLayer[] = [];
  for (const level of ['workspaceFolderValue', 'workspaceValue'] as const) {
    const tokens = readMaxTokens(maxTokens?.[level]);
    if (modelParameters?.[level] === undefined && tokens === undefined) continue;
    layers.push({
      modelParameters: modelParameters?.[level],
      ...(tokens !== undefined ? { global: { max_tokens: tokens } } : {}),
    });
  }
  return layers;
}

/** Completions run for a language when the user's map (or the default) allows it and no workspace map turns it off. */
export function languagesAllow(inspected: InspectedValue<unknown> | undefined, languageId: string): boolean {
  const maps = [userValue(inspected) ?? DEFAULT_LANGUAGES, ...workspaceValues(inspected)];
  return maps.every((m) => isLanguageEnabled(m, languageId));
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
