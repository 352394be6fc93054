// Which URLs the video downloader may fetch: the one fetch policy of src/core/net (https only, no local addresses
// unless the gateway is local).

import { fetchPolicyFor, isBlockedAddress, type FetchPolicy } from '../net';

export type DownloadPolicy = FetchPolicy;

/** True for loopback, private, link-local, CGNAT, reserved and multicast addresses, in every IPv4 and IPv6 form. */
export function isLocalAddress(ip: string): boolean {
  return isBlockedAddress(ip);
}

/** The policy that follows from the configured gateway base URL. */
export function downloadPolicyFor(baseUrl: string): DownloadPolicy {
  return fetchPolicyFor(baseUrl);
}
