// Chooses how gateway requests travel: the host's global fetch, or undici through applerouter.proxy (loaded lazily).
import * as path from 'node:path';
import { GatewayError } from '../core/errors';
import type { FetchLike, Logger, Translate } from '../core/types';
import type { ProxyError, ProxyFetch, ProxyFetchOptions } from './proxyTransport';

/** The shape of dist/proxy.js. */
export interface ProxyModule {
  createProxyFetch(proxyUrl: string, options?: ProxyFetchOptions): ProxyFetch;
}

/** Why a request could not go out as configured; `message` is translated, one sentence for the user. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  constructor(
    readonly code: 'proxySetting' | 'proxyStatus' | 'proxyUnreachable',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type ProxySetting = { kind: 'none' } | { kind: 'proxy'; url: string; display: string };

/** Validates `applerouter.proxy`; throws TransportError with a translated sentence when it is unusable. */
export function parseProxySetting(value: string | undefined, t: Translate): ProxySetting {
  const raw = (value ?? '').trim();
  if (!raw) return { kind: 'none' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw)?.[1]?.toLowerCase();
  if (scheme && scheme.startsWith('socks')) {
    throw new TransportError('proxySetting', t('SOCKS proxies are not supported; use the HTTP port of your proxy in the "applerouter.proxy" setting.'));
  }
  // "127.0.0.1:7890" is how many proxy apps show their address: read it as http://.
  const withScheme = scheme && raw.includes('://') ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TransportError('proxySetting', t('The "applerouter.proxy" setting is not a valid URL; use the form http://host:port or http://user:password@host:port.'));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TransportError('proxySetting', t('The proxy protocol "{0}" is not supported; use an http:// or https:// proxy in the "applerouter.proxy" setting.', url.protocol.replace(/:$/, '')));
  }
  if (!url.hostname) {
    throw new TransportError('proxySetting', t('The "applerouter.proxy" setting is not a valid URL; use the form http://host:port or http://user:password@host:port.'));
  }
  return { kind: 'proxy', url: url.href, display: `${url.protocol}//${url.host}` };
}

/** Loads the proxy bundle that esbuild writes next to dist/extension.js; the path is computed so it is not bundled. */
export function loadProxyBundle(): ProxyModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'proxy.js')) as ProxyModule;
}

export interface TransportOptions {
  /** Current value of applerouter.proxy. */
  getProxy: () => string | undefined;
  t: Translate;
  logger?: Logger;
  /** Where createProxyFetch comes from; defaults to dist/proxy.js. */
  loadProxyModule?: () => ProxyModule;
  /** The default transport; defaults to the global fetch. */
  globalFetch?: FetchLike;
  proxyOptions?: ProxyFetchOptions;
}

/** Hands the gateway client the fetch to use for each request, following the proxy setting as it changes. */
export class Transport {
  private current: { url: string; fetch: ProxyFetch } | undefined;
  private module: ProxyModule | undefined;

  constructor(private readonly options: TransportOptions) {}

  /** The fetch for the next request. A refused proxy setting gives a fetch that fails with its sentence. */
  getFetch(): FetchLike {
    let setting: ProxySetting;
    try {
      setting = parseProxySetting(this.options.getProxy(), this.options.t);
    } catch (error) {
      return () => Promise.reject(noRetry(error));
    }
    if (setting.kind === 'none') {
      this.release();
      return this.options.globalFetch ?? ((input, init) => fetch(input, init));
    }
    if (this.current?.url !== setting.url) {
      this.release();
      this.module ??= (this.options.loadProxyModule ?? loadProxyBundle)();
      this.current = { url: setting.url, fetch: this.module.createProxyFetch(setting.url, this.options.proxyOptions) };
      this.options.logger?.info(`[http] using the proxy ${setting.display}`);
    }
    const proxied = this.current.fetch;
    return (input, init) => proxied(input, init).catch((error: unknown) => {
      throw this.translate(error);
    });
  }

  /** Closes the proxy's connections (on setting change and on deactivate). */
  dispose(): void {
    this.release();
  }

  private release(): void {
    if (!this.current) return;
    const old = this.current.fetch;
    this.current = undefined;
    old.close().catch(() => undefined);
  }

  /** Turns the proxy bundle's English ProxyError into the user's language; other errors pass unchanged. */
  private translate(error: unknown): unknown {
    if (!(error instanceof Error) || error.name !== 'ProxyError') return error;
    const e = error as ProxyError;
    const { t } = this.options;
    let message: string;
    if (e.code === 'proxyUnreachable') {
      message = t('Could not connect to the proxy {0}; check the "applerouter.proxy" setting.', e.proxy);
    } else if (e.status === 407) {
      message = t('The proxy {0} rejected the credentials (407 Proxy Authentication Required); check the user name and password in the "applerouter.proxy" setting.', e.proxy);
    } else {
      message = t('The proxy {0} refused the connection to the gateway (HTTP {1}).', e.proxy, e.status ?? '?');
    }
    const translated = new TransportError(e.code, message, { cause: error });
    // Wrong proxy credentials do not get better by asking again; an unreachable proxy may.
    return e.status === 407 ? noRetry(translated) : translated;
  }
}

/**
 * The gateway client retries failed connections but passes a GatewayError through untouched; wrapping
 * a failure that a retry cannot fix keeps it from being tried three times. The TransportError stays
 * the cause, which is what the notification shows.
 */
function noRetry(error: unknown): unknown {
  if (!(error instanceof TransportError)) return error;
  return new GatewayError('network', error.message, { cause: error });
}
