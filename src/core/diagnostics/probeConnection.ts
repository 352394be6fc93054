// Times the name lookup and TLS handshake of the gateway's host, for the connection report (plain Node sockets).
import { lookup } from 'node:dns/promises';
import * as tls from 'node:tls';

export interface ProbeResult {
  host: string;
  /** Milliseconds for the DNS lookup, and the addresses found; absent when the lookup failed. */
  dnsMs?: number;
  addresses?: string[];
  dnsError?: string;
  /** Milliseconds for TCP connect + TLS handshake (https only). */
  tlsMs?: number;
  tlsProtocol?: string;
  tlsError?: string;
}

/** Looks up the host of `url` and, for https, completes one TLS handshake with it; never throws. */
export async function probeConnection(
  url: string,
  timeoutMs = 10_000,
  now: () => number = () => performance.now(),
): Promise<ProbeResult> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const result: ProbeResult = { host };
  let address: string | undefined;
  const dnsStart = now();
  try {
    const found = await withTimeout(lookup(host, { all: true }), timeoutMs, 'DNS lookup');
    result.dnsMs = now() - dnsStart;
    result.addresses = found.map((a) => a.address);
    address = found[0]?.address;
  } catch (e) {
    result.dnsError = errorText(e);
    return result;
  }
  if (u.protocol !== 'https:' || !address) return result;
  const port = Number(u.port || 443);
  const tlsStart = now();
  try {
    result.tlsProtocol = await new Promise<string>((resolve, reject) => {
      const socket = tls.connect({
        host: address,
        port,
        servername: isIp(host) ? undefined : host,
        ALPNProtocols: ['http/1.1'],
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no TLS handshake within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        const protocol = socket.getProtocol() ?? 'TLS';
        socket.end();
        socket.destroy();
        resolve(protocol);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      });
    });
    result.tlsMs = now() - tlsStart;
  } catch (e) {
    result.tlsError = errorText(e);
  }
  return result;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function errorText(e: unknown): string {
  if (e instanceof Error)
    return (e as { code?: string }).code ? `${(e as { code?: string }).code}: ${e.message}` : e.message;
  return String(e);
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms)),
    ),
  ]);
}
