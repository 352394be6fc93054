// Starts child processes in their own process group and stops them by process id, also when the test run dies.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, rmSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';

export interface Managed {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<Managed>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the whole process group led by `pid`, so grandchildren (extension hosts, watchers) go too. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return isAlive(pid);
  }
}

/**
 * Spawns `command` as the leader of a new process group. Output goes to `logFile` (appended) when given;
 * `onStdout` sees stdout as text as well.
 */
export function startProcess(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions & { logFile?: string; onStdout?: (text: string) => void } = {},
): Managed {
  const { logFile, onStdout, ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  let log: WriteStream | undefined;
  if (logFile) {
    mkdirSync(dirname(logFile), { recursive: true });
    log = createWriteStream(logFile, { flags: 'a' });
  }
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => {
    log?.write(d);
    onStdout?.(d);
  });
  child.stderr?.on('data', (d: string) => log?.write(d));
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.once('error', (e) => resolve(`error: ${e.message}`));
  });
  const managed: Managed = {
    name,
    pid,
    child,
    exited,
    async stop(graceMs = 5000) {
      if (groupAlive(pid)) {
        signalGroup(pid, 'SIGTERM');
        const deadline = Date.now() + graceMs;
        while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
      live.delete(managed);
      log?.end();
    },
  };
  live.add(managed);
  void exited.then(() => {
    // The leader may exit while its group lives on; stop() still cleans the group up.
    if (!groupAlive(pid)) live.delete(managed);
  });
  return managed;
}

/** Registers a process started elsewhere (e.g. the browser) so an abrupt exit still kills it. */
export function trackPid(pid: number): () => void {
  const fake = { pid } as Managed;
  live.add(fake);
  return () => live.delete(fake);
}

/** Last resort: when the test process is exiting, kill every group still registered, synchronously. */
function killAllNow(): void {
  for (const m of live) signalGroup(m.pid, 'SIGKILL');
  live.clear();
}
process.once('exit', killAllNow);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    killAllNow();
    process.exit(130);
  });
}

/** Removes run folders (named `<name>-<pid>-<time>`) left by test processes that were killed before cleaning up. */
export function pruneStaleRuns(runsRoot: string): void {
  let names: string[];
  try {
    names = readdirSync(runsRoot);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /-(\d+)-\d+$/.exec(name);
    if (m && !isAlive(Number(m[1]))) rmSync(join(runsRoot, name), { recursive: true, force: true });
  }
}
