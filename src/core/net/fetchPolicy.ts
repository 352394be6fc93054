// The one policy for fetches on the user's behalf (videos, images): which schemes, which URLs, which addresses.

import { lookup as dnsLookup, promises as dnsPromises } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isBlockedAddress, isLoopbackHost } from './address';

export interface FetchPolicy {
  /** Plain http is allowed only when the gateway itself is plain http on loopback (the test gateway). */
  allowHttp: boolean;
  /** Loopback, link-local and private addresses are allowed only when the gateway itself is local. */
  allowLocalAddresses: boolean;
}

/** A URL or an address the policy does not allow; nothing was sent to it. */
export class RefusedUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedUrlError';
  }
}

/** The policy that follows from the configured gateway base URL. */
export function fetchPolicyFor(baseUrl: string): FetchPolicy {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { allowHttp: false, allowLocalAddresses: false };
  }
  const loopback = isLoopbackHost(url.hostname);
  const local = loopback || isBlockedAddress(url.hostname);
  return { allowHttp: url.protocol === 'http:' && loopback, allowLocalAddresses: local };
}

/** Refuses a URL whose scheme, credentials or literal address the policy does not allow; returns it parsed. */
export function checkFetchUrl(raw: string, policy: FetchPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new RefusedUrlError(`not a URL: ${raw.slice(0, 200)}`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    throw new RefusedUrlError(`refused ${url.protocol} URL (https only)`);
  }
  if (url.username || url.password) throw new RefusedUrlError('refused a URL with credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowLocalAddresses && (isIP(host) ? isBlockedAddress(host) : isLoopbackHost(host))) {
    throw new RefusedUrlError(`refused local address ${host}`);
  }
  return url;
}

/**
 * Through a proxy the proxy resolves the target's name, so the guarded lookup decides nothing: the name is resolved
 * here first and refused when any of its addresses is local. A name this machine cannot resolve is left to the proxy
 * (behind many company and campus proxies only the proxy resolves outside names); literal addresses were checked by
 * checkFetchUrl.
 */
export async function checkResolvedHost(
  url: URL,
  policy: FetchPolicy,
  lookup: (host: string) => Promise<{ address: string }[]> = (host) => dnsPromises.lookup(host, { all: true }),
): Promise<void> {
  if (policy.allowLocalAddresses) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host);
  } catch {
    return;
  }
  if (addresses.some((a) => isBlockedAddress(a.address)))
    throw new RefusedUrlError(`refused ${host}: it resolves to a local address`);
}

/** A DNS lookup that refuses names resolving to local addresses, checked at connect time (no DNS rebinding). */
export function guardedLookup(
  policy: FetchPolicy,
  refuse: (message: string) => Error = (m) => new RefusedUrlError(m),
): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error) => void)(err);
      const list = addresses as unknown as { address: string; family: number }[];
      if (!policy.allowLocalAddresses && list.some((a) => isBlockedAddress(a.address))) {
        return (callback as (e: Error) => void)(refuse(`refused ${hostname}: it resolves to a local address`));
      }
      if ((options as { all?: boolean }).all) return (callback as (e: null, a: typeof list) => void)(null, list);
      const first = list[0];
      if (!first) return (callback as (e: Error) => void)(new Error(`no address for ${hostname}`));
      (callback as (e: null, a: string, f: number) => void)(null, first.address, first.family);
    });
  };
}
