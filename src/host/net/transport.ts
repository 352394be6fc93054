// Chooses how gateway requests and downloads travel: directly, or through applerouter.proxy (its bundle loaded lazily).
import type * as http from 'node:http';
import * as path from 'node:path';
import { GatewayError } from '../../core';
import type { FetchLike, Logger, Translate } from '../../core';
import type { ProxyError, ProxyFetch, ProxyFetchOptions } from './proxyTransport';

/** The shape of dist/proxy.js. */
export interface ProxyModule {
  createProxyFetch(proxyUrl: string, options?: ProxyFetchOptions): ProxyFetch;
  createProxyAgent(proxyUrl: string): http.Agent;
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
    throw new TransportError(
      'proxySetting',
      t('SOCKS proxies are not supported; use the HTTP port of your proxy in the "applerouter.proxy" setting.'),
    );
  }
  // "127.0.0.1:7890" is how many proxy apps show their address: read it as http://.
  const withScheme = scheme && raw.includes('://') ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TransportError(
      'proxySetting',
      t(
        'The "applerouter.proxy" setting is not a valid URL; use the form http://host:port or http://user:password@host:port.',
      ),
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TransportError(
      'proxySetting',
      t(
        'The proxy protocol "{0}" is not supported; use an http:// or https:// proxy in the "applerouter.proxy" setting.',
        url.protocol.replace(/:$/, ''),
      ),
    );
  }
  if (!url.hostname) {
    throw new TransportError(
      'proxySetting',
      t(
        'The "applerouter.proxy" setting is not a valid URL; use the form http://host:port or http://user:password@host:port.',
      ),
    );
  }
  return { kind: 'proxy', url: url.href, display: `${url.protocol}//${url.host}` };
}

/** Loads the proxy bundle that esbuild writes next to dist/extension.js; the path is computed so it is not bundled. */
function loadProxyBundle(): ProxyModule {
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
  private currentAgent: { url: string; display: string; agent: http.Agent } | undefined;
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
      this.options.logger?.info(`using the proxy ${setting.display}`);
    }
    const proxied = this.current.fetch;
    return (input, init) =>
      proxied(input, init).catch((error: unknown) => {
        throw this.translate(error);
      });
  }

  /**
   * The agent for downloads made with Node's http/https (videos): undefined without a proxy, so the
   * host's own proxy support applies. Throws TransportError with its sentence for an unusable setting.
   */
  getAgent(): http.Agent | undefined {
    const setting = parseProxySetting(this.options.getProxy(), this.options.t);
    if (setting.kind === 'none') {
      this.releaseAgent();
      return undefined;
    }
    if (this.currentAgent?.url !== setting.url) {
      this.releaseAgent();
      this.module ??= (this.options.loadProxyModule ?? loadProxyBundle)();
      this.currentAgent = {
        url: setting.url,
        display: setting.display,
        agent: this.module.createProxyAgent(setting.url),
      };
      this.options.logger?.info(`downloads use the proxy ${setting.display}`);
    }
    return this.currentAgent.agent;
  }

  /** The user's sentence when the proxy of the last getAgent() answered a download with 407. */
  proxyAuthMessage(): string | undefined {
    return this.currentAgent && rejectedCredentials(this.options.t, this.currentAgent.display);
  }

  /** Closes the proxy's connections (on setting change and on deactivate). */
  dispose(): void {
    this.release();
    this.releaseAgent();
  }

  private releaseAgent(): void {
    const old = this.currentAgent;
    this.currentAgent = undefined;
    old?.agent.destroy();
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
      message = rejectedCredentials(t, e.proxy);
    } else {
      message = t('The proxy {0} refused the connection to the gateway (HTTP {1}).', e.proxy, e.status ?? '?');
    }
    const translated = new TransportError(e.code, message, { cause: error });
    // Wrong proxy credentials do not get better by asking again; an unreachable proxy may.
    return e.status === 407 ? noRetry(translated) : translated;
  }
}

function rejectedCredentials(t: Translate, proxy: string): string {
  return t(
    'The proxy {0} rejected the credentials (407 Proxy Authentication Required); check the user name and password in the "applerouter.proxy" setting.',
    proxy,
  );
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
