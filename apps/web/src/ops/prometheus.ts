// The gateway's /metrics (Prometheus text, documented as public) read in the browser: samples by name and
// labels, and from two readings the request rate per upstream and the p99 of the gateway's own answers.

export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g;

export function parsePrometheus(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      labels[key!] = value!.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

export interface Reading {
  at: number;
  /** Forwarded requests per upstream since start (every outcome). */
  forwarded: Map<string, number>;
  /** The gateway's answer-time histogram, every route together: cumulative count per bucket bound. */
  buckets: Map<number, number>;
  /** Instances per upstream and state (only for upstreams with a balanced pool of several). */
  endpoints: Map<string, Record<string, number>>;
}

export function reading(samples: MetricSample[], at: number): Reading {
  const forwarded = new Map<string, number>();
  const buckets = new Map<number, number>();
  const endpoints = new Map<string, Record<string, number>>();
  for (const sample of samples) {
    if (sample.name === 'gateway_upstream_requests_total') {
      const upstream = sample.labels.upstream ?? '?';
      forwarded.set(upstream, (forwarded.get(upstream) ?? 0) + sample.value);
    } else if (sample.name === 'http_request_duration_seconds_bucket') {
      const le = sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
      buckets.set(le, (buckets.get(le) ?? 0) + sample.value);
    } else if (sample.name === 'upstream_endpoints') {
      const upstream = sample.labels.upstream ?? '?';
      const states = endpoints.get(upstream) ?? {};
      states[sample.labels.state ?? '?'] = sample.value;
      endpoints.set(upstream, states);
    }
  }
  return { at, forwarded, buckets, endpoints };
}

/** Requests per second per upstream between two readings. */
export function ratePerUpstream(before: Reading, after: Reading): Map<string, number> {
  const seconds = Math.max(0.001, (after.at - before.at) / 1000);
  const rates = new Map<string, number>();
  for (const [upstream, total] of after.forwarded)
    rates.set(upstream, Math.max(0, total - (before.forwarded.get(upstream) ?? 0)) / seconds);
  return rates;
}

/**
 * The 99th percentile, in milliseconds, of the answers between two readings, interpolated within its bucket
 * as Prometheus's histogram_quantile does; undefined when nothing was answered in between.
 */
export function p99Between(before: Reading, after: Reading): number | undefined {
  const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
  const delta = bounds.map((le) => (after.buckets.get(le) ?? 0) - (before.buckets.get(le) ?? 0));
  const total = delta.at(-1) ?? 0;
  if (total <= 0) return undefined;
  const rank = 0.99 * total;
  for (let i = 0; i < bounds.length; i++) {
    if (delta[i]! < rank) continue;
    const upper = bounds[i]!;
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    if (!Number.isFinite(upper)) return lower * 1000;
    const below = i === 0 ? 0 : delta[i - 1]!;
    const inBucket = delta[i]! - below;
    return (lower + (upper - lower) * (inBucket === 0 ? 1 : (rank - below) / inBucket)) * 1000;
  }
  return undefined;
}
