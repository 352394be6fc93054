// One UI test session: the test gateway, code-server with the packaged extension, and a headless browser on it.
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { openBrowser, type BrowserSession } from './browser';
import {
  installVsix,
  makeRunFolders,
  startCodeServer,
  writeEmptyLanguagePack,
  writeUserSettings,
  type CodeServer,
  type RunFolders,
} from './codeServer';
import { startGateway, type GatewayProcess } from './gateway';
import { resultsRoot, runsRoot } from './paths';
import { pruneStaleRuns } from './processes';
import { ensureVsix } from './vsix';
import { Workbench } from './workbench';

export interface SessionOptions {
  /** Names the run folder and, on failure, the folder under test-results/. */
  name: string;
  /** Extra user settings; `applerouter.baseUrl` already points at the test gateway. */
  userSettings?: (gateway: GatewayProcess) => Record<string, unknown>;
  /** Files to create in the workspace folder, by relative path (e.g. `.vscode/settings.json`). */
  workspaceFiles?: (gateway: GatewayProcess) => Record<string, string>;
  /** VS Code's `argv.json` (read from the user-data folder's `User/` at start), e.g. `{ locale: 'zh-cn' }`. */
  argv?: Record<string, unknown>;
  /** Wait for this activity-bar entry before handing over (omit while the extension contributes no view). */
  activityTitle?: string;
  /** Makes what `workspaceFiles` cannot: symbolic links, FIFOs, files beside the workspace folder. */
  prepareWorkspace?: (workspace: string) => void;
  /**
   * Starts the workbench with workspace trust on and the folder not trusted (Restricted Mode, no startup prompt);
   * by default trust is turned off.
   */
  restrictedMode?: boolean;
  /** Further `.vsix` files installed next to ours (e.g. a test extension that registers a tool). */
  extraExtensions?: string[];
}

export interface Session {
  readonly gateway: GatewayProcess;
  readonly server: CodeServer;
  readonly browser: BrowserSession;
  readonly page: Page;
  readonly wb: Workbench;
  readonly folders: RunFolders;
  /**
   * Runs one test body with its own deadline; on failure or timeout it saves a screenshot and marks the session
   * so that `close()` keeps the logs. The deadline defaults to 120 s: generous, so a slow or busy machine does not fail a step that
   * would pass, while a hang still ends the step.
   */
  step<T>(name: string, body: () => Promise<T>, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const safe = (s: string) => s.replace(/[^\w.-]+/g, '_').slice(0, 80);

export async function startSession(opts: SessionOptions): Promise<Session> {
  pruneStaleRuns(runsRoot);
  const vsix = ensureVsix();
  const runDir = join(runsRoot, `${safe(opts.name)}-${process.pid}-${Date.now()}`);
  const folders = makeRunFolders(runDir);
  const failDir = join(resultsRoot, safe(opts.name));
  let failed = false;
  let gateway: GatewayProcess | undefined;
  let server: CodeServer | undefined;
  let browser: BrowserSession | undefined;

  const keepEvidence = async (label: string, error: unknown) => {
    failed = true;
    mkdirSync(failDir, { recursive: true });
    appendFileSync(
      join(failDir, 'errors.txt'),
      `── ${label}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`,
    );
    if (browser) {
      await browser.page
        .screenshot({ path: join(failDir, `${safe(label)}.png`), animations: 'disabled', timeout: 10_000 })
        .catch(() => undefined);
    }
  };

  const close = async () => {
    const stops = [browser?.close(), server?.stop(), gateway?.stop()];
    await Promise.allSettled(stops);
    if (failed) {
      mkdirSync(failDir, { recursive: true });
      if (existsSync(folders.logs)) cpSync(folders.logs, join(failDir, 'logs'), { recursive: true });
      // VS Code's own logs (extension host, the extension's output channel) live under the user data folder.
      const vscodeLogs = join(folders.userData, 'logs');
      if (existsSync(vscodeLogs)) cpSync(vscodeLogs, join(failDir, 'vscode-logs'), { recursive: true });
      process.stderr.write(`kept screenshots and logs of ${opts.name} in ${failDir}\n`);
    }
    rmSync(runDir, { recursive: true, force: true });
  };

  try {
    rmSync(failDir, { recursive: true, force: true });
    gateway = await startGateway(join(folders.logs, 'gateway.log'));
    const trust = opts.restrictedMode
      ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
      : {};
    writeUserSettings(folders, {
      'applerouter.baseUrl': gateway.baseUrl,
      ...trust,
      ...(opts.userSettings?.(gateway) ?? {}),
    });
    if (opts.argv) writeFileSync(join(folders.userData, 'User', 'argv.json'), JSON.stringify(opts.argv, null, 2));
    const locale = opts.argv?.locale;
    if (typeof locale === 'string' && !locale.startsWith('en')) writeEmptyLanguagePack(folders, locale);
    for (const [rel, text] of Object.entries(opts.workspaceFiles?.(gateway) ?? {})) {
      mkdirSync(dirname(join(folders.workspace, rel)), { recursive: true });
      writeFileSync(join(folders.workspace, rel), text);
    }
    opts.prepareWorkspace?.(folders.workspace);
    // A copy, so a concurrent rebuild of the package cannot change it mid-install.
    const vsixCopy = join(runDir, 'applerouter-chat.vsix');
    copyFileSync(vsix, vsixCopy);
    installVsix(folders, vsixCopy);
    for (const extra of opts.extraExtensions ?? []) installVsix(folders, extra);
    server = await startCodeServer(folders, { workspaceTrust: opts.restrictedMode === true });
    browser = await openBrowser();
    const consoleLog = join(folders.logs, 'browser-console.log');
    browser.page.on('console', (m) => appendFileSync(consoleLog, `[${m.type()}] ${m.text()}\n`));
    browser.page.on('pageerror', (e) => appendFileSync(consoleLog, `[pageerror] ${e.message}\n`));
    await browser.page.goto(server.workbenchUrl());
    const wb = new Workbench(browser.page);
    await wb.ready(opts.activityTitle);
    const b = browser;
    const s = server;
    const g = gateway;
    return {
      gateway: g,
      server: s,
      browser: b,
      page: b.page,
      wb,
      folders,
      async step(name, body, timeoutMs = 120_000) {
        let timer: NodeJS.Timeout | undefined;
        try {
          const result = await Promise.race([
            body(),
            new Promise<never>(
              (_, reject) =>
                (timer = setTimeout(() => reject(new Error(`"${name}" timed out after ${timeoutMs} ms`)), timeoutMs)),
            ),
          ]);
          // APPLEROUTER_E2E_SCREENSHOTS=1 keeps a picture of every passing step too, for people to look at.
          if (process.env.APPLEROUTER_E2E_SCREENSHOTS) await wb.screenshot(join(failDir, `ok-${safe(name)}.png`));
          return result;
        } catch (e) {
          await keepEvidence(name, e);
          await wb.dismissOverlays().catch(() => undefined);
          throw e;
        } finally {
          clearTimeout(timer);
        }
      },
      close,
    };
  } catch (e) {
    await keepEvidence('session-start', e);
    await close();
    throw e;
  }
}
