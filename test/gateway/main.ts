// `npm run gateway [-- --port N]`: starts the test gateway and prints its address as one JSON line.
import { startTestGateway } from './server';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--port');
  const port = i >= 0 ? Number(process.argv[i + 1]) : 8787;
  const staticIdx = process.argv.indexOf('--static');
  const gw = await startTestGateway({ port, ...(staticIdx >= 0 ? { staticDir: process.argv[staticIdx + 1] } : {}) });
  process.stdout.write(`${JSON.stringify({ baseUrl: gw.baseUrl, origin: gw.origin })}\n`);
  process.stderr.write(`test gateway listening on ${gw.baseUrl} (any key works; keys starting "sk-bad" are refused)\n`);
  const stop = (): void => {
    void gw.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
