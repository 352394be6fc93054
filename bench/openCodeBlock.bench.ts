// Open code block bench: a 5,000-line fenced block streamed line by line; the per-frame cost must stay flat.
/// <reference lib="dom" />
import { performance } from 'node:perf_hooks';
import { IncrementalRenderer } from '../src/webview/chat/incrementalRenderer';
import { createDom } from '../test/unit/webview/chat/renderHarness';

const LINES = 5000;
const WINDOW = 200;

function line(i: number): string {
  return `    const value${i} = compute(${i}, "text <b>${i}</b>") * 2; // step ${i} & more\n`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Per-frame times (ms) of the incremental renderer, one line per frame. */
function incremental(): number[] {
  const { document, kit } = createDom();
  const container = document.createElement('div');
  document.body.appendChild(container);
  const r = new IncrementalRenderer(container, kit);
  r.append('Here is the file:\n\n```ts\n');
  r.render();
  const times: number[] = [];
  for (let i = 0; i < LINES; i++) {
    const t0 = performance.now();
    r.append(line(i));
    r.render();
    times.push(performance.now() - t0);
  }
  r.append('```\n');
  r.render();
  r.finish();
  return times;
}

/** What a whole redraw of the open block costs per frame at the start and at the end (sampled: it is quadratic). */
function wholeRedraw(): { start: number; end: number } {
  const { document, kit } = createDom();
  const el = document.createElement('div');
  document.body.appendChild(el);
  let open = '```ts\n';
  const sample = (from: number, count: number): number => {
    const times: number[] = [];
    for (let i = from; i < from + count; i++) {
      const t0 = performance.now();
      el.replaceChildren(kit.sanitize(kit.open.render(open + line(i), {})));
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  for (let i = 0; i < WINDOW; i++) open += line(i);
  const start = sample(WINDOW, 20);
  for (let i = WINDOW; i < LINES - 20; i++) open += line(i);
  const end = sample(LINES - 20, 20);
  return { start, end };
}

export async function run(): Promise<void> {
  // The least of three runs of each window, taken in turn (the machine may be busy with other work).
  const runs = [incremental(), incremental(), incremental()];
  const startMs = Math.min(...runs.map((t) => median(t.slice(0, WINDOW))));
  const endMs = Math.min(...runs.map((t) => median(t.slice(-WINDOW))));
  const whole = wholeRedraw();
  const f = (n: number) => n.toFixed(3);
  console.log(`open code block, ${LINES} lines streamed one line per frame (jsdom):`);
  console.log(
    `  incremental: median per frame over the first ${WINDOW} lines ${f(startMs)} ms, over the last ${WINDOW} lines ${f(endMs)} ms; end ÷ start = ${(endMs / startMs).toFixed(2)} (flat ≈ 1)`,
  );
  console.log(
    `  whole redraw of the open block (before): ${f(whole.start)} ms per frame at line ${WINDOW}, ${f(whole.end)} ms at line ${LINES}; end ÷ start = ${(whole.end / whole.start).toFixed(1)}`,
  );
  console.log(`  at line ${LINES}: whole redraw ÷ incremental = ${(whole.end / endMs).toFixed(0)}×`);
}
