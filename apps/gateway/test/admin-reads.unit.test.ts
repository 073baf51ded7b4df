import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keepFamilies } from '../src/admin/metrics-route.js';
import { unreachableInstances } from '../src/admin/traces-route.js';
import { UpstreamStatusError } from '../src/proxy/upstream.js';

const METRICS = `# HELP http_requests_total HTTP requests handled
# TYPE http_requests_total counter
http_requests_total{method="GET",route="/api/orders",status_code="200",service="ordering"} 3

# HELP http_request_duration_seconds Time from request received to response sent
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.01",method="GET",route="/api/orders",status_code="200",service="ordering"} 2
http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/orders",status_code="200",service="ordering"} 3
http_request_duration_seconds_sum{method="GET",route="/api/orders",status_code="200",service="ordering"} 0.05
http_request_duration_seconds_count{method="GET",route="/api/orders",status_code="200",service="ordering"} 3

# HELP messaging_published_total Messages published
# TYPE messaging_published_total counter
messaging_published_total{topic="orders",service="ordering"} 7
`;

describe("the admin reads of every instance's memory", () => {
  it('keeps only the named metric families, a histogram with its buckets, sum and count', () => {
    const kept = keepFamilies(METRICS, ['http_request_duration_seconds', 'messaging_published_total']);
    assert.doesNotMatch(kept, /http_requests_total/);
    assert.match(kept, /^# TYPE http_request_duration_seconds histogram$/m);
    assert.equal(kept.match(/^http_request_duration_seconds_(bucket|sum|count)\{/gm)?.length, 4);
    assert.match(kept, /^messaging_published_total\{topic="orders",service="ordering"\} 7$/m);
    assert.equal(keepFamilies(METRICS, ['nothing_here']), '');
  });

  it('names the service when none of its instances answered, and each silent instance when others did', () => {
    const answered = { instance: 'http://127.0.0.1:1', state: 'healthy' as const, value: {} };
    const silent = (port: number) => ({
      instance: `http://127.0.0.1:${port}`,
      state: 'ejected' as const,
      error: new Error('no connection (ECONNREFUSED)'),
    });
    assert.deepEqual(unreachableInstances('ordering', [answered]), []);
    assert.deepEqual(unreachableInstances('ordering', [silent(2), silent(3)]), ['ordering']);
    assert.deepEqual(unreachableInstances('ordering', [answered, silent(2)]), [
      'ordering@http://127.0.0.1:2',
    ]);
    // An instance without the route holds no spans of its own: it is not missing anything.
    const withoutRoute = {
      instance: 'http://127.0.0.1:4',
      state: 'healthy' as const,
      error: new UpstreamStatusError('ordering', '/admin/traces', 404),
    };
    assert.deepEqual(unreachableInstances('ordering', [answered, withoutRoute]), []);
  });
});
