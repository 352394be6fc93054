// From the gateway's answer to the image on screen, for a 1 MB and a 4 MB image, both answer shapes.
//
// The gateway (in this process, so one clock) answers `POST /images/generations` with one noise PNG of the size
// (noise does not compress: the file is as large as asked). Timed per run, from the moment the gateway wrote its
// answer: the client reading and parsing it (b64_json decoded, or the signed URL downloaded under the fetch policy)
// and the file written (`saved`); then the image shown in headless Chromium, the engine of VS Code's webviews,
// loaded from the file through a local HTTP route, as the preview and the chat webviews load it through their
// resource route. "On screen" is the image decoded and a frame rendered after it. Medians of the runs.
import * as http from 'node:http';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createGatewayClient } from '../src/core';
import { saveImages } from '../src/core/image';
import { fetchPolicyFor } from '../src/core/net';
import { startTestGateway } from '../test/gateway/server';

const ROOT = path.resolve(__dirname, '..');
const RUNS = 5;
const SIZES = [1024 * 1024, 4 * 1024 * 1024];

interface Page {
  route(
    url: string,
    handler: (route: { abort(): Promise<void>; continue(): Promise<void>; request(): { url(): string } }) => unknown,
  ): Promise<void>;
  setContent(html: string): Promise<void>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}
interface Browser {
  version(): string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function launch(): Promise<Browser | string> {
  const executablePath = process.env.APPLEROUTER_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath)) return `no Chromium at ${executablePath}`;
  try {
    const req = createRequire(path.join(ROOT, 'test/e2e/package.json'));
    const pw = req('playwright-core') as {
      chromium: { launch(o: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> };
    };
    return await pw.chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
    });
  } catch (e) {
    return `playwright-core is not installed under test/e2e (${String(e)})`;
  }
}

/** Shows `src` in a fresh <img>; resolves once it is decoded and a frame was rendered with it. */
function show(page: Page, src: string): Promise<number> {
  return page.evaluate(async (s) => {
    const img = document.createElement('img');
    document.body.replaceChildren(img);
    img.src = s;
    await img.decode();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return img.naturalWidth;
  }, src);
}

export async function run(): Promise<void> {
  const gw = await startTestGateway();
  const client = createGatewayClient({ baseUrl: gw.baseUrl, apiKey: 'sk-bench', maxRetries: 0 });
  const dir = mkdtempSync(path.join(tmpdir(), 'applerouter-image-bench-'));
  // The stand-in for the webview's resource route: serves the saved files to the page.
  const files = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(readFileSync(file));
  });
  files.listen(0, '127.0.0.1');
  await once(files, 'listening');
  const filesOrigin = `http://127.0.0.1:${(files.address() as { port: number }).port}`;
  const browser = await launch();
  const page = typeof browser === 'string' ? undefined : await browser.newPage();
  if (page) await page.setContent('<!doctype html><html><body></body></html>');
  if (typeof browser === 'string') console.log(`browser figures skipped: ${browser}`);
  else console.log(`Chromium ${browser.version()}, ${RUNS} runs each, medians in ms`);
  console.log('size   shape     answer→saved  saved→on screen  answer→on screen');
  try {
    for (const size of SIZES) {
      for (const shape of ['b64_json', 'url'] as const) {
        const saved: number[] = [];
        const preview: number[] = [];
        for (let i = 0; i < RUNS + 1; i++) {
          const prompt = `bench ${i} [img:${shape === 'url' ? 'bigurl' : 'big'}:${size}]`;
          const answer = await client.generateImages({ model: 'gpt-image-1', prompt });
          const rec = gw.requests.find((r) => (r.json as { prompt?: string } | undefined)?.prompt === prompt)!;
          const answeredAt = rec.writtenAt![0]!;
          const r = await saveImages(answer.images, {
            dir,
            stem: () => `run-${size}-${shape}-${i}`,
            policy: fetchPolicyFor(gw.baseUrl),
          });
          if (r.failures.length)
            throw r.failures[0] instanceof Error ? r.failures[0] : new Error(String(r.failures[0]));
          const savedAt = Date.now();
          let shownAt = Number.NaN;
          if (page) {
            const width = await show(page, `${filesOrigin}/${encodeURIComponent(path.basename(r.files[0]!))}`);
            if (width < 8) throw new Error(`the image did not show (width ${width})`);
            shownAt = Date.now();
          }
          // The first run warms the caches and the JIT; it is not counted.
          if (i === 0) continue;
          saved.push(savedAt - answeredAt);
          preview.push(shownAt - savedAt);
        }
        const mb = `${size / 1024 / 1024} MB`.padEnd(7);
        const s = median(saved);
        const p = median(preview);
        console.log(
          `${mb}${shape.padEnd(10)}${String(s).padStart(12)}${String(p).padStart(17)}${String(s + p).padStart(18)}`,
        );
      }
    }
  } finally {
    if (typeof browser !== 'string') await browser.close();
    files.close();
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
