// Fetch and Node http(s) agents through an explicit HTTP(S) proxy; bundled apart (dist/proxy.js) and loaded only when a proxy is set.
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import { Agent as AgentBase, type AgentConnectOpts } from 'agent-base';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import type { FetchLike } from '../../core';

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
      const response = await undiciFetch(input, { ...(init as object), dispatcher: agent } as Parameters<
        typeof undiciFetch
      >[1]);
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
    const status =
      /Proxy response \((\d{3})\)/.exec(e.message) ?? /Proxy Authentication Required \((407)\)/.exec(e.message);
    if (status) return new ProxyError('proxyStatus', display, Number(status[1]), { cause: error });
    const code = (e as NodeJS.ErrnoException).code;
    // With a tunnel the target is reached by the proxy, so a local connect failure is the proxy's.
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH') {
      return new ProxyError('proxyUnreachable', display, undefined, { cause: error });
    }
  }
  return undefined;
}

/**
 * A Node `http.Agent` for `http.request`/`https.request` (the video downloader) that goes through
 * `proxyUrl`: https targets are tunnelled with CONNECT, http targets are forwarded in absolute form.
 * Credentials in the URL become a Basic `Proxy-Authorization` sent to the proxy only.
 * Through the proxy the proxy resolves the target's name, and the proxy's own address (often 127.0.0.1) is the
 * user's choice: so the downloaders resolve each hop's name themselves first and refuse local addresses
 * (checkResolvedHost), and their URL checks (checkFetchUrl) still apply to every URL and redirect.
 */
export function createProxyAgent(proxyUrl: string): http.Agent {
  const url = new URL(proxyUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Unsupported proxy protocol ${url.protocol}`);
  }
  // No TLS options here: these agents also hand their options to the target's TLS connection.
  return new ProxyAgentPair(new HttpsProxyAgent(url), new HttpProxyAgent(url));
}

/** Picks the tunnelling or the forwarding agent per request, as `proxy-agent` does. */
class ProxyAgentPair extends AgentBase {
  constructor(
    private readonly tunnel: HttpsProxyAgent<string>,
    private readonly forward: HttpProxyAgent<string>,
  ) {
    super();
  }

  override connect(_req: http.ClientRequest, opts: AgentConnectOpts): Promise<Duplex | http.Agent> {
    return Promise.resolve(opts.secureEndpoint ? this.tunnel : this.forward);
  }

  override destroy(): void {
    this.tunnel.destroy();
    this.forward.destroy();
    super.destroy();
  }
}
