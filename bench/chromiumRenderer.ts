// Runs the renderer bench's workloads in headless Debian Chromium (the engine of the real webview) via playwright-core.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { PageResult, BenchPage } from './chromiumRendererPage';
import type { RendererStrings } from '../src/webview/chat/markdownKit';

const ROOT = path.resolve(__dirname, '..');
/** Same flags as the UI harness (test/e2e/harness/browser.ts); expose-gc lets each run start from a collected heap. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--js-flags=--expose-gc',
];
/** The whole browser part is bounded: past this it is abandoned and reported as skipped. */
const BUDGET_MS = 240_000;

export interface ChromiumWorkload {
  frames: string[];
  /** Naive frames to time (0 = every frame). */
  naiveSamples: number;
}

export interface ChromiumFigures {
  version: string;
  /** Renders in the workload. */
  frames: number;
  clockResolutionMs: number;
  incremental: PageResult[];
  naive: PageResult;
}

/** The little of playwright-core used here (it is installed under test/e2e, outside the root's types). */
interface Page {
  route(url: string, handler: (route: { abort(): Promise<void> }) => unknown): Promise<void>;
  setContent(html: string): Promise<void>;
  addScriptTag(opts: { content: string }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  evaluate<R>(fn: (() => R) | string): Promise<R>;
  context(): { newCDPSession(page: Page): Promise<CdpSession> };
}
interface CdpSession {
  send(method: string, params?: object): Promise<{ metrics?: { name: string; value: number }[] }>;
}
interface Browser {
  version(): string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Playwright {
  chromium: { launch(opts: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> };
}

/** Finds Chromium and playwright-core; a string says why the browser figures cannot be taken. */
function locate(): { executablePath: string; playwright: Playwright } | string {
  const executablePath = process.env.APPLEROUTER_CHROMIUM || '/usr/bin/chromium';
  if (!existsSync(executablePath))
    return `no Chromium at ${executablePath} (apt-get install -y chromium, or set APPLEROUTER_CHROMIUM)`;
  try {
    const req = createRequire(path.join(ROOT, 'test/e2e/package.json'));
    return { executablePath, playwright: req('playwright-core') as Playwright };
  } catch {
    return 'playwright-core is not installed under test/e2e (npm run e2e:install)';
  }
}

async function bundlePage(): Promise<string> {
  const esbuild = await import('esbuild');
  // Minified like the packaged webview bundle; kept in memory.
  const out = await esbuild.build({
    entryPoints: [path.join(__dirname, 'chromiumRendererPage.ts')],
    bundle: true,
    write: false,
    minify: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/**
 * Measures every workload in one browser: a warm-up, then `runs` incremental runs and one naive run per
 * workload. Returns a reason instead of figures when the browser part cannot run; never throws for that.
 */
export async function measureInChromium(
  strings: RendererStrings,
  warmUp: { incremental: string[]; naive: string[] },
  workloads: ChromiumWorkload[],
  opts: { runs: number; late: number },
): Promise<ChromiumFigures[] | string> {
  const found = locate();
  if (typeof found === 'string') return found;
  let browser: Browser | undefined;
  let abandoned = false;
  let timer: NodeJS.Timeout | undefined;
  const work = async (): Promise<ChromiumFigures[]> => {
    const script = await bundlePage();
    browser = await found.playwright.chromium.launch({
      executablePath: found.executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    if (abandoned) await browser.close();
    const version = browser.version();
    const page = await browser.newPage();
    // No network at all: the page is inline and needs nothing else.
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
    await page.evaluate((s) => {
      window.applerouterBenchStrings = s;
    }, strings);
    await page.addScriptTag({ content: script });
    // Chromium's own count of the page's main-thread CPU time: unlike performance.now(), it leaves out the
    // moments the machine's other processes hold the core.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const threadMs = async () =>
      ((await cdp.send('Performance.getMetrics')).metrics ?? []).find((m) => m.name === 'ThreadTime')!.value * 1000;
    const measured = async (expression: string): Promise<PageResult> => {
      await page.evaluate(() => window.applerouterBench.prepare());
      const before = await threadMs();
      const r = await page.evaluate<PageResult>(expression);
      return { ...r, cpuMs: (await threadMs()) - before };
    };
    const clockResolutionMs = await page.evaluate(() => window.applerouterBench.clockResolutionMs());
    await page.evaluate(
      ([inc, nai]) => {
        const b: BenchPage = window.applerouterBench;
        b.load(inc);
        b.prepare();
        b.incremental(1);
        b.load(nai);
        b.prepare();
        b.naive(0);
      },
      [warmUp.incremental, warmUp.naive] as const,
    );
    // Runs go round the sizes in turn, so a burst of load from elsewhere on the machine hits every size alike.
    const incremental: PageResult[][] = workloads.map(() => []);
    for (let r = 0; r < opts.runs; r++) {
      for (const [i, w] of workloads.entries()) {
        await page.evaluate((f) => window.applerouterBench.load(f), w.frames);
        incremental[i]!.push(await measured(`window.applerouterBench.incremental(${opts.late})`));
      }
    }
    const out: ChromiumFigures[] = [];
    for (const [i, w] of workloads.entries()) {
      await page.evaluate((f) => window.applerouterBench.load(f), w.frames);
      const naive = await measured(`window.applerouterBench.naive(${w.naiveSamples})`);
      out.push({ version, frames: w.frames.length, clockResolutionMs, incremental: incremental[i]!, naive });
    }
    return out;
  };
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`did not finish within ${BUDGET_MS / 1000} s`), BUDGET_MS);
  });
  try {
    return await Promise.race([work(), timeout]);
  } catch (e) {
    return `Chromium run failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
  } finally {
    abandoned = true;
    clearTimeout(timer);
    await (browser as Browser | undefined)?.close().catch(() => undefined);
  }
}
