/**
 * A retry budget: retries may add at most `ratio` of the requests seen in the last `windowMs` (plus a small
 * floor, so a quiet upstream can still be retried). Per-request attempt limits alone multiply load on a
 * sick upstream by the attempt count exactly when it can least take it; a budget caps the extra load for
 * the whole client at, say, 10 %.
 */
export interface RetryBudgetOptions {
  /** Retries allowed per request seen, e.g. 0.1. */
  ratio: number;
  /** Retries allowed per second whatever the traffic. */
  minPerSecond: number;
  windowMs: number;
  now?: () => number;
}

const BUCKETS = 10;

export class RetryBudget {
  private readonly requests = new Array<number>(BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUCKETS).fill(0);
  private readonly bucketMs: number;
  private bucketStart: number;
  private current = 0;
  private readonly now: () => number;

  constructor(private readonly options: RetryBudgetOptions) {
    if (!(options.ratio >= 0) || !(options.minPerSecond >= 0) || !(options.windowMs > 0))
      throw new RangeError('retry budget: ratio and minPerSecond must be ≥ 0 and windowMs > 0');
    this.now = options.now ?? Date.now;
    this.bucketMs = options.windowMs / BUCKETS;
    this.bucketStart = this.now();
  }

  /** Counts a first attempt (every request, retried or not). */
  recordRequest(): void {
    this.advance();
    this.requests[this.current]! += 1;
  }

  /** Takes one retry from the budget if there is one left; false means: do not retry. */
  tryRetry(): boolean {
    this.advance();
    const allowed =
      this.options.ratio * sum(this.requests) + (this.options.minPerSecond * this.options.windowMs) / 1000;
    if (sum(this.retries) + 1 > allowed) return false;
    this.retries[this.current]! += 1;
    return true;
  }

  snapshot(): { requests: number; retries: number; ratio: number; windowMs: number } {
    this.advance();
    return {
      requests: sum(this.requests),
      retries: sum(this.retries),
      ratio: this.options.ratio,
      windowMs: this.options.windowMs,
    };
  }

  private advance(): void {
    const elapsed = Math.floor((this.now() - this.bucketStart) / this.bucketMs);
    if (elapsed <= 0) return;
    for (let step = 0; step < Math.min(elapsed, BUCKETS); step++) {
      this.current = (this.current + 1) % BUCKETS;
      this.requests[this.current] = 0;
      this.retries[this.current] = 0;
    }
    this.bucketStart += elapsed * this.bucketMs;
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
