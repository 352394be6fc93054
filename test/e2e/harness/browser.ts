// Headless Debian Chromium through playwright-core, with a known PID and no traffic off loopback.
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Page } from 'playwright-core';
import { chromiumPath } from './paths';
import { trackPid } from './processes';

export interface BrowserSession {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  readonly pid: number;
  /** Requests that were refused because they left 127.0.0.1. */
  readonly blocked: string[];
  close(): Promise<void>;
}

const args = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function isLoopback(url: string): boolean {
  if (/^(data|blob|about|chrome|devtools):/.test(url)) return true;
  try {
    const u = new URL(url);
    // vscode-webview:// and vscode-file:// resources are served by the workbench itself.
    if (!/^(https?|wss?):$/.test(u.protocol)) return true;
    return u.hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

export async function openBrowser(viewport = { width: 1400, height: 900 }): Promise<BrowserSession> {
  const server: BrowserServer = await chromium.launchServer({ executablePath: chromiumPath, headless: true, args });
  const pid = server.process().pid;
  if (pid === undefined) {
    await server.kill();
    throw new Error('chromium started without a PID');
  }
  const untrack = trackPid(pid);
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const context = await browser.newContext({ viewport });
    const blocked: string[] = [];
    await context.route(
      (url) => !isLoopback(url.href),
      (route) => {
        blocked.push(route.request().url());
        return route.abort('blockedbyclient');
      },
    );
    const page = await context.newPage();
    return {
      browser,
      context,
      page,
      pid,
      blocked,
      async close() {
        await Promise.race([browser.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
        await Promise.race([server.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
        try {
          process.kill(-pid, 0);
          process.kill(-pid, 'SIGKILL');
        } catch {
          // gone
        }
        untrack();
      },
    };
  } catch (e) {
    await server.kill();
    untrack();
    throw e;
  }
}
