import { percentile } from './open-loop.js';

/** Upper bounds (ms) of the latency histogram's buckets: a 1-2-5 log scale; the last one is open. */
export const BUCKET_BOUNDS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000,
] as const;

export interface Bucket {
  /** Inclusive lower bound, ms. */
  from: number;
  /** Exclusive upper bound, ms (Infinity for the last one). */
  to: number;
  count: number;
}

/** Latencies counted into the log-scale buckets (every bucket, empty ones too). */
export function bucketize(latenciesMs: readonly number[]): Bucket[] {
  const buckets: Bucket[] = [...BUCKET_BOUNDS_MS, Number.POSITIVE_INFINITY].map((to, index) => ({
    from: index === 0 ? 0 : BUCKET_BOUNDS_MS[index - 1]!,
    to,
    count: 0,
  }));
  for (const latency of latenciesMs) {
    const index = BUCKET_BOUNDS_MS.findIndex((bound) => latency < bound);
    buckets[index === -1 ? buckets.length - 1 : index]!.count++;
  }
  return buckets;
}

const formatBound = (ms: number) => (ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`);

/** `12ms`, `1.2s`: a latency as a person reads it. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/**
 * A text histogram: one line per bucket from the first to the last non-empty one, a bar scaled to the
 * fullest bucket, its count and share, then the percentiles.
 */
export function formatHistogram(latenciesMs: readonly number[], width = 40): string {
  if (latenciesMs.length === 0) return '  (no requests)';
  const buckets = bucketize(latenciesMs);
  const first = buckets.findIndex((bucket) => bucket.count > 0);
  const last = buckets.length - 1 - [...buckets].reverse().findIndex((bucket) => bucket.count > 0);
  const max = Math.max(...buckets.map((bucket) => bucket.count));
  const total = latenciesMs.length;
  const lines = buckets.slice(first, last + 1).map((bucket) => {
    const label =
      bucket.to === Number.POSITIVE_INFINITY
        ? `≥ ${formatBound(bucket.from)}`
        : `${formatBound(bucket.from)}–${formatBound(bucket.to)}`;
    const bar = bucket.count === 0 ? '' : '█'.repeat(Math.max(1, Math.round((bucket.count / max) * width)));
    const share = ((bucket.count / total) * 100).toFixed(1);
    return `  ${label.padStart(12)} │${bar.padEnd(width)} ${String(bucket.count).padStart(6)}  ${share.padStart(5)}%`;
  });
  const p = (q: number) => formatMs(percentile(latenciesMs, q));
  lines.push(
    `  p50 ${p(50)}  p90 ${p(90)}  p99 ${p(99)}  p99.9 ${p(99.9)}  max ${formatMs(Math.max(...latenciesMs))}  (n=${total})`,
  );
  return lines.join('\n');
}

/** `A 3, B 1`: counts by key, largest first. */
export function formatCounts(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.map(([key, n]) => `${key} ${n}`).join(', ');
}

const sum = (counts: Readonly<Record<string, number>>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** What the progress line shows. */
export interface ProgressSnapshot {
  elapsedMs: number;
  sent: number;
  accepted: number;
  confirmed: number;
  cancelled: Record<string, number>;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Set once the load has ended and the run waits for orders to settle. */
  settling?: { pending: number };
}

/** One line: `[ 12s] sent 600 accepted 598 confirmed 480 cancelled 90 (PAYMENT_DECLINED 60) errors 2 p50 12ms p99 80ms`. */
export function formatProgress(snapshot: ProgressSnapshot): string {
  const cancelled = sum(snapshot.cancelled);
  const reasons = formatCounts(snapshot.cancelled);
  return [
    `[${`${Math.round(snapshot.elapsedMs / 1000)}s`.padStart(4)}]`,
    snapshot.settling ? `settling: ${snapshot.settling.pending} pending;` : '',
    `sent ${snapshot.sent}`,
    `accepted ${snapshot.accepted}`,
    `confirmed ${snapshot.confirmed}`,
    `cancelled ${cancelled}${reasons ? ` (${reasons})` : ''}`,
    `errors ${snapshot.errors}`,
    `p50 ${formatMs(snapshot.p50Ms)} p99 ${formatMs(snapshot.p99Ms)}`,
  ]
    .filter(Boolean)
    .join(' ');
}

/** Everything a load run found: the input of the summary and of the exit code. */
export interface LoadReport {
  target: { rate: number; durationMs: number };
  /** From the first to the last scheduled send (ms): what the achieved rate is measured over. */
  sendSpanMs: number;
  sent: number;
  accepted: number;
  confirmed: number;
  cancelled: Record<string, number>;
  /** Non-202 answers by `status problem-type`, and transport failures by `transport <code>`. */
  errors: Record<string, number>;
  /** Accepted, yet neither in the read model nor found by GET /api/orders/:id. */
  lost: string[];
  /** Accepted and still PENDING (or not readable) when the deadline passed. */
  pending: string[];
  /** Settled according to GET /api/orders/:id, but not (yet) so in the read model at the end. */
  readModelBehind: number;
  deadlineMs: number;
  /** From the end of the load until the last accepted order settled; undefined if some never did. */
  settledAfterMs: number | undefined;
  /** The expected outcome by kind and what came of it: `good → CONFIRMED 800`. */
  byKind: Record<string, Record<string, number>>;
  latenciesMs: number[];
}

/** Exit code 1 when an accepted order was lost or is still pending past the deadline. */
export function loadPassed(report: LoadReport): boolean {
  return report.lost.length === 0 && report.pending.length === 0;
}

const SAMPLE = 5;

export function formatSummary(report: LoadReport): string {
  const seconds = report.sendSpanMs / 1000;
  const rate = (n: number) => (seconds > 0 ? (n / seconds).toFixed(1) : '–');
  const cancelled = sum(report.cancelled);
  const errors = sum(report.errors);
  const lines = [
    `sent      ${report.sent} in ${seconds.toFixed(1)} s: ${rate(report.sent)}/s achieved, ${rate(report.accepted)}/s accepted (target ${report.target.rate}/s for ${(report.target.durationMs / 1000).toFixed(0)} s)`,
    `accepted  ${report.accepted}`,
    `confirmed ${report.confirmed}`,
    `cancelled ${cancelled}${cancelled ? `: ${formatCounts(report.cancelled)}` : ''}`,
    `errors    ${errors}${errors ? `: ${formatCounts(report.errors)}` : ''}`,
    `lost      ${report.lost.length}${report.lost.length ? `: ${report.lost.slice(0, SAMPLE).join(', ')}${report.lost.length > SAMPLE ? ', …' : ''}` : ''}`,
    `pending   ${report.pending.length} past the ${(report.deadlineMs / 1000).toFixed(0)} s deadline${report.pending.length ? `: ${report.pending.slice(0, SAMPLE).join(', ')}${report.pending.length > SAMPLE ? ', …' : ''}` : ''}`,
    `settled   ${report.settledAfterMs === undefined ? 'not all' : `all ${(report.settledAfterMs / 1000).toFixed(1)} s after the load ended`}${report.readModelBehind ? ` (${report.readModelBehind} not yet in the read model)` : ''}`,
    'by kind   ' +
      Object.entries(report.byKind)
        .map(([kind, outcomes]) => `${kind} → ${formatCounts(outcomes) || 'none'}`)
        .join('; '),
  ];
  lines.push(loadPassed(report) ? 'result    PASS (nothing lost, nothing pending)' : 'result    FAIL');
  return lines.join('\n');
}
