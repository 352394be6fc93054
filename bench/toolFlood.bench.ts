// A hostile answer, before and after the answer limits: peak memory and time of the chat session for 20,000 tool calls
// in one answer and for 24 MB of arguments, each run in its own process against the test gateway over loopback.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startTestGateway } from '../test/gateway/server';

interface Figures {
  ms: number;
  cpuMs: number;
  maxRssMB: number;
  ran: number;
  changes: number;
  calls: number;
  status: string;
}

function runChild(mode: 'before' | 'after', baseUrl: string, scenario: string): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'toolFloodChild.ts'), mode, baseUrl, scenario],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Figures) : reject(new Error(err || `exit ${code}`)),
    );
  });
}

export async function run(): Promise<void> {
  const gw = await startTestGateway();
  try {
    // A baseline: the same process answering one plain message, so the figures below can be read as what the flood adds.
    for (const [label, scenario] of [
      ['20,000 tool calls in one answer', 'tools-flood'],
      ['one call with 24 MB of arguments', 'tools-huge-args'],
    ] as const) {
      console.log(`${label} (scenario ${scenario}):`);
      // Alternated, each in a fresh process: before, after, before, after.
      const rows: [string, Figures][] = [];
      for (const mode of ['before', 'after', 'before', 'after'] as const)
        rows.push([mode, await runChild(mode, gw.baseUrl, scenario)]);
      for (const [mode, f] of rows) {
        console.log(
          `  ${mode.padEnd(6)} peak RSS ${f.maxRssMB.toFixed(0).padStart(5)} MB, ${f.ms.toFixed(0).padStart(6)} ms wall, ${f.cpuMs.toFixed(0).padStart(6)} ms CPU; ${f.ran} tools run, ${f.calls} calls kept, ${f.changes} view updates, answer ${f.status}`,
        );
      }
      const med = (mode: string, k: 'maxRssMB' | 'ms') => {
        const v = rows.filter(([m]) => m === mode).map(([, f]) => f[k]);
        return v.reduce((a, b) => a + b, 0) / v.length;
      };
      console.log(
        `  after ÷ before: peak RSS ${(med('after', 'maxRssMB') / med('before', 'maxRssMB')).toFixed(2)}, time ${(med('after', 'ms') / med('before', 'ms')).toFixed(2)} (means of 2)`,
      );
    }
    const base = await runChild('after', gw.baseUrl, 'tools-flood-1');
    console.log(`  baseline (one call, after): peak RSS ${base.maxRssMB.toFixed(0)} MB, ${base.ms.toFixed(0)} ms wall`);
  } finally {
    await gw.close();
  }
}
