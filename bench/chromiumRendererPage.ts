// Browser side of the renderer bench: the chat's renderer driven frame by frame inside Chromium.
/// <reference lib="dom" />
import { IncrementalRenderer, renderFull } from '../src/webview/chat/incrementalRenderer';
import { createMarkdownKit, type MarkdownKit, type RendererStrings } from '../src/webview/chat/markdownKit';

/** One run's figures, all from performance.now() on the page's main thread. */
export interface PageResult {
  /** Time inside the renderer for the whole answer (every append/render and the final finish). */
  totalMs: number;
  lastRenderMs: number;
  /** Median of the final `late` renders. */
  lateMedianMs?: number;
  /** For a sampled naive run: how many frames were actually rendered. */
  sampled?: number;
  /** Main-thread CPU time of the whole run, filled in by the driver from Chromium's own metrics. */
  cpuMs?: number;
}

export interface BenchPage {
  /** Frames for the next runs, loaded apart so that passing them is not part of any measured call. */
  load(frames: string[]): void;
  /** Collects garbage and sets up an empty container, outside the measured calls. */
  prepare(): void;
  incremental(late: number): PageResult;
  naive(samples: number): PageResult;
  /** The page's performance.now() resolution, in ms (Chromium coarsens it outside cross-origin isolation). */
  clockResolutionMs(): number;
}

declare global {
  interface Window {
    applerouterBench: BenchPage;
    applerouterBenchStrings: RendererStrings;
    gc?: () => void;
  }
}

let kit: MarkdownKit | undefined;
let frames: string[] = [];
let container: HTMLElement | undefined;

function freshContainer(): HTMLElement {
  if (!container) throw new Error('prepare() first');
  const c = container;
  container = undefined;
  return c;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

window.applerouterBench = {
  load(f) {
    frames = f;
  },

  prepare() {
    document.body.replaceChildren();
    window.gc?.();
    kit ??= createMarkdownKit(window, window.applerouterBenchStrings);
    container = document.createElement('div');
    document.body.appendChild(container);
  },

  incremental(late) {
    const container = freshContainer();
    const renderer = new IncrementalRenderer(container, kit!);
    const lateTimes: number[] = [];
    let total = 0;
    for (let i = 0; i < frames.length; i++) {
      const t0 = performance.now();
      renderer.append(frames[i]!);
      const t1 = performance.now();
      renderer.render();
      const t2 = performance.now();
      total += t2 - t0;
      if (i >= frames.length - late) lateTimes.push(t2 - t1);
    }
    const t0 = performance.now();
    renderer.finish();
    total += performance.now() - t0;
    return { totalMs: total, lastRenderMs: lateTimes[lateTimes.length - 1]!, lateMedianMs: median(lateTimes) };
  },

  naive(samples) {
    const container = freshContainer();
    const picks = new Set<number>();
    if (samples <= 0 || samples >= frames.length) frames.forEach((_, i) => picks.add(i));
    else for (let k = 0; k < samples; k++) picks.add(Math.round(((k + 1) * (frames.length - 1)) / samples));
    let acc = '';
    let sum = 0;
    let last = 0;
    for (let i = 0; i < frames.length; i++) {
      acc += frames[i]!;
      if (!picks.has(i)) continue;
      const t0 = performance.now();
      container.replaceChildren(renderFull(kit!, acc));
      const dt = performance.now() - t0;
      sum += dt;
      if (i === frames.length - 1) last = dt;
    }
    const all = picks.size === frames.length;
    return {
      totalMs: all ? sum : (sum / picks.size) * frames.length,
      lastRenderMs: last,
      ...(all ? {} : { sampled: picks.size }),
    };
  },

  clockResolutionMs() {
    let best = Infinity;
    for (let k = 0; k < 50; k++) {
      const a = performance.now();
      let b = performance.now();
      while (b === a) b = performance.now();
      best = Math.min(best, b - a);
    }
    return best;
  },
};
