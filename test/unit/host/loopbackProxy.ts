// A real HTTP(S) proxy on loopback (the `proxy` package) that counts what passes through it, for transport tests.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createProxy } from 'proxy';

export interface LoopbackProxy {
  /** e.g. http://127.0.0.1:PORT (no credentials). */
  url: string;
  port: number;
  /** CONNECT tunnels and plain proxied requests the proxy accepted or refused. */
  connects: number;
  /** Proxy-Authorization values it received. */
  authHeaders: string[];
  close(): Promise<void>;
}

/** Self-signed certificate for 127.0.0.1, only for the https-proxy test. */
export const testCert = {
  cert: readFileSync(path.join(__dirname, 'fixtures', 'proxy-test-cert.pem'), 'utf8'),
  key: readFileSync(path.join(__dirname, 'fixtures', 'proxy-test-key.pem'), 'utf8'),
};

export async function startLoopbackProxy(
  opts: { user?: string; password?: string; tls?: boolean } = {},
): Promise<LoopbackProxy> {
  const base = opts.tls ? https.createServer({ cert: testCert.cert, key: testCert.key }) : http.createServer();
  const server = createProxy(base as http.Server);
  const state = { connects: 0, authHeaders: [] as string[] };
  const count = (req: http.IncomingMessage) => {
    state.connects++;
    const auth = req.headers['proxy-authorization'];
    if (typeof auth === 'string') state.authHeaders.push(auth);
  };
  server.on('connect', count);
  server.on('request', count);
  if (opts.user !== undefined) {
    const expected = `Basic ${Buffer.from(`${opts.user}:${opts.password ?? ''}`).toString('base64')}`;
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    get connects() {
      return state.connects;
    },
    authHeaders: state.authHeaders,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
