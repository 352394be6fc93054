// Runs the project's test gateway as a separate process and talks to its control API.
import { join } from 'node:path';
import { repoRoot } from './paths';
import { startProcess, type Managed } from './processes';

/** What the gateway recorded about one request (see test/gateway). */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  bodyText: string;
  json?: unknown;
  receivedAt: number;
  closedEarly?: boolean;
}

export interface GatewayProcess {
  /** e.g. http://127.0.0.1:PORT/v1 */
  readonly baseUrl: string;
  readonly origin: string;
  readonly process: Managed;
  requests(): Promise<RecordedRequest[]>;
  enqueue(script: unknown): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startGateway(logFile: string, timeoutMs = 30_000): Promise<GatewayProcess> {
  let buffered = '';
  let announce: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (announce = resolve));
  const proc = startProcess(
    'gateway',
    process.execPath,
    ['--import', 'tsx', join('test', 'gateway', 'main.ts'), '--port', '0'],
    {
      cwd: repoRoot,
      logFile,
      onStdout: (text) => {
        buffered += text;
        const nl = buffered.indexOf('\n');
        if (nl >= 0) announce(buffered.slice(0, nl));
      },
    },
  );
  let timer: NodeJS.Timeout | undefined;
  const line = await Promise.race([
    firstLine,
    proc.exited.then((code) =>
      Promise.reject(new Error(`test gateway exited (${code}) before announcing its address; see ${logFile}`)),
    ),
    new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error('test gateway did not announce its address')), timeoutMs)),
    ),
  ])
    .catch(async (e: unknown) => {
      await proc.stop();
      throw e;
    })
    .finally(() => clearTimeout(timer));
  const info = JSON.parse(line) as { baseUrl: string; origin: string };
  const control = async (path: string, init?: RequestInit): Promise<Response> => {
    const res = await fetch(`${info.origin}/__control/${path}`, init);
    if (!res.ok) throw new Error(`gateway control ${path}: HTTP ${res.status}`);
    return res;
  };
  return {
    baseUrl: info.baseUrl,
    origin: info.origin,
    process: proc,
    requests: async () => (await (await control('requests')).json()) as RecordedRequest[],
    enqueue: async (script) =>
      void (await control('enqueue', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(script),
      })),
    reset: async () => void (await control('reset', { method: 'POST' })),
    stop: () => proc.stop(),
  };
}
