// At most one write per interval for state that changes often (progress), at once for state that matters (transitions).

export interface ThrottleTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: ThrottleTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class WriteThrottle {
  private last = Number.NEGATIVE_INFINITY;
  private timer: unknown;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly minIntervalMs = 1000,
    private readonly timers: ThrottleTimers = realTimers,
  ) {}

  /** True while a deferred write waits for its interval. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Writes now when the last write is an interval old; otherwise once, when the interval ends (later calls join it). */
  request(): void {
    if (this.timer !== undefined) return;
    const wait = this.last + this.minIntervalMs - this.timers.now();
    if (wait <= 0) {
      this.last = this.timers.now();
      void this.write();
      return;
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.last = this.timers.now();
      void this.write();
    }, wait);
  }

  /** Writes at once, taking any deferred write with it; resolves when written. */
  now(): Promise<void> {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.last = this.timers.now();
    return this.write();
  }

  /** A deferred write is done now (shutdown), so nothing waits on a timer that will never fire. */
  flush(): Promise<void> {
    return this.timer !== undefined ? this.now() : Promise.resolve();
  }
}
