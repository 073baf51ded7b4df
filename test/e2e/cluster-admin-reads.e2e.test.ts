import assert from 'node:assert/strict';
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

// `npm run cluster` with two ordering processes: the admin reads that gather what each process holds in
// memory (its metrics, its recent spans) must ask both, whichever one the balancer would have picked.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('adminreads');
const ORDERS = 4;

let cluster: ClusterProcess | undefined;
let adminToken: string;
let orderingUrls: string[];

before(async () => {
  cluster = await spawnCluster({
    args: ['--instances', 'ordering=2'],
    env: { DATABASE_URL: serverUrl, BAZAAR_DB_PREFIX: prefix },
  });
  adminToken = await logIn(typedClient(cluster.url), ADMIN);
  orderingUrls = (await cluster.status())
    .filter((instance) => instance.service === 'ordering')
    .map((instance) => instance.url!)
    .sort();
  assert.equal(orderingUrls.length, 2);
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

describe('admin reads of every instance, on a cluster with two ordering processes', {
  timeout: 600_000,
}, () => {
  it("traces each order completely, whichever ordering process took it, and lists both processes' metrics", async () => {
    const bazaar = typedClient(cluster!.url);
    const buyer = await registerCustomer(bazaar, 'Cluster');
    const [productId] = await stockedProducts(bazaar, cluster!.url, 1);
    const orderIds: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const placed = await bazaar.POST('/api/orders', {
        headers: bearer(buyer.token),
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
        const answer = await http(cluster!.url, 'GET', `/api/admin/traces?orderId=${orderId}`, {
          token: adminToken,
        });
        assert.equal(answer.status, 200, answer.text);
        assert.deepEqual(answer.body.unreachable, [], 'every process answered');
        const spans: Span[] = answer.body.items.flatMap((item: { spans: Span[] }) => item.spans);
        const call = spans.find(
          (span) => span.service === 'gateway' && span.kind === 'client' && span.name === 'POST ordering',
        );
        const handled = spans.find(
          (span) =>
            span.service === 'ordering' && span.kind === 'server' && span.parentSpanId === call?.spanId,
        );
        const confirmed = spans.some((span) => span.name.includes('saga order-fulfilment'));
        return call && handled && confirmed ? { call, handled } : undefined;
      }, `the trace of order ${orderId} holds the gateway's call and ordering's handling of it`);
      servedBy.add(String(trace.call.attributes['server.address']));
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
});
