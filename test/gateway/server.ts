// The test gateway: a real loopback HTTP server speaking the new-api protocol, with scripted scenarios.
import { createReadStream, existsSync, statSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  bodyText: string;
  json?: unknown;
  receivedAt: number;
  /** The client closed the connection before the response ended. */
  closedEarly?: boolean;
  /** The scenario that answered, if any. */
  scenario?: string;
  /** Date.now() right after each piece of the response body was written (for latency measurements). */
  writtenAt?: number[];
}

/** What to send for one request; every field is optional. */
export interface ResponseScript {
  status?: number;
  /** Merged over `content-type: text/event-stream; charset=utf-8`. */
  headers?: Record<string, string>;
  body?: string;
  bodyBase64?: string;
  /** Explicit pieces, each one write (instead of `body` + `chunking`). */
  chunks?: string[];
  /** Byte offsets to cut `body` at, one byte per piece, or N bytes per piece. */
  chunking?: number[] | 'bytes' | { every: number };
  /** Pause between two pieces (default 0: written back to back). */
  delayMs?: number;
  /** Pause before the status line and headers. */
  headersDelayMs?: number;
  /** Pause after the headers, before the first piece of the body. */
  firstByteDelayMs?: number;
  /** After the last piece: end the response (default), keep it open, or reset the socket. */
  end?: 'close' | 'hold' | 'reset';
  /** Replaces `marker` in the body with `unit` repeated `count` times (big bodies stay small here). */
  repeat?: { marker: string; unit: string; count: number };
  /** For `enqueue`: the request path this script answers (default `/v1/chat/completions`). */
  path?: string;
}

export interface ScenarioContext {
  req: RecordedRequest;
  /** `body`: the request body's bytes as received (`req.bodyText` is UTF-8 text, which file uploads do not survive). */
  raw: { req: http.IncomingMessage; res: http.ServerResponse; body: Buffer };
  gateway: TestGateway;
  /** How many earlier requests this scenario answered since the last reset (0 for the first). */
  hits: number;
  /** Captures of a RegExp scenario name. */
  match?: RegExpExecArray;
  requestId: string;
}

/** Returns a script to send, or nothing when it answered through `ctx.raw.res` itself. */
export type ScenarioHandler = (ctx: ScenarioContext) => ResponseScript | void | Promise<ResponseScript | void>;

export interface TestGateway {
  /** http://127.0.0.1:PORT/v1 */
  baseUrl: string;
  origin: string;
  port: number;
  requests: RecordedRequest[];
  enqueue(script: ResponseScript): void;
  reset(): void;
  close(): Promise<void>;
}

const scenarios = new Map<string, ScenarioHandler>();
const patternScenarios: { pattern: RegExp; handler: ScenarioHandler }[] = [];
const routes: { method: string; path: string | RegExp; handler: ScenarioHandler }[] = [];
const modelScenarios: { test: (model: string) => boolean; scenario: string }[] = [];
const extraModels: Record<string, unknown>[] = [];

/** Adds a named scenario (`x-test-scenario: NAME` or model `scenario:NAME`); a RegExp name takes parameters. */
export function registerScenario(name: string | RegExp, handler: ScenarioHandler): void {
  if (typeof name === 'string') scenarios.set(name, handler);
  else patternScenarios.push({ pattern: name, handler });
}

/** Adds a route under the gateway (e.g. `POST /v1/videos`); it runs after the key check for /v1 paths. */
export function registerRoute(method: string, routePath: string | RegExp, handler: ScenarioHandler): void {
  routes.push({ method: method.toUpperCase(), path: routePath, handler });
}

/** Requests for models matching `test` (and no explicit scenario) are answered by `scenario`. */
export function registerModelScenario(test: string | RegExp | ((model: string) => boolean), scenario: string): void {
  const fn =
    typeof test === 'string' ? (m: string) => m === test : test instanceof RegExp ? (m: string) => test.test(m) : test;
  modelScenarios.push({ test: fn, scenario });
}

/** Adds entries to `GET /v1/models`. */
export function registerModels(...models: Record<string, unknown>[]): void {
  extraModels.push(...models);
}

export function findScenario(name: string): { handler: ScenarioHandler; match?: RegExpExecArray } | undefined {
  const h = scenarios.get(name);
  if (h) return { handler: h };
  for (const p of patternScenarios) {
    const m = p.pattern.exec(name);
    if (m) return { handler: p.handler, match: m };
  }
  return undefined;
}

export function scenarioNames(): string[] {
  return [...scenarios.keys(), ...patternScenarios.map((p) => p.pattern.source)];
}

export function listedModels(): Record<string, unknown>[] {
  return extraModels;
}

export function newRequestId(): string {
  const d = new Date();
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(
    d.getUTCSeconds(),
  )}${Math.random().toString(36).slice(2, 10)}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Cuts a body into the pieces a script asks for. */
export function cutBody(buf: Buffer, chunking: ResponseScript['chunking']): Buffer[] {
  if (!chunking || buf.length === 0) return buf.length ? [buf] : [];
  const offsets: number[] = [];
  if (chunking === 'bytes') for (let i = 1; i < buf.length; i++) offsets.push(i);
  else if (Array.isArray(chunking))
    offsets.push(...[...chunking].sort((a, b) => a - b).filter((o) => o > 0 && o < buf.length));
  else for (let i = chunking.every; i < buf.length; i += chunking.every) offsets.push(i);
  const out: Buffer[] = [];
  let prev = 0;
  for (const o of offsets) {
    if (o > prev) out.push(buf.subarray(prev, o));
    prev = o;
  }
  out.push(buf.subarray(prev));
  return out;
}

function scriptBody(script: ResponseScript): Buffer | Buffer[] {
  if (script.chunks) return script.chunks.map((c) => Buffer.from(c, 'utf8'));
  if (script.bodyBase64 !== undefined) return Buffer.from(script.bodyBase64, 'base64');
  let body = script.body ?? '';
  if (script.repeat) body = body.split(script.repeat.marker).join(script.repeat.unit.repeat(script.repeat.count));
  return Buffer.from(body, 'utf8');
}

/** Sends a script on a response; resolves when the response ended, was held until the client left, or reset. */
export async function sendScript(
  res: http.ServerResponse,
  script: ResponseScript,
  requestId: string,
  onReset?: () => void,
  onWrite?: () => void,
): Promise<void> {
  if (script.headersDelayMs) await delay(script.headersDelayMs);
  if (res.destroyed) return;
  const headers: Record<string, string> = {
    'content-type': 'text/event-stream; charset=utf-8',
    'x-oneapi-request-id': requestId,
  };
  for (const [k, v] of Object.entries(script.headers ?? {})) {
    const key = k.toLowerCase();
    headers[key] = v;
  }
  const status = script.status ?? 200;
  const body = scriptBody(script);
  const pieces = Array.isArray(body) ? body.filter((b) => b.length > 0) : cutBody(body, script.chunking);
  res.writeHead(status, headers);
  res.flushHeaders();
  const noBody = status === 204 || status === 304;
  if (script.firstByteDelayMs) await delay(script.firstByteDelayMs);
  for (let i = 0; i < pieces.length && !noBody; i++) {
    if (res.destroyed) return;
    if (i > 0 && script.delayMs) await delay(script.delayMs);
    if (res.destroyed) return;
    const ok = res.write(pieces[i]);
    onWrite?.();
    if (!ok) {
      // Wait for drain or close, whichever comes first, and leave no listener behind.
      await new Promise<void>((r) => {
        const done = (): void => {
          res.off('drain', done);
          res.off('close', done);
          r();
        };
        res.once('drain', done);
        res.once('close', done);
      });
    }
  }
  const end = script.end ?? 'close';
  if (end === 'close') {
    res.end();
  } else if (end === 'reset') {
    // Let the written bytes reach the client first, then drop the connection with an RST.
    await delay(30);
    onReset?.();
    const sock = res.socket as (import('node:net').Socket & { resetAndDestroy?: () => void }) | null;
    if (sock?.resetAndDestroy) sock.resetAndDestroy();
    else sock?.destroy();
  } else {
    await new Promise<void>((r) => res.once('close', r));
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ResponseScript {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** new-api's error body: message with its ` (request id: …)` suffix. */
export function newApiError(
  status: number,
  message: string,
  requestId: string,
  type = 'new_api_error',
  code: string | null = null,
): ResponseScript {
  return json(status, { error: { message: `${message} (request id: ${requestId})`, type, param: '', code } });
}

function keyOf(req: http.IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (!auth) return undefined;
  const v = auth.replace(/^Bearer\s+/i, '').trim();
  return v || undefined;
}

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function serveStatic(
  dir: string,
  rel: string,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  requestId: string,
): void {
  const file = path.resolve(dir, '.' + path.posix.normalize('/' + decodeURIComponent(rel)));
  if (!file.startsWith(path.resolve(dir) + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain', 'x-oneapi-request-id': requestId }).end('not found');
    return;
  }
  const size = statSync(file).size;
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range && (range[1] || range[2])) {
    const start = range[1] ? Number(range[1]) : size - Number(range[2]);
    const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (start >= size || start > end) {
      res.writeHead(416, { 'content-range': `bytes */${size}`, 'x-oneapi-request-id': requestId }).end();
      return;
    }
    res.writeHead(206, {
      'content-type': type,
      'content-length': String(end - start + 1),
      'content-range': `bytes ${start}-${end}/${size}`,
      'accept-ranges': 'bytes',
      'x-oneapi-request-id': requestId,
    });
    createReadStream(file, { start, end }).pipe(res);
    return;
  }
  res.writeHead(200, {
    'content-type': type,
    'content-length': String(size),
    'accept-ranges': 'bytes',
    'x-oneapi-request-id': requestId,
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

let builtinsLoaded: Promise<void> | undefined;

/** Loads the built-in scenarios and optional add-on modules (e.g. `video.ts`) once. */
export function loadScenarioModules(): Promise<void> {
  builtinsLoaded ??= (async () => {
    await import('./scenarios');
    for (const mod of ['./video', './images', './completions', './params', './tools', './contextWindow']) {
      try {
        await import(mod);
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw e;
      }
    }
  })();
  return builtinsLoaded;
}

export async function startTestGateway(opts: { port?: number; staticDir?: string } = {}): Promise<TestGateway> {
  await loadScenarioModules();
  const { defaultHandler } = await import('./scenarios');
  const staticDir = opts.staticDir ?? path.resolve(__dirname, '../fixtures/files');
  const requests: RecordedRequest[] = [];
  const queue: ResponseScript[] = [];
  const hits = new Map<string, number>();

  const server = http.createServer({ noDelay: true, keepAliveTimeout: 5000 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      void handle(req, res, body.toString('utf8'), body).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`test gateway failure: ${String(e)}`);
      });
    });
  });

  async function handle(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    bodyText: string,
    body: Buffer,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const requestId = newRequestId();
    if (url.pathname.startsWith('/__control/')) return control(url.pathname, req, res, bodyText);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      headers,
      bodyText,
      receivedAt: Date.now(),
    };
    if (bodyText && (headers['content-type'] ?? '').includes('json')) {
      try {
        rec.json = JSON.parse(bodyText);
      } catch {
        // recorded as text only
      }
    }
    requests.push(rec);
    let serverClosed = false;
    res.on('close', () => {
      if (!res.writableFinished && !serverClosed) rec.closedEarly = true;
    });
    const send = (script: ResponseScript): Promise<void> =>
      sendScript(
        res,
        script,
        requestId,
        () => (serverClosed = true),
        () => (rec.writtenAt ??= []).push(Date.now()),
      );

    if (url.pathname.startsWith('/files/'))
      return serveStatic(staticDir, url.pathname.slice('/files/'.length), req, res, requestId);
    if (url.pathname.startsWith('/attacker'))
      return send({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'recorded' });

    if (url.pathname.startsWith('/v1/')) {
      const key = keyOf(req);
      if (!key || key.startsWith('sk-bad')) {
        return send(newApiError(401, key ? '无效的令牌' : '未提供令牌', requestId));
      }
    }

    const qi = queue.findIndex((s) => (s.path ?? '/v1/chat/completions') === url.pathname);
    if (qi >= 0) {
      rec.scenario = '(enqueued)';
      return send(queue.splice(qi, 1)[0]);
    }

    const model = (rec.json as { model?: unknown } | undefined)?.model;
    let name: string | undefined = headers['x-test-scenario'];
    if (!name && typeof model === 'string' && model.startsWith('scenario:')) name = model.slice('scenario:'.length);
    if (!name && typeof model === 'string') name = modelScenarios.find((m) => m.test(model))?.scenario;
    const ctxBase = { req: rec, raw: { req, res, body }, gateway, requestId };

    const route = routes.find(
      (r) =>
        r.method === rec.method && (typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname)),
    );
    if (name) {
      const found = findScenario(name);
      if (!found)
        return send(
          json(400, { error: { message: `unknown test scenario "${name}"`, type: 'invalid_request_error' } }),
        );
      const n = hits.get(name) ?? 0;
      hits.set(name, n + 1);
      rec.scenario = name;
      const script = await found.handler({ ...ctxBase, hits: n, match: found.match });
      if (script) await send(script);
      return;
    }
    if (route) {
      const script = await route.handler({ ...ctxBase, hits: 0 });
      if (script) await send(script);
      return;
    }
    const script = await defaultHandler({ ...ctxBase, hits: 0 });
    if (script) await send(script);
  }

  function control(p: string, req: http.IncomingMessage, res: http.ServerResponse, bodyText: string): void {
    const reply = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (p === '/__control/enqueue' && req.method === 'POST') {
      try {
        gateway.enqueue(JSON.parse(bodyText) as ResponseScript);
        reply(200, { ok: true, queued: queue.length });
      } catch (e) {
        reply(400, { error: String(e) });
      }
    } else if (p === '/__control/requests' && req.method === 'GET') {
      reply(200, requests);
    } else if (p === '/__control/reset' && req.method === 'POST') {
      gateway.reset();
      reply(200, { ok: true });
    } else {
      reply(404, { error: 'unknown control endpoint' });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const gateway: TestGateway = {
    baseUrl: `${origin}/v1`,
    origin,
    port,
    requests,
    enqueue: (script) => queue.push(script),
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      hits.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return gateway;
}
