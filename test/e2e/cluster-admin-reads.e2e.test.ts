import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { bearer } from '@bazaar/client';
import {
  dropDatabasesWithPrefix,
  eventually,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { type ClusterProcess, spawnCluster } from '../support/cluster-for-tests.js';
import {
  ADMIN,
  http,
  logIn,
  registerCustomer,
  stockedProducts,
  typedClient,
} from '../support/solo-for-tests.js';

// `npm run cluster` with two ordering processes and two gateway workers: the admin reads that gather what
// each process holds in memory (its metrics, its recent spans) must ask both ordering processes, whichever
// one the balancer would have picked, and the gateway worker that answers must ask the other one.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('adminreads');
const ORDERS = 4;
// A connection of its own per request: the supervisor hands new connections to the gateway workers in turn,
// so consecutive requests reach both (one kept-alive connection would stay with one worker).
const OWN_CONNECTION = { connection: 'close' };

let cluster: ClusterProcess | undefined;
let adminToken: string;
let orderingUrls: string[];

before(async () => {
  cluster = await spawnCluster({
    args: ['--instances', 'ordering=2,gateway=2'],
    env: { DATABASE_URL: serverUrl, BAZAAR_DB_PREFIX: prefix },
  });
  adminToken = await logIn(typedClient(cluster.url), ADMIN);
  orderingUrls = (await cluster.status())
    .filter((instance) => instance.service === 'ordering')
    .map((instance) => instance.url!)
    .sort();
  assert.equal(orderingUrls.length, 2);
  const gatewayWorkers = (await cluster.status()).filter((instance) => instance.service === 'gateway');
  assert.equal(gatewayWorkers.length, 2);
});
after(async () => {
  const code = await cluster?.stop();
  if (cluster) assert.equal(code, 0, `the supervisor stopped cleanly:\n${cluster.output().slice(-4_000)}`);
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

interface Span {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: string;
  service: string;
  attributes: Record<string, unknown>;
}

/** The spans of every trace `GET /api/admin/traces?orderId=` returns, asked on a connection of its own. */
async function orderTraceSpans(orderId: string): Promise<Span[]> {
  const answer = await http(cluster!.url, 'GET', `/api/admin/traces?orderId=${orderId}`, {
    token: adminToken,
    headers: OWN_CONNECTION,
  });
  assert.equal(answer.status, 200, answer.text);
  assert.deepEqual(answer.body.unreachable, [], 'every process answered');
  return answer.body.items.flatMap((item: { spans: Span[] }) => item.spans);
}

const gatewayServed = (spans: readonly Span[]) =>
  spans.find(
    (span) => span.service === 'gateway' && span.kind === 'server' && span.name === 'POST /api/orders',
  );

describe('admin reads of every instance, on a cluster with two ordering processes and two gateway workers', {
  timeout: 600_000,
}, () => {
  it("traces each order completely, whichever ordering process and gateway worker took it, and lists both ordering processes' metrics", async () => {
    const bazaar = typedClient(cluster!.url);
    const buyer = await registerCustomer(bazaar, 'Cluster');
    const [productId] = await stockedProducts(bazaar, cluster!.url, 1);
    const orderIds: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const placed = await bazaar.POST('/api/orders', {
        headers: { ...bearer(buyer.token), ...OWN_CONNECTION },
        body: {
          items: [{ productId: productId!, quantity: 1 }],
          shippingAddress: {
            name: 'Two',
            line1: '2 Twin Row',
            city: 'Turin',
            postalCode: '10121',
            country: 'IT',
          },
          paymentMethod: { type: 'card', number: '4242424242424242' },
        },
      });
      assert.equal(placed.response.status, 202, JSON.stringify(placed.error));
      orderIds.push(placed.data!.orderId);
    }

    const servedBy = new Set<string>();
    for (const orderId of orderIds) {
      // The gateway's call to ordering names the process it reached; that process's server span must be
      // in the merged trace (asking one process per service would miss it about half the time).
      const trace = await eventually(async () => {
        const spans = await orderTraceSpans(orderId);
        const call = spans.find(
          (span) => span.service === 'gateway' && span.kind === 'client' && span.name === 'POST ordering',
        );
        const handled = spans.find(
          (span) =>
            span.service === 'ordering' && span.kind === 'server' && span.parentSpanId === call?.spanId,
        );
        const confirmed = spans.some((span) => span.name.includes('saga order-fulfilment'));
        return call && handled && confirmed && gatewayServed(spans) ? { call, handled } : undefined;
      }, `the trace of order ${orderId} holds the gateway's request, its call and ordering's handling of it`);
      servedBy.add(String(trace.call.attributes['server.address']));
      // Read again, each read on a new connection so both gateway workers answer: the worker that served the
      // order holds the request's span, and the other one must ask it (one poll that found it is not enough).
      for (let read = 0; read < 4; read++) {
        const spans = await orderTraceSpans(orderId);
        const served = gatewayServed(spans);
        assert.ok(served, `read ${read}: the trace of order ${orderId} holds the gateway's POST /api/orders`);
        assert.equal(served.parentSpanId, null, 'the request is the root of the trace');
        assert.ok(
          spans.some((span) => span.kind === 'client' && span.parentSpanId === served.spanId),
          `read ${read}: with the gateway's call under it`,
        );
      }
    }
    assert.deepEqual(
      [...servedBy].sort(),
      orderingUrls,
      'the balancer spread the orders over both processes, and each one’s spans were found',
    );

    const metrics = await http(cluster!.url, 'GET', '/api/admin/metrics/ordering', { token: adminToken });
    assert.equal(metrics.status, 200, metrics.text);
    const instances: { instance: string; state: string; metrics?: string; error?: string }[] =
      metrics.body.instances;
    assert.deepEqual(instances.map((instance) => instance.instance).sort(), orderingUrls);
    for (const instance of instances) {
      assert.equal(instance.error, undefined, `${instance.instance}: ${instance.error}`);
      // Each process counts the orders it took itself.
      assert.match(
        instance.metrics!,
        /^http_requests_total\{[^}]*method="POST",route="\/api\/orders",status_code="202"[^}]*\} [1-9]/m,
        instance.instance,
      );
    }
  });

  it("lists the gateway's latest requests from both workers, whichever one answers", async () => {
    // Requests with a trace id of the test's own (the gateway continues the caller's traceparent), each on a
    // new connection, so the two workers take turns.
    const REQUESTS = 6;
    const traceIds: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const traceId = randomBytes(16).toString('hex');
      traceIds.push(traceId);
      const answer = await http(cluster!.url, 'GET', '/api/products?limit=1', {
        headers: { ...OWN_CONNECTION, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
      });
      assert.equal(answer.status, 200, answer.text);
    }
    // Each read is a request served too, so it is among the latest of the next read.
    for (let read = 0; read < 4; read++) {
      const answer = await http(cluster!.url, 'GET', `/api/admin/traces?recent=${REQUESTS + read}`, {
        token: adminToken,
        headers: OWN_CONNECTION,
      });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.body.unreachable, []);
      const items: { traceId: string; spans: Span[] }[] = answer.body.items;
      assert.deepEqual(
        items
          .map((item) => item.traceId)
          .filter((traceId) => traceIds.includes(traceId))
          .sort(),
        [...traceIds].sort(),
        `read ${read}: every one of the latest requests, whichever worker served it`,
      );
      assert.deepEqual(
        items
          .filter((item) => !traceIds.includes(item.traceId))
          .map((item) => item.spans.find((span) => span.kind === 'server')?.name),
        Array(read).fill('GET /api/admin/traces'),
      );
    }
  });
});
