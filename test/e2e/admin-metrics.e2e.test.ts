import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  ADMIN,
  http,
  logIn,
  registerCustomer,
  startSoloForTests,
  typedClient,
} from '../support/solo-for-tests.js';

// GET /api/admin/metrics/:service through the gateway of a solo system: each service's own /metrics is
// internal, so this is how an operator (and the console) reads them.
let system: Awaited<ReturnType<typeof startSoloForTests>>;
let adminToken: string;
let customerToken: string;

before(async () => {
  system = await startSoloForTests();
  const bazaar = typedClient(system.url);
  adminToken = await logIn(bazaar, ADMIN);
  customerToken = (await registerCustomer(bazaar, 'Metric')).token;
});
after(async () => {
  await system?.close();
});

describe("a service's own metrics through the gateway", () => {
  it("gives an admin catalog's Prometheus text from its instance, counting the traffic it served", async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await http(system.url, 'GET', '/api/products?limit=1')).status, 200);
    const answer = await http(system.url, 'GET', '/api/admin/metrics/catalog', { token: adminToken });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.body.service, 'catalog');
    assert.equal(answer.body.instances.length, 1, 'solo mode runs one instance of each service');
    const [instance] = answer.body.instances;
    assert.equal(instance.state, 'healthy');
    assert.match(instance.instance, /^http:\/\/127\.0\.0\.1:\d+$/);
    // catalog's own counter, by its route pattern (the gateway's would say route="/api/*").
    const served =
      /^http_requests_total\{[^}]*route="\/api\/products"[^}]*status_code="200"[^}]*service="catalog"[^}]*\} (\d+)$/m;
    assert.ok(Number(served.exec(instance.metrics)?.[1]) >= 3, instance.metrics.slice(0, 2_000));
    assert.match(instance.metrics, /^http_request_duration_seconds_bucket\{le="0\.005",/m);
  });

  it('keeps only the metric families named in names', async () => {
    // A labelled metric has no sample before its first observation: give ordering some traffic.
    assert.equal((await http(system.url, 'GET', '/api/orders', { token: customerToken })).status, 200);
    const answer = await http(
      system.url,
      'GET',
      '/api/admin/metrics/ordering?names=http_requests_total,http_request_duration_seconds',
      { token: adminToken },
    );
    assert.equal(answer.status, 200, answer.text);
    const names = new Set(
      [...answer.body.instances[0].metrics.matchAll(/^([a-z_]+)[{ ]/gm)].map((match) => match[1]),
    );
    assert.deepEqual([...names].sort(), [
      'http_request_duration_seconds_bucket',
      'http_request_duration_seconds_count',
      'http_request_duration_seconds_sum',
      'http_requests_total',
    ]);
  });

  it('refuses a customer (403) and a caller without a token (401)', async () => {
    const refused = await http(system.url, 'GET', '/api/admin/metrics/catalog', { token: customerToken });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.type, 'urn:bazaar:problem:forbidden');
    assert.equal((await http(system.url, 'GET', '/api/admin/metrics/catalog')).status, 401);
  });

  it('answers 404 with a problem for a service that does not exist, the gateway included', async () => {
    for (const name of ['nonesuch', 'gateway', 'constructor']) {
      const missing = await http(system.url, 'GET', `/api/admin/metrics/${name}`, { token: adminToken });
      assert.equal(missing.status, 404, `${name}: ${missing.text}`);
      assert.equal(missing.body.type, 'urn:bazaar:problem:not-found');
      assert.match(missing.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
  });
});
