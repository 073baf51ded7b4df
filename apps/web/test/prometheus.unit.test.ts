import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  httpTraffic,
  p99Between,
  parsePrometheus,
  ratePerUpstream,
  reading,
  type ServiceReading,
  serviceTrafficBetween,
  serviceTrafficSeries,
} from '../src/ops/prometheus.js';

const text = (
  ordering: number,
  fast: number,
  slow: number,
) => `# HELP gateway_upstream_requests_total Requests
# TYPE gateway_upstream_requests_total counter
gateway_upstream_requests_total{service="gateway",upstream="ordering",outcome="2xx"} ${ordering}
gateway_upstream_requests_total{service="gateway",upstream="ordering",outcome="5xx"} 1
gateway_upstream_requests_total{service="gateway",upstream="catalog",outcome="2xx"} 4
http_request_duration_seconds_bucket{le="0.01",service="gateway",method="GET",route="/api/*",status_code="200"} ${fast}
http_request_duration_seconds_bucket{le="0.1",service="gateway",method="GET",route="/api/*",status_code="200"} ${fast + slow}
http_request_duration_seconds_bucket{le="+Inf",service="gateway",method="GET",route="/api/*",status_code="200"} ${fast + slow}
upstream_endpoints{service="gateway",upstream="catalog",state="healthy"} 2
upstream_endpoints{service="gateway",upstream="catalog",state="ejected"} 1
`;

describe("the console's reading of the gateway's metrics", () => {
  it('parses samples with their labels, skipping comments', () => {
    const samples = parsePrometheus(text(10, 0, 0));
    assert.equal(samples.length, 8);
    assert.deepEqual(samples[0], {
      name: 'gateway_upstream_requests_total',
      labels: { service: 'gateway', upstream: 'ordering', outcome: '2xx' },
      value: 10,
    });
  });

  it('turns two readings into requests per second per upstream, every outcome counted', () => {
    const before = reading(parsePrometheus(text(10, 0, 0)), 0);
    const after = reading(parsePrometheus(text(30, 0, 0)), 2000);
    assert.deepEqual(Object.fromEntries(ratePerUpstream(before, after)), { ordering: 10, catalog: 0 });
    assert.deepEqual(after.endpoints.get('catalog'), { healthy: 2, ejected: 1 });
  });

  it('finds the p99 of the answers in between, interpolated within its bucket, and none when there were none', () => {
    const before = reading(parsePrometheus(text(0, 100, 0)), 0);
    // 98 fast answers and 2 slow ones since: the 99th percentile lies half-way into the 10–100 ms bucket.
    const after = reading(parsePrometheus(text(0, 198, 2)), 1000);
    assert.ok(Math.abs(p99Between(before, after)! - 55) < 1e-9);
    assert.equal(p99Between(after, after), undefined);
  });
});

/** One instance of ordering as its /metrics says it: `fast` answers under 10 ms, `slow` under 100 ms, and probes. */
const instanceText = (fast: number, slow: number, probes = 0) => `# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/orders",status_code="200",service="ordering"} ${fast}
http_requests_total{method="POST",route="/api/orders",status_code="202",service="ordering"} ${slow}
http_requests_total{method="GET",route="/health/ready",status_code="200",service="ordering"} ${probes}
http_requests_total{method="GET",route="/metrics",status_code="200",service="ordering"} ${probes}
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.01",method="GET",route="/api/orders",status_code="200",service="ordering"} ${fast}
http_request_duration_seconds_bucket{le="0.1",method="GET",route="/api/orders",status_code="200",service="ordering"} ${fast}
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/orders",status_code="200",service="ordering"} ${fast}
http_request_duration_seconds_bucket{le="0.01",method="POST",route="/api/orders",status_code="202",service="ordering"} 0
http_request_duration_seconds_bucket{le="0.1",method="POST",route="/api/orders",status_code="202",service="ordering"} ${slow}
http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/orders",status_code="202",service="ordering"} ${slow}
http_request_duration_seconds_bucket{le="0.01",method="GET",route="/health/ready",status_code="200",service="ordering"} ${probes}
http_request_duration_seconds_bucket{le="0.1",method="GET",route="/health/ready",status_code="200",service="ordering"} ${probes}
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/health/ready",status_code="200",service="ordering"} ${probes}
`;

const serviceReading = (
  at: number,
  instances: Record<string, [fast: number, slow: number]>,
): ServiceReading => ({
  at,
  instances: new Map(
    Object.entries(instances).map(([url, [fast, slow]]) => [
      url,
      httpTraffic(parsePrometheus(instanceText(fast, slow))),
    ]),
  ),
});

describe("the console's reading of each service's own metrics", () => {
  it('counts the answers of every route, leaving out health checks and metric scrapes', () => {
    const traffic = httpTraffic(parsePrometheus(instanceText(5, 2, 1_000)));
    assert.equal(traffic.requests, 7);
    assert.deepEqual(Object.fromEntries(traffic.buckets), { 0.01: 5, 0.1: 7, Infinity: 7 });
  });

  it('sums the growth of every instance into requests per second and one p99', () => {
    const before = serviceReading(0, { a: [100, 0], b: [50, 0] });
    // In 2 s: a answered 98 more fast ones, b one fast and one slow. 1 slow in 100: p99 at the 10 ms bound.
    const after = serviceReading(2000, { a: [198, 0], b: [51, 1] });
    const { perSecond, p99 } = serviceTrafficBetween(before, after);
    assert.equal(perSecond, 50);
    assert.ok(Math.abs(p99! - 10) < 1e-9, `p99 ${p99}`);
    // Two slow ones in 100 answers: the 99th lies half-way into the 10–100 ms bucket.
    const slower = serviceReading(4000, { a: [296, 1], b: [51, 2] });
    assert.ok(Math.abs(serviceTrafficBetween(after, slower).p99! - 55) < 1e-9);
  });

  it('counts a restarted instance from zero, and waits for a second reading of a new one', () => {
    const before = serviceReading(0, { a: [500, 10] });
    const after = serviceReading(1000, { a: [3, 1], joined: [900, 90] });
    assert.deepEqual(serviceTrafficBetween(before, after).perSecond, 4);
  });

  it('makes a point per interval, with no p99 where nothing was answered', () => {
    const series = serviceTrafficSeries([
      serviceReading(1000, { a: [10, 0] }),
      serviceReading(3000, { a: [10, 0] }),
      serviceReading(5000, { a: [14, 0] }),
    ]);
    assert.deepEqual(series, { times: [3, 5], perSecond: [0, 2], p99: [null, 9.9] });
  });
});
