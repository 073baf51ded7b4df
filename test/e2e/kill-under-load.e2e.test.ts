import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkInvariants,
  formatInvariants,
  httpClient,
  openLoop,
  placeOrder,
  prepareShop,
} from '@bazaar/cli';
import {
  contractCheckingMiddleware,
  dropDatabasesWithPrefix,
  freePort,
  type SoloProcess,
  spawnSolo,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { ADMIN } from '../support/solo-for-tests.js';

// npm start's system runs as a child process on the test server and takes an open-loop stream of orders;
// in the middle of it the whole process is SIGKILLed — with commands, replies and mails claimed by its
// consumers and not yet handled — and started again. Leases are set to ten minutes, so nothing may wait
// for one: what the dead process had claimed must come back with its session, and every invariant of
// DESIGN.md §6 must hold within RECOVERY_MS of the restarted system being ready.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('killload');
const RECOVERY_MS = 5_000;
let current: SoloProcess | undefined;

const env: NodeJS.ProcessEnv = {
  DATABASE_URL: serverUrl,
  BAZAAR_DB_PREFIX: prefix,
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  BUS_LEASE_MS: String(10 * 60_000),
};

after(async () => {
  if (current && current.child.exitCode === null && current.child.signalCode === null) {
    current.child.kill('SIGTERM');
    await current.exited;
  }
  if (!process.env.KEEP_DBS) await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('kill -9 of the whole system under load', { timeout: 300_000 }, () => {
  it('hands back what the dead process had taken at once: the invariants hold within seconds of the restart', async () => {
    const port = await freePort();
    current = spawnSolo({ port, env });
    await current.ready();
    const client = httpClient(`http://127.0.0.1:${port}`, {
      timeoutMs: 5_000,
      middleware: [contractCheckingMiddleware()],
    });
    try {
      const shop = await prepareShop(client, {
        admin: ADMIN,
        buyers: 4,
        products: 10,
        unitsPerProduct: 10_000,
      });
      const killed = current;
      // Orders at a fixed rate for 5 s; the process dies 3 s in, with sagas at every step.
      const load = openLoop({
        rate: 25,
        durationMs: 5_000,
        request: (index) =>
          placeOrder(
            client,
            shop.buyers[index % shop.buyers.length]!,
            shop.productIds[index % shop.productIds.length]!,
          ),
      });
      await sleep(3_000);
      killed.child.kill('SIGKILL');
      await killed.exited;
      const samples = await load;
      const accepted = samples.filter((sample) => sample.value?.status === 202).length;
      assert.ok(accepted >= 15, `orders were accepted before the kill (${accepted})`);

      current = spawnSolo({ port, env });
      await current.ready();
      const readyAt = performance.now();
      let results = await checkInvariants(serverUrl, prefix);
      while (!results.every((result) => result.ok) && performance.now() - readyAt < RECOVERY_MS) {
        await sleep(200);
        results = await checkInvariants(serverUrl, prefix);
      }
      const recoveredMs = performance.now() - readyAt;
      console.log(
        `${accepted} orders accepted before the kill; invariants held ${recoveredMs.toFixed(0)} ms after ready`,
      );
      console.log(formatInvariants(results));
      assert.ok(
        results.every((result) => result.ok),
        `the invariants did not hold within ${RECOVERY_MS} ms of the restart:\n${formatInvariants(results)}`,
      );
    } finally {
      await client.close();
    }
  });
});
