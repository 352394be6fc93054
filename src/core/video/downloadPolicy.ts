// Which URLs the video downloader may fetch: https only, and no local addresses unless the gateway is local.

import { isIP } from 'node:net';

export interface DownloadPolicy {
  /** Plain http is allowed only when the gateway itself is plain http on loopback (the test gateway). */
  allowHttp: boolean;
  /** Loopback, link-local and private addresses are allowed only when the gateway itself is local. */
  allowLocalAddresses: boolean;
}

function ipv4Parts(ip: string): number[] | undefined {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) ? parts : undefined;
}

/** True for loopback, private, link-local, CGNAT, unspecified and unique-local addresses (v4, v6, mapped). */
export function isLocalAddress(ip: string): boolean {
  let addr = ip.trim().toLowerCase().replace(/^\[|\]$/g, '');
  const zone = addr.indexOf('%');
  if (zone >= 0) addr = addr.slice(0, zone);
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(addr);
  if (mapped) addr = mapped[1]!;
  if (isIP(addr) === 4) {
    const [a, b] = ipv4Parts(addr)!;
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b! >= 64 && b! <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b! >= 16 && b! <= 31) ||
      (a === 192 && b === 168) ||
      a! >= 224
    );
  }
  if (isIP(addr) === 6) {
    if (addr === '::' || addr === '::1') return true;
    const first = parseInt(addr.split(':')[0] || '0', 16);
    return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00;
  }
  return false;
}

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
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
