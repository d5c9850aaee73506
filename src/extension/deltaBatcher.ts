// Coalesces a stream of items into batches sent at most once per interval (~10 per second
// for the panel), so the webview gets deltas, never one message per candidate nor the whole
// history per tick. The clock is injectable so tests run without real time.

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export class DeltaBatcher<T> {
  private queue: T[] = [];
  private timer: unknown;
  private lastFlush = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly send: (batch: T[]) => void,
    private readonly intervalMs = 100,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  push(item: T): void {
    this.queue.push(item);
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.scheduler.now());
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Sends what is queued now (e.g. when the run ends), and restarts the interval. */
  flush(): void {
    if (this.timer !== undefined) {
      this.scheduler.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.lastFlush = this.scheduler.now();
    this.send(batch);
  }

  /** Drops anything queued (the receiver went away). */
  dispose(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }

  get pending(): number {
    return this.queue.length;
  }
}
