// Typed access to the extension's settings and one typed change event for all of them.
import * as vscode from 'vscode';

export const SECTION = 'applerouter';

/** Every setting key, as a named constant (without the `applerouter.` prefix). */
export const SettingKey = {
  baseUrl: 'baseUrl',
  customHeaders: 'customHeaders',
  proxy: 'proxy',
  requestTimeoutSeconds: 'requestTimeoutSeconds',
} as const;
export type SettingKey = (typeof SettingKey)[keyof typeof SettingKey];

export const DEFAULT_BASE_URL = 'https://api.applerouter.ai/v1';
const DEFAULT_TIMEOUT_SECONDS = 120;

/** Headers a setting may never set: the key and the proxy's credentials come only from us. */
const RESERVED_HEADERS = new Set(['authorization', 'proxy-authorization', 'host', 'content-length', 'cookie']);

export interface SettingsChangeEvent {
  /** True when `applerouter.<key>` may have changed. */
  affects(key: SettingKey | string): boolean;
}

export class Settings implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<SettingsChangeEvent>();
  private readonly subscription: vscode.Disposable;
  /** Fires once per configuration change that touches `applerouter.*`. */
  readonly onDidChange = this.emitter.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.emitter.fire({ affects: (key) => e.affectsConfiguration(`${SECTION}.${key}`) });
    });
  }

  /** The gateway's base URL, without trailing slashes. Application-scoped: see `applicationValue`. */
  get baseUrl(): string {
    const value = applicationValue<string>(SettingKey.baseUrl)?.trim();
    return (value || DEFAULT_BASE_URL).replace(/\/+$/, '');
  }

  /** Extra headers for every request; non-string values and reserved headers are dropped. */
  get customHeaders(): Record<string, string> {
    const value = applicationValue<unknown>(SettingKey.customHeaders);
    const headers: Record<string, string> = {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) return headers;
    for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v !== 'string' || /[\r\n\0]/.test(v) || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) continue;
      if (RESERVED_HEADERS.has(name.toLowerCase())) continue;
      headers[name] = v;
    }
    return headers;
  }

  /** The explicit proxy URL; empty means the host's own proxy handling. */
  get proxy(): string {
    return (applicationValue<string>(SettingKey.proxy) ?? '').trim();
  }

  /** Connect / first-byte / idle limit in seconds, clamped to the manifest's 5–3600. */
  get requestTimeoutSeconds(): number {
    const value = applicationValue<number>(SettingKey.requestTimeoutSeconds);
    if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_TIMEOUT_SECONDS;
    return Math.min(3600, Math.max(5, value));
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/**
 * The user's own (global) value or the default, never a workspace or folder value: a repository's
 * `.vscode/settings.json` must not be able to redirect the key or the traffic, even if one is written
 * there despite `"scope": "application"`.
 */
export function applicationValue<T>(key: SettingKey): T | undefined {
  const inspected = vscode.workspace.getConfiguration(SECTION).inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}
