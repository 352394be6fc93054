// `npm run bench history`: the history at 100, 1,000 and 10,000 conversations, and a 1,000-message conversation opened.
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { HistoryStore } from '../src/core/chat/historyStore';
import { STRING_KEYS, type ConversationView, type WebviewStrings } from '../src/shared/chat/protocol';
import { CHROMIUM_ARGS, locate, type Browser } from './chromiumRenderer';
import { makeConversation, writeStore } from './historyData';
import type { OpenResult, ScrollResult } from './historyWebviewPage';
import { CHAT_STYLESHEETS } from '../src/host/chat/chatStylesheets';

const SIZES = (process.env.HISTORY_BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const TARGETS = { listMs: 50, searchMs: 300, saveMs: 20, paintMs: 150 };

interface Figures {
  size: number;
  buildS: number;
  listColdMs: number;
  listWarmMs: number;
  searchFirstMs: number;
  searchAllMs: number;
  searchHits: number;
  searchWarmMs: number;
  saveMs: number;
  /** CPU time of this process per save: the part of a save that the machine's load does not inflate. */
  saveCpuMs: number;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const r = await fn();
  return [performance.now() - t, r];
}

async function measureSize(size: number): Promise<Figures> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `applerouter-bench-history-${size}-`));
  try {
    await writeStore(dir, size);
    // The first search ever builds the full-text index from every file; it is kept on disk for the next window.
    const builder = new HistoryStore(dir, undefined, { checkFilesAfterMs: Infinity });
    const [buildMs] = await time(() => builder.search('warm up'));
    await builder.flush();
    builder.dispose();

    const listCold: number[] = [];
    const listWarm: number[] = [];
    for (let r = 0; r < 5; r++) {
      const store = new HistoryStore(dir, undefined, { checkFilesAfterMs: Infinity });
      listCold.push((await time(() => store.list()))[0]);
      listWarm.push((await time(() => store.list()))[0]);
      store.dispose();
    }

    // A window's first search: the index is loaded from its shard files, checked against the list, then searched.
    const searchFirst: number[] = [];
    const searchAll: number[] = [];
    const searchWarm: number[] = [];
    let hits = 0;
    for (let r = 0; r < 3; r++) {
      const store = new HistoryStore(dir, undefined, { checkFilesAfterMs: Infinity });
      const t0 = performance.now();
      let firstShown: number | undefined;
      const [all, found] = await time(() =>
        store.search('config server', (partial) => {
          if (partial.length > 0) firstShown ??= performance.now() - t0;
        }),
      );
      searchFirst.push(firstShown ?? all);
      searchAll.push(all);
      hits = found.length;
      searchWarm.push((await time(() => store.search(`error ${['request', 'module', 'path'][r]}`)))[0]);
      store.dispose();
    }

    const store = new HistoryStore(dir, undefined, { checkFilesAfterMs: Infinity });
    await store.list();
    const saves: number[] = [];
    const saveCpu: number[] = [];
    for (let k = 0; k < 15; k++) {
      const conv = makeConversation(size + k);
      const cpu = process.cpuUsage();
      saves.push((await time(() => store.save(conv)))[0]);
      const used = process.cpuUsage(cpu);
      saveCpu.push((used.user + used.system) / 1000);
    }
    await store.flush();
    store.dispose();
    return {
      size,
      buildS: buildMs / 1000,
      listColdMs: median(listCold),
      listWarmMs: median(listWarm),
      searchFirstMs: median(searchFirst),
      searchAllMs: median(searchAll),
      searchHits: hits,
      searchWarmMs: median(searchWarm),
      saveMs: median(saves),
      saveCpuMs: median(saveCpu),
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

function growth(figures: Figures[], key: keyof Figures): string {
  const out: string[] = [];
  for (let i = 1; i < figures.length; i++) {
    const a = figures[i - 1]!;
    const b = figures[i]!;
    out.push((Math.log(Number(b[key]) / Number(a[key])) / Math.log(b.size / a.size)).toFixed(2));
  }
  return out.join(' / ');
}

function printStore(figures: Figures[]): void {
  const fmt = (n: number): string => n.toFixed(n < 10 ? 2 : 1).padStart(9);
  const row = (label: string, key: keyof Figures, target?: number): void => {
    const cells = figures.map((f) => fmt(Number(f[key]))).join('');
    const last = Number(figures[figures.length - 1]![key]);
    const verdict = target === undefined ? '' : last <= target ? `  ≤ ${target} met` : `  ≤ ${target} MISSED`;
    console.log(`${label.padEnd(34)}${cells}   exponent ${growth(figures, key).padEnd(12)}${verdict}`);
  };
  console.log(
    `${'conversations (40 messages each)'.padEnd(34)}${figures.map((f) => String(f.size).padStart(9)).join('')}`,
  );
  row('list, new window (ms)', 'listColdMs', TARGETS.listMs);
  row('list, again (ms)', 'listWarmMs');
  row('first results, new window (ms)', 'searchFirstMs', TARGETS.searchMs);
  row('all results, new window (ms)', 'searchAllMs');
  row('search, index loaded (ms)', 'searchWarmMs');
  row('save one more (ms)', 'saveMs', TARGETS.saveMs);
  row('  of which CPU (ms)', 'saveCpuMs');
  row('full-text index first built (s)', 'buildS');
  console.log(`(first search "config server" found ${figures.map((f) => f.searchHits).join(' / ')} conversations)`);
}

async function measureWebview(): Promise<void> {
  const found = locate();
  if (typeof found === 'string') {
    console.log(`webview: skipped: ${found}`);
    return;
  }
  const esbuild = await import('esbuild');
  const script = (
    await esbuild.build({
      entryPoints: [path.join(__dirname, 'historyWebviewPage.ts')],
      bundle: true,
      write: false,
      minify: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'silent',
    })
  ).outputFiles[0]!.text;
  const css = (
    await Promise.all(CHAT_STYLESHEETS.map((name) => fs.readFile(path.join(__dirname, '..', 'media', name), 'utf8')))
  ).join('\n');
  const strings = Object.fromEntries(STRING_KEYS.map((k) => [k, k])) as WebviewStrings;
  const c = makeConversation(0, 1000);
  const conversation: ConversationView = {
    id: c.id,
    title: c.title,
    model: c.model,
    systemPrompt: '',
    messages: c.messages.map((m) => ({ id: m.id, role: m.role, text: m.text, status: 'done' })),
  };
  let browser: Browser | undefined;
  try {
    browser = await found.playwright.chromium.launch({
      executablePath: found.executablePath,
      headless: true,
      // Exact heap figures (without it Chromium rounds them to hide timing information).
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    });
    const page = await browser.newPage();
    await page.route('**/*', (route) => route.abort());
    // A sidebar-sized view.
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>${css} body{margin:0} #app{width:420px;height:800px;display:flex;flex-direction:column}</style></head><body><div id="app" class="chat-app"></div></body></html>`,
    );
    await page.evaluate((s) => {
      window.applerouterHistoryStrings = s;
    }, strings);
    await page.addScriptTag({ content: script });
    const open = (windowed: boolean): Promise<OpenResult> =>
      page.evaluate(([conv, w]) => window.applerouterHistoryBench.open(conv, w), [
        conversation,
        windowed,
      ] as const) as unknown as Promise<OpenResult>;
    await open(true);
    await open(false);
    const windowed: OpenResult[] = [];
    const whole: OpenResult[] = [];
    // Taken in turn, so a burst of load from elsewhere on the machine hits both alike.
    for (let r = 0; r < 5; r++) {
      windowed.push(await open(true));
      whole.push(await open(false));
    }
    const scrollWhole: ScrollResult = await page.evaluate(() => window.applerouterHistoryBench.scrollToStart());
    await open(true);
    const scrollWindowed: ScrollResult = await page.evaluate(() => window.applerouterHistoryBench.scrollToStart());
    const paint = median(windowed.map((r) => r.paintMs));
    console.log(`\nwebview (Chromium ${browser.version()}, 420×800 view): a 1,000-message conversation opened`);
    console.log(
      `  drawn in part: paints in ${paint.toFixed(1)} ms (${windowed[0]!.drawn} messages drawn)  ≤ ${TARGETS.paintMs} ${paint <= TARGETS.paintMs ? 'met' : 'MISSED'}`,
    );
    console.log(
      `  every message drawn (before): ${median(whole.map((r) => r.paintMs)).toFixed(1)} ms (${whole[0]!.drawn} drawn); ratio ${(median(whole.map((r) => r.paintMs)) / paint).toFixed(1)}×`,
    );
    for (const [label, s] of [
      ['drawn in part', scrollWindowed],
      ['every message drawn', scrollWhole],
    ] as const) {
      console.log(
        `  scrolled to the start, ${label}: at most ${s.maxDrawn} messages drawn, ${s.domNodes} DOM nodes, JS heap ${s.heapOpenMb.toFixed(1)} → ${s.heapScrolledMb.toFixed(1)} MB${s.reachedStart ? '' : ' (did not reach the first message)'}`,
      );
    }
  } catch (e) {
    console.log(`webview: Chromium run failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  } finally {
    await browser?.close().catch(() => undefined);
  }
}

export async function run(): Promise<void> {
  const figures: Figures[] = [];
  for (const size of SIZES) figures.push(await measureSize(size));
  console.log(
    `history store (medians; a new window = a new store on the same folder; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores):`,
  );
  printStore(figures);
  await measureWebview();
}
