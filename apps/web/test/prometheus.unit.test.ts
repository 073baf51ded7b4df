import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { p99Between, parsePrometheus, ratePerUpstream, reading } from '../src/ops/prometheus.js';

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
