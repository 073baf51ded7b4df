/**
 * An open-loop load generator: requests go out at a fixed arrival rate whatever the system does, and each
 * latency is measured from the moment the request was *meant* to be sent. A closed-loop client (send,
 * wait, send again) slows down with the system and so hides its queue (coordinated omission); this one
 * cannot: a stalled system shows up as latency that grows with the stall.
 */

export interface OpenLoopOptions<T> {
  /** Requests per second. */
  rate: number;
  durationMs: number;
  /** Sends request number `index`; a rejection counts as an error sample. */
  request(index: number): Promise<T>;
  /** Called about once a second with what has happened so far (progress lines). */
  onProgress?(progress: OpenLoopProgress): void;
  /** Called with each sample as its request completes (live statistics). */
  onSample?(sample: Sample<T>): void;
}

export interface Sample<T> {
  index: number;
  /** Wall-clock time (ms since the epoch) the request was meant to be sent. */
  intendedAt: number;
  /** From the intended send time until the answer (or the error). */
  latencyMs: number;
  /** The request's own result, or undefined when it failed. */
  value: T | undefined;
  error: unknown;
}

export interface OpenLoopProgress {
  elapsedMs: number;
  sent: number;
  completed: number;
  inFlight: number;
}

/** Runs the schedule to its end and resolves once every request sent has answered. */
export async function openLoop<T>(options: OpenLoopOptions<T>): Promise<Sample<T>[]> {
  if (!(options.rate > 0)) throw new RangeError('rate must be positive');
  const total = Math.max(0, Math.floor((options.rate * options.durationMs) / 1000));
  const intervalMs = 1000 / options.rate;
  const samples: Sample<T>[] = [];
  const pending = new Set<Promise<void>>();
  // Wall-clock and monotonic time taken together: intended times are monotonic offsets from this instant.
  const startedWall = Date.now();
  const startedAt = performance.now();
  let sent = 0;
  let lastProgress = startedAt;

  const send = (index: number) => {
    const intended = startedAt + index * intervalMs;
    const record = (value: T | undefined, error: unknown) => {
      const sample = {
        index,
        intendedAt: startedWall + index * intervalMs,
        latencyMs: performance.now() - intended,
        value,
        error,
      };
      samples.push(sample);
      options.onSample?.(sample);
    };
    const request = Promise.resolve()
      .then(() => options.request(index))
      .then(
        (value) => record(value, undefined),
        (error: unknown) => record(undefined, error ?? new Error('request failed')),
      );
    const tracked = request.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };

  while (sent < total) {
    const now = performance.now();
    // Everything that is due goes out now, even if the timer woke late: the schedule does not slip.
    const due = Math.min(total, Math.floor((now - startedAt) / intervalMs) + 1);
    while (sent < due) send(sent++);
    if (options.onProgress && now - lastProgress >= 1000) {
      lastProgress = now;
      options.onProgress({
        elapsedMs: now - startedAt,
        sent,
        completed: samples.length,
        inFlight: pending.size,
      });
    }
    if (sent >= total) break;
    const nextAt = startedAt + sent * intervalMs;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
  }
  await Promise.all(pending);
  return samples.sort((a, b) => a.index - b.index);
}

/** The p-th percentile (0–100) of `values` by the nearest-rank method; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
