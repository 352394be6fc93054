// ReadDeadline: the first-byte and idle limits of a response body, checked only while a read is pending.
import type { TimeoutPhase } from './errors';
import type { Timeouts } from './types';

/**
 * One timer per response instead of one per read. A streamed answer makes a read for every write of the
 * gateway (about 1,000 a second for a fast model); creating and clearing a timer each time cost more CPU
 * than decoding the event (bench/core.bench.ts, paced). Here a read costs two clock reads and a few
 * assignments; the timer wakes at most once per limit and re-arms itself for what is left of it.
 */
export class ReadDeadline {
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer is due (performance.now() ms). */
  private timerAt = 0;
  /** When the pending read times out; 0 while no read is pending (a slow consumer is not a stalled gateway). */
  private due = 0;
  private gotByte = false;
  private disposed = false;

  constructor(
    private readonly timeouts: Timeouts,
    /** Called once, when a read has waited longer than its limit. */
    private readonly onTimeout: (phase: TimeoutPhase) => void,
  ) {}

  /** A read starts: the first-byte limit before any byte arrived, then the idle limit. */
  beforeRead(): void {
    const due = performance.now() + (this.gotByte ? this.timeouts.idleMs : this.timeouts.firstByteMs);
    this.due = due;
    // A timer due later than this read's limit (the first-byte limit is the longer one) is moved earlier.
    if (this.timer === undefined || this.timerAt > due) this.arm(due);
  }

  /** The read returned. */
  afterRead(): void {
    this.gotByte = true;
    this.due = 0;
  }

  dispose(): void {
    this.disposed = true;
    this.due = 0;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(at: number): void {
    if (this.disposed) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(this.fire, Math.max(0, at - performance.now()));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    // No read pending: the next one arms the timer again.
    if (this.due === 0 || this.disposed) return;
    if (performance.now() + 1 >= this.due) {
      this.onTimeout(this.gotByte ? 'idle' : 'firstByte');
      return;
    }
    this.arm(this.due);
  };
}
