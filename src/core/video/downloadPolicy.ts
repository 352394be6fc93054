// Which URLs the video downloader may fetch: https only, and no local addresses unless the gateway is local.

import { isBlockedAddress, isLoopbackHost } from '../net';

export interface DownloadPolicy {
  /** Plain http is allowed only when the gateway itself is plain http on loopback (the test gateway). */
  allowHttp: boolean;
  /** Loopback, link-local and private addresses are allowed only when the gateway itself is local. */
  allowLocalAddresses: boolean;
}

/** True for loopback, private, link-local, CGNAT, reserved and multicast addresses, in every IPv4 and IPv6 form. */
export function isLocalAddress(ip: string): boolean {
  return isBlockedAddress(ip);
}

/** The policy that follows from the configured gateway base URL. */
export function downloadPolicyFor(baseUrl: string): DownloadPolicy {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { allowHttp: false, allowLocalAddresses: false };
  }
  const loopback = isLoopbackHost(url.hostname);
  const local = loopback || isLocalAddress(url.hostname);
  return { allowHttp: url.protocol === 'http:' && loopback, allowLocalAddresses: local };
}
