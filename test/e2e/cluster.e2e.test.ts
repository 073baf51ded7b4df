import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CLUSTER_SERVICES,
  checkInvariants,
  formatInvariants,
  type HttpClient,
  httpClient,
  prepareShop,
  restartCluster,
  type ShopSetup,
} from '@bazaar/cli';
import { bearer } from '@bazaar/client';
import { SUBSCRIPTIONS } from '@bazaar/contracts';
import { deleteRabbitMqNamespace } from '@bazaar/messaging';
import {
  dropDatabasesWithPrefix,
  seededRandom,
  skipUnless,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import {
  type ClusterProcess,
  restartedInstance,
  spawnCluster,
  steadyTraffic,
} from '../support/cluster-for-tests.js';
import { ADMIN } from '../support/solo-for-tests.js';

// `npm run cluster` with two instances of every service and two gateway workers, on each transport, under
// steady orders and reads: first a kill -9 of a random instance of each service in turn, then a rolling
// restart of every service. What an operator relies on: reads never fail (the gateway retries them on
// another instance; a client retries a connection its gateway worker lost), every accepted order settles,
// DESIGN.md §6's invariants hold, and a rolling restart costs no request at all.
const serverUrl = testDatabaseServerUrl();
const AMQP_URL = process.env.TEST_AMQP_URL || process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const rabbitMqSkip = await skipUnless('rabbitmq');
const INSTANCES = CLUSTER_SERVICES.map((service) => `${service}=2`).join(',');
const random = seededRandom(Number(process.env.TEST_SEED ?? Date.now() % 100_000));
const SETTLE_MS = 90_000;

for (const transport of ['postgres', 'rabbitmq'] as const) {
  describe(`a cluster of two instances per service on ${transport === 'postgres' ? 'the PostgreSQL message store' : 'RabbitMQ'}`, {
    skip: transport === 'rabbitmq' ? rabbitMqSkip : false,
    timeout: 900_000,
  }, () => {
    const prefix = uniqueDatabasePrefix(`cluster_${transport === 'postgres' ? 'pg' : 'mq'}`);
    let cluster: ClusterProcess | undefined;
    let client: HttpClient;
    let shop: ShopSetup;

    before(async () => {
      cluster = await spawnCluster({
        args: ['--instances', INSTANCES, '--transport', transport],
        env: {
          DATABASE_URL: serverUrl,
          BAZAAR_DB_PREFIX: prefix,
          ...(transport === 'rabbitmq' ? { AMQP_URL } : {}),
        },
      });
      // Idle connections are let go after 1 s, before a draining gateway worker (2 s) closes them.
      client = httpClient(cluster.url, { timeoutMs: 15_000, keepAliveTimeoutMs: 1_000 });
      shop = await prepareShop(client, { admin: ADMIN, buyers: 6, products: 8, unitsPerProduct: 100_000 });
    });

    after(async () => {
      await client?.close();
      const code = await cluster?.stop();
      if (cluster)
        assert.equal(code, 0, `the supervisor stopped cleanly:\n${cluster.output().slice(-4_000)}`);
      if (transport === 'rabbitmq')
        await deleteRabbitMqNamespace(
          AMQP_URL,
          prefix,
          SUBSCRIPTIONS.map(({ group }) => group),
        );
      if (!process.env.KEEP_DBS) await dropDatabasesWithPrefix(serverUrl, prefix);
    });

    /** Every accepted order ends CONFIRMED or CANCELLED, and the invariant checker passes. */
    async function assertEverythingSettles(accepted: readonly string[]): Promise<void> {
      const deadline = performance.now() + SETTLE_MS;
      let open = [...accepted];
      while (open.length > 0 && performance.now() < deadline) {
        const statuses = await Promise.all(
          open.map(async (id) => {
            const { data } = await client.api.GET('/api/orders/{id}', {
              params: { path: { id } },
              headers: bearer(shop.admin),
            });
            return data?.status;
          }),
        );
        open = open.filter((_, index) => statuses[index] !== 'CONFIRMED' && statuses[index] !== 'CANCELLED');
        if (open.length > 0) await sleep(500);
      }
      assert.deepEqual(open, [], `accepted orders still not settled after ${SETTLE_MS / 1000} s`);
      let results = await checkInvariants(serverUrl, prefix);
      for (let attempt = 0; attempt < 20 && !results.every((result) => result.ok); attempt++) {
        await sleep(500);
        results = await checkInvariants(serverUrl, prefix);
      }
      assert.ok(
        results.every((result) => result.ok),
        formatInvariants(results),
      );
    }

    it('given steady load, when a random instance of each service in turn is killed -9, then reads never fail, the supervisor restarts it, and every accepted order settles', async () => {
      const traffic = steadyTraffic(client, shop, { ordersPerSecond: 8, readsPerSecond: 16 });
      const killed: string[] = [];
      try {
        await sleep(2_000);
        for (const service of CLUSTER_SERVICES) {
          const instances = (await cluster!.status()).filter((instance) => instance.service === service);
          const victim = instances[Math.floor(random() * instances.length)]!;
          process.kill(victim.pid!, 'SIGKILL');
          killed.push(victim.label);
          const back = await restartedInstance(cluster!, victim.label, victim.pid!);
          assert.ok(back.restarts >= 1, `${victim.label} counts its restart`);
          await sleep(1_500);
        }
      } finally {
        await traffic.stop();
      }
      const reads = traffic.failures.filter((failure) => failure.what !== 'order');
      console.log(
        `killed ${killed.join(', ')}; ${JSON.stringify(traffic.counts())} sent, ${traffic.accepted.length} orders accepted; failed: ${JSON.stringify(traffic.failures)}`,
      );
      assert.deepEqual(reads, [], 'no read failed');
      assert.ok(traffic.accepted.length > 0, 'orders were accepted');
      for (const label of killed)
        assert.match(
          cluster!.output(),
          new RegExp(`${label.replace('#', '\\#')} \\(pid \\d+\\) exited \\(SIGKILL\\); starting it again`),
        );
      await assertEverythingSettles(traffic.accepted);
    });

    it('given steady load, when every service is restarted instance by instance, then not one request fails', async () => {
      const before = await cluster!.status();
      const traffic = steadyTraffic(client, shop, { ordersPerSecond: 8, readsPerSecond: 16 });
      let restart: Awaited<ReturnType<typeof restartCluster>>;
      try {
        await sleep(1_000);
        restart = await restartCluster(cluster!.dataDir, CLUSTER_SERVICES);
        await sleep(1_000);
      } finally {
        await traffic.stop();
      }
      console.log(
        `${JSON.stringify(traffic.counts())} sent during the rolling restart; failed: ${JSON.stringify(traffic.failures)}`,
      );
      assert.ok(restart.ok, restart.report);
      const after = await cluster!.status();
      for (const instance of before) {
        const now = after.find((candidate) => candidate.label === instance.label);
        assert.notEqual(now?.pid, instance.pid, `${instance.label} was replaced`);
        assert.equal(now?.state, 'ready');
      }
      assert.deepEqual(traffic.failures, [], 'no request failed during the rolling restart');
      await assertEverythingSettles(traffic.accepted);
    });
  });
}
