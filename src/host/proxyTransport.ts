// Fetch through an explicit HTTP(S) proxy with undici's ProxyAgent; bundled apart (dist/proxy.js) and loaded only when a proxy is set.
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../core/types';

/** Why a request through the proxy failed before the gateway could answer. */
export type ProxyErrorCode = 'proxyStatus' | 'proxyUnreachable';

/** A failure of the proxy itself (not of the gateway); `message` is English, for the log. */
export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  constructor(
    readonly code: ProxyErrorCode,
    /** The proxy as `scheme://host:port`, never with credentials. */
    readonly proxy: string,
    /** The proxy's HTTP status for `proxyStatus` (407 = wrong or missing credentials). */
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(
      code === 'proxyUnreachable'
        ? `Could not connect to the proxy ${proxy}`
        : `The proxy ${proxy} answered ${status}${status === 407 ? ' Proxy Authentication Required' : ''}`,
      options,
    );
  }
}

export interface ProxyFetch extends FetchLike {
  /** Closes the proxy's connections once in-flight requests have ended. */
  close(): Promise<void>;
}

export interface ProxyFetchOptions {
  /** TLS options for the connection to an `https://` proxy (e.g. a private CA in tests). */
  proxyTls?: { ca?: string | Buffer; rejectUnauthorized?: boolean };
}

/**
 * A fetch that sends every request through `proxyUrl` (`http://` or `https://`, credentials in the URL
 * become a Basic `Proxy-Authorization`). Uses undici's own fetch: its dispatchers must not be handed to
 * the host's global fetch, which may bundle a different undici.
 */
export function createProxyFetch(proxyUrl: string, options: ProxyFetchOptions = {}): ProxyFetch {
  const url = new URL(proxyUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Unsupported proxy protocol ${url.protocol}`);
  }
  let token: string | undefined;
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const pass = decodeURIComponent(url.password);
    token = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const display = `${url.protocol}//${url.host}`;
  const agent = new ProxyAgent({
    uri: url.href,
    ...(token ? { token } : {}),
    ...(options.proxyTls ? { proxyTls: options.proxyTls } : {}),
    // The gateway client enforces its own connect, first-byte and idle limits (a video may stay silent
    // longer than undici's 300 s defaults).
    headersTimeout: 0,
    bodyTimeout: 0,
  });

  const proxyFetch = (async (input: string, init: RequestInit) => {
    try {
      const response = await undiciFetch(input, { ...(init as object), dispatcher: agent } as Parameters<typeof undiciFetch>[1]);
      return response as unknown as Response;
    } catch (error) {
      throw toProxyError(error, display) ?? error;
    }
  }) as ProxyFetch;
  proxyFetch.close = () => agent.close();
  return proxyFetch;
}

/** Recognises undici's proxy failures in an error's cause chain; undefined for anything else. */
function toProxyError(error: unknown, display: string): ProxyError | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    // Tunnelled requests: "Proxy response (407) !== 200 when HTTP Tunneling"; plain ones: "... (407)".
    const status = /Proxy response \((\d{3})\)/.exec(e.message) ?? /Proxy Authentication Required \((407)\)/.exec(e.message);
    if (status) return new ProxyError('proxyStatus', display, Number(status[1]), { cause: error });
    const code = (e as NodeJS.ErrnoException).code;
    // With a tunnel the target is reached by the proxy, so a local connect failure is the proxy's.
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
      return new ProxyError('proxyUnreachable', display, undefined, { cause: error });
    }
  }
  return undefined;
}
