// `npm run bench`: runs every bench/*.bench.ts module (each exports `run()` and prints its own figures).
import { readdirSync } from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const names = readdirSync(__dirname)
    .filter((n) => n.endsWith('.bench.ts'))
    .filter((n) => only.length === 0 || only.some((o) => n.startsWith(o)))
    // The core's figures first, then the others in name order.
    .sort((a, b) => (a === 'core.bench.ts' ? -1 : b === 'core.bench.ts' ? 1 : a.localeCompare(b)));
  let failed = 0;
  for (const n of names) {
    console.log(`\n=== ${n} ===`);
    try {
      const mod = (await import(path.join(__dirname, n))) as { run?: () => Promise<void> };
      if (typeof mod.run !== 'function') throw new Error('exports no run()');
      await mod.run();
    } catch (e) {
      failed++;
      console.error(`${n} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  if (failed) process.exitCode = 1;
}

void main();
