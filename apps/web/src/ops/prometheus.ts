// Prometheus text read in the browser: the gateway's own /metrics (public), and each service's own, which the
// console gets from GET /api/admin/metrics/:service, one text per instance. From two readings: the request
// rate per upstream and the gateway's p99; per service its requests per second and p99, over its instances.

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

/** Adds a histogram bucket sample (`le` its upper bound) to cumulative counts per bound. */
function addBucket(buckets: Map<number, number>, sample: MetricSample): void {
  const le = sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
  buckets.set(le, (buckets.get(le) ?? 0) + sample.value);
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
      addBucket(buckets, sample);
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

/** The gateway's p99 (ms) between two readings, every route together; undefined when nothing was answered. */
export function p99Between(before: Reading, after: Reading): number | undefined {
  const delta = new Map<number, number>();
  for (const [le, count] of after.buckets) delta.set(le, count - (before.buckets.get(le) ?? 0));
  return p99OfBuckets(delta);
}

/**
 * The 99th percentile, in milliseconds, of the answers counted in `delta` (cumulative count per bucket
 * bound, as in a histogram, over some interval), interpolated within its bucket as Prometheus's
 * histogram_quantile does; undefined when it counts no answer.
 */
export function p99OfBuckets(delta: ReadonlyMap<number, number>): number | undefined {
  const bounds = [...delta.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => delta.get(le) ?? 0);
  const total = counts.at(-1) ?? 0;
  if (total <= 0) return undefined;
  const rank = 0.99 * total;
  for (let i = 0; i < bounds.length; i++) {
    if (counts[i]! < rank) continue;
    const upper = bounds[i]!;
    const lower = i === 0 ? 0 : bounds[i - 1]!;
    if (!Number.isFinite(upper)) return lower * 1000;
    const below = i === 0 ? 0 : counts[i - 1]!;
    const inBucket = counts[i]! - below;
    return (lower + (upper - lower) * (inBucket === 0 ? 1 : (rank - below) / inBucket)) * 1000;
  }
  return undefined;
}

/** One service instance's HTTP answers since it started, from its own RED metrics (service-host). */
export interface HttpTraffic {
  /** `http_requests_total`, every route and status together. */
  requests: number;
  /** `http_request_duration_seconds`: cumulative count per bucket bound, every route together. */
  buckets: Map<number, number>;
}

// Health checks and metric scrapes (the balancer's, the console's own) are not the traffic an operator
// watches: counted, they would make an idle service look busy and fast.
const PROBE_ROUTE = /^\/(health|metrics)(\/|$)/;

export function httpTraffic(samples: readonly MetricSample[]): HttpTraffic {
  let requests = 0;
  const buckets = new Map<number, number>();
  for (const sample of samples) {
    if (PROBE_ROUTE.test(sample.labels.route ?? '')) continue;
    if (sample.name === 'http_requests_total') requests += sample.value;
    else if (sample.name === 'http_request_duration_seconds_bucket') addBucket(buckets, sample);
  }
  return { requests, buckets };
}

/** One service at one moment: the traffic of each instance that answered, by instance URL. */
export interface ServiceReading {
  at: number;
  instances: Map<string, HttpTraffic>;
}

const answered = (traffic: HttpTraffic) => traffic.buckets.get(Number.POSITIVE_INFINITY) ?? 0;

/**
 * A service's requests per second and p99 (ms) between two readings: each instance's growth, summed. An
 * instance whose counts went down restarted in between (its counts are all new); one without an earlier
 * reading (it just joined, or did not answer then) waits for the next interval.
 */
export function serviceTrafficBetween(
  before: ServiceReading,
  after: ServiceReading,
): { perSecond: number; p99: number | undefined } {
  const seconds = Math.max(0.001, (after.at - before.at) / 1000);
  let requests = 0;
  const delta = new Map<number, number>();
  for (const [instance, now] of after.instances) {
    const then = before.instances.get(instance);
    if (!then) continue;
    const restarted = now.requests < then.requests || answered(now) < answered(then);
    requests += restarted ? now.requests : now.requests - then.requests;
    for (const [le, count] of now.buckets)
      delta.set(le, (delta.get(le) ?? 0) + (restarted ? count : count - (then.buckets.get(le) ?? 0)));
  }
  return { perSecond: requests / seconds, p99: p99OfBuckets(delta) };
}

/** Chart data from consecutive readings of one service: times in seconds, a point per interval. */
export function serviceTrafficSeries(readings: readonly ServiceReading[]): {
  times: number[];
  perSecond: number[];
  p99: (number | null)[];
} {
  const times: number[] = [];
  const perSecond: number[] = [];
  const p99: (number | null)[] = [];
  for (let i = 1; i < readings.length; i++) {
    const between = serviceTrafficBetween(readings[i - 1]!, readings[i]!);
    times.push(readings[i]!.at / 1000);
    perSecond.push(between.perSecond);
    p99.push(between.p99 ?? null);
  }
  return { times, perSecond, p99 };
}
