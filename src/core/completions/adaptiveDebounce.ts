// The wait before asking for a completion, adapted to how fast this user types.

export interface DebounceOptions {
  /** Shortest wait (ms). */
  minMs?: number;
  /** Longest wait (ms). */
  maxMs?: number;
  /** Gaps longer than this are pauses, not typing speed (ms). */
  pauseMs?: number;
}

/**
 * Keeps a moving average of the gap between keystrokes. The wait is about twice that gap: a fast typist
 * is not interrupted mid-word by requests that are cancelled one keystroke later, and a slow one does not wait long.
 */
export class AdaptiveDebounce {
  private average: number;
  private last: number | undefined;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly pauseMs: number;

  constructor(options: DebounceOptions = {}) {
    this.minMs = options.minMs ?? 75;
    this.maxMs = options.maxMs ?? 400;
    this.pauseMs = options.pauseMs ?? 1000;
    this.average = 150;
  }

  /** Records a keystroke at `now` (ms). */
  keystroke(now: number): void {
    if (this.last !== undefined) {
      const gap = now - this.last;
      if (gap > 0 && gap < this.pauseMs) this.average = this.average * 0.8 + gap * 0.2;
    }
    this.last = now;
  }

  /** The typical gap between two keystrokes so far (ms). */
  get typicalGapMs(): number {
    return this.average;
  }

  /** How long to wait after the last keystroke before sending a request (ms). */
  delayMs(): number {
    return Math.round(Math.min(this.maxMs, Math.max(this.minMs, this.average * 1.8 + 40)));
  }
}
