// Starts code-server (VS Code's real workbench and Node extension host) on loopback with its own folders.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { codeServerEntry, node24 } from './paths';
import { startProcess, type Managed } from './processes';

/** Settings that keep the workbench quiet and small, so tests see only what the extension does. */
export const quietSettings: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
};

export interface RunFolders {
  readonly root: string;
  readonly userData: string;
  readonly extensions: string;
  readonly workspace: string;
  readonly home: string;
  readonly logs: string;
}

/** Creates the folders of one run; code-server's HOME, XDG dirs and TMPDIR all live inside it. */
export function makeRunFolders(
  root: string,
  paths: Partial<Pick<RunFolders, 'userData' | 'extensions' | 'workspace'>> = {},
): RunFolders {
  const f: RunFolders = {
    root,
    userData: paths.userData ?? join(root, 'ud'),
    extensions: paths.extensions ?? join(root, 'ext'),
    workspace: paths.workspace ?? join(root, 'ws'),
    home: join(root, 'home'),
    logs: join(root, 'logs'),
  };
  for (const d of [f.userData, f.extensions, f.workspace, f.home, f.logs, join(f.home, 'tmp')])
    mkdirSync(d, { recursive: true });
  return f;
}

export function writeUserSettings(folders: RunFolders, settings: Record<string, unknown>): string {
  const file = join(folders.userData, 'User', 'settings.json');
  mkdirSync(join(folders.userData, 'User'), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  return file;
}

/**
 * Makes VS Code's server accept `locale` (from argv.json) without a Marketplace language pack: a language-pack
 * entry with no translations of its own, so the workbench's strings stay English while the language, and with
 * it every extension's `package.nls.<locale>.json` and l10n bundle, is `locale`.
 */
export function writeEmptyLanguagePack(folders: RunFolders, locale: string): void {
  const translations = join(folders.root, 'language-pack', `${locale}.i18n.json`);
  mkdirSync(dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ contents: {} }));
  const pack = {
    [locale]: {
      hash: `empty-${locale}`,
      extensions: [{ extensionIdentifier: { id: `applerouter-test.language-pack-${locale}` }, version: '1.0.0' }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  writeFileSync(join(folders.userData, 'languagepacks.json'), JSON.stringify(pack));
}

function envFor(folders: RunFolders, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    HOME: folders.home,
    XDG_CONFIG_HOME: join(folders.home, '.config'),
    XDG_DATA_HOME: join(folders.home, '.local', 'share'),
    XDG_CACHE_HOME: join(folders.home, '.cache'),
    TMPDIR: join(folders.home, 'tmp'),
  };
}

function commonArgs(folders: RunFolders): string[] {
  return [
    '--user-data-dir',
    folders.userData,
    '--extensions-dir',
    folders.extensions,
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/** Installs a packaged extension the way a user would (`--install-extension file.vsix`). */
export function installVsix(folders: RunFolders, vsix: string): void {
  const r = spawnSync(node24, [codeServerEntry, ...commonArgs(folders), '--install-extension', vsix], {
    env: envFor(folders),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly process: Managed;
  readonly folders: RunFolders;
  /** The workbench URL that opens the run's workspace folder; `query` adds parameters such as `payload`. */
  workbenchUrl(query?: Record<string, string>): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Runs the extension-host test payload from the page URL (see hostLauncher.ts). */
  smokeTestDriver?: boolean;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Keep VS Code's workspace trust on (for Restricted Mode tests); by default it is turned off. */
  workspaceTrust?: boolean;
}

export async function startCodeServer(folders: RunFolders, opts: StartOptions = {}): Promise<CodeServer> {
  const port = await freePort();
  const config = join(folders.root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const args = [
    codeServerEntry,
    '--config',
    config,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    ...commonArgs(folders),
    ...(opts.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    ...(opts.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folders.workspace,
  ];
  const proc = startProcess('code-server', node24, args, {
    env: envFor(folders, opts.env),
    logFile: join(folders.logs, 'code-server.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let exited: number | string | undefined;
  void proc.exited.then((c) => (exited = c));
  for (;;) {
    if (exited !== undefined)
      throw new Error(`code-server exited (${exited}); see ${join(folders.logs, 'code-server.log')}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await proc.stop();
      throw new Error('code-server did not answer /healthz in time');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    process: proc,
    folders,
    workbenchUrl: (query = {}) => {
      const q = new URLSearchParams({ folder: folders.workspace, ...query });
      return `${url}/?${q.toString()}`;
    },
    stop: () => proc.stop(),
  };
}
