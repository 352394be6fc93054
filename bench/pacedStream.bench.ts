// Streaming CPU at a realistic pace, measured from outside: a server in a child process writes each event as it falls
// due (1,000 events/s from a 1 ms timer, Nagle off); this process reads them with a bare fetch reader, the core's
// streamChat and the openai SDK, runs alternated, gc before each, median CPU (user+system) per event.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bare, core, sdk, type Receiver } from './core.bench';

const EVENTS = 3_000;
const RATE = 1_000;
const ROUNDS = 3;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function startServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'pacedServer.mjs'), String(EVENTS), String(RATE)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', () => reject(new Error('the paced server exited')));
  });
  const { port } = JSON.parse(line) as { port: number };
  return { child, baseUrl: `http://127.0.0.1:${port}/v1` };
}

/** CPU µs per event of one run. */
async function measure(recv: Receiver, baseUrl: string): Promise<number> {
  gc();
  const cpu0 = process.cpuUsage();
  const n = await recv(baseUrl);
  const cpu = process.cpuUsage(cpu0);
  if (n !== -1 && n !== EVENTS) throw new Error(`expected ${EVENTS} content events, got ${n}`);
  return (cpu.user + cpu.system) / EVENTS;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

export async function run(): Promise<void> {
  const server = await startServer();
  try {
    const names = ['bare', 'core', 'openai'];
    const recvs = [bare, core, sdk];
    for (const r of recvs) await measure(r, server.baseUrl);
    const samples = names.map((): number[] => []);
    for (let round = 0; round < ROUNDS; round++)
      for (let i = 0; i < recvs.length; i++) {
        const k = (i + round) % recvs.length;
        samples[k]!.push(await measure(recvs[k]!, server.baseUrl));
      }
    const us = samples.map(median);
    const [bareUs, coreUs, sdkUs] = us as [number, number, number];
    console.log(
      `paced from outside: ${EVENTS} events at ${RATE}/s, each written as it falls due (1 ms timer, Nagle off), ` +
        `server in a child process; CPU of this process per event, median of ${ROUNDS} alternated runs, gc before each`,
    );
    for (let i = 0; i < names.length; i++)
      console.log(
        `  ${names[i]!.padEnd(8)} ${us[i]!.toFixed(1).padStart(7)} µs CPU/event   runs: ${samples[i]!.map((x) => x.toFixed(1)).join(', ')}`,
      );
    const ratio = bareUs / coreUs;
    const sdkRatio = sdkUs / coreUs;
    console.log(`  bare/core = ${ratio.toFixed(2)} (target ≥ 0.80) ${ratio >= 0.8 ? 'MET' : 'MISSED'}`);
    console.log(`  openai/core = ${sdkRatio.toFixed(2)}× (target ≥ 1.20×) ${sdkRatio >= 1.2 ? 'MET' : 'MISSED'}`);
  } finally {
    server.child.kill();
  }
}
