import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInvariants, formatInvariants } from '@bazaar/cli';
import { bearer } from '@bazaar/client';
import {
  dropDatabasesWithPrefix,
  eventually,
  freePort,
  type SoloProcess,
  spawnSolo,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { ADMIN, logIn, registerCustomer, typedClient } from '../support/solo-for-tests.js';

// The system runs as a child process (npm start on the test server). For each saga transition in turn,
// the ordering service is told to SIGKILL its own process during it — inside the uncommitted transaction,
// or a moment later, after the commit — while orders are in flight. Each round starts cleanly first, which
// must finish every saga the previous kill interrupted; at the end every accepted order must be in a
// terminal state with the invariants of DESIGN.md §6 holding.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('crash');

const CRASH_POINTS = [
  { at: 'step-completed:reserve-inventory', card: '4242424242424242', country: 'DE' },
  { at: 'step-completed:capture-payment:25', card: '4242424242424242', country: 'DE' },
  { at: 'step-completed:create-shipment', card: '4242424242424242', country: 'DE' },
  { at: 'step-started:send-confirmation:25', card: '4242424242424242', country: 'DE' },
  // The compensation path: shipping refuses, so the payment is refunded and the stock released.
  { at: 'compensation-started:capture-payment', card: '4242424242424242', country: 'AQ' },
  { at: 'step-compensated:reserve-inventory:25', card: '4000000000000002', country: 'DE' },
] as const;

let port: number;
let current: SoloProcess | undefined;

const env = (crashAt?: string): NodeJS.ProcessEnv => ({
  DATABASE_URL: serverUrl,
  BAZAAR_DB_PREFIX: prefix,
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  BUS_LEASE_MS: '1500',
  SAGA_TIMER_POLL_MS: '100',
  SAGA_COMPENSATION_TIMEOUT_MS: '2000',
  INVENTORY_TIMEOUT_MS: '2000',
  PAYMENT_TIMEOUT_MS: '2000',
  SHIPPING_TIMEOUT_MS: '2000',
  ...(crashAt ? { SAGA_CRASH_AT: crashAt } : {}),
});

async function start(crashAt?: string): Promise<SoloProcess> {
  current = spawnSolo({ port, env: env(crashAt) });
  await current.ready();
  return current;
}

/** Starts with a crash point; resolves false when the process already died of it while resuming old sagas. */
async function startArmed(crashAt: string): Promise<{ system: SoloProcess; up: boolean }> {
  current = spawnSolo({ port, env: env(crashAt) });
  const up = await current.ready().then(
    () => true,
    () => false,
  );
  return { system: current, up };
}

/** The system may be restarting: a failed call is just not there yet. */
const settledOrDown = <T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 60_000) =>
  eventually(() => probe().catch(() => undefined), what, timeoutMs);

after(async () => {
  if (current && current.child.exitCode === null && current.child.signalCode === null) {
    current.child.kill('SIGTERM');
    await current.exited;
  }
  if (!process.env.KEEP_DBS) await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('saga survives its process being killed', { timeout: 600_000 }, () => {
  it('ends every accepted order CONFIRMED or CANCELLED, with the invariants holding, after a kill at each step', async () => {
    port = await freePort();
    const bazaar = typedClient(`http://127.0.0.1:${port}`);

    // A first start creates the databases, the admin and a customer, and lets inventory learn the catalogue.
    let system = await start();
    const account = await registerCustomer(bazaar, 'Kim');
    const page = await bazaar.GET('/api/products', { params: { query: { limit: 3 } } });
    const products = page.data!.items.map((product) => product.id);
    await settledOrDown(async () => {
      const stock = await bazaar.GET('/api/inventory', {
        params: { query: { productIds: products.join(',') } },
      });
      return stock.data!.items.length === products.length ? true : undefined;
    }, 'inventory knows the catalogue');
    system.child.kill('SIGTERM');
    await system.exited;

    const accepted: string[] = [];
    const login = () => logIn(bazaar, account);

    const settleAll = async () => {
      const admin = bearer(await logIn(bazaar, ADMIN));
      for (const orderId of accepted) {
        await settledOrDown(async () => {
          const order = await bazaar.GET('/api/orders/{id}', {
            params: { path: { id: orderId } },
            headers: admin,
          });
          return order.data!.status === 'PENDING' ? undefined : order.data!.status;
        }, `order ${orderId} settles`);
      }
    };

    for (const point of CRASH_POINTS) {
      if (accepted.length > 0) {
        // Recovery first: a clean start finishes every saga the last kill interrupted, so this round's kill
        // lands on this round's fresh orders.
        system = await start();
        await settleAll();
        system.child.kill('SIGTERM');
        await system.exited;
      }
      const armed = await startArmed(point.at);
      system = armed.system;
      assert.ok(armed.up, `the armed system did not start (${point.at}):\n${system.output().slice(-2000)}`);
      const token = await login();
      // A few orders at once: the first to reach the transition takes the process down with the others in flight.
      const placing = Array.from({ length: 3 }, (_, i) =>
        bazaar
          .POST('/api/orders', {
            headers: bearer(token),
            body: {
              items: [{ productId: products[i % products.length]!, quantity: 1 }],
              shippingAddress: {
                name: 'Kim',
                line1: '1 Crash Lane',
                city: 'Oslo',
                postalCode: '0150',
                country: point.country,
              },
              paymentMethod: { type: 'card', number: point.card },
            },
          })
          .then(
            ({ data, response }) => {
              if (response.status === 202) accepted.push(data!.orderId);
            },
            () => {}, // the connection died with the process: not accepted, the client would retry
          ),
      );
      await Promise.all(placing);
      const killed = await Promise.race([system.exited.then(() => true), sleep(30_000).then(() => false)]);
      assert.ok(killed, `the process did not die at ${point.at}:\n${system.output().slice(-2000)}`);
      assert.equal(system.child.signalCode, 'SIGKILL', `died of SIGKILL at ${point.at}`);
    }

    // The last start has no crash point: everything must settle.
    system = await start();
    assert.ok(accepted.length >= CRASH_POINTS.length, `accepted ${accepted.length} orders`);
    await settleAll();
    let report = '';
    await settledOrDown(
      async () => {
        const results = await checkInvariants(serverUrl, prefix);
        report = formatInvariants(results);
        return results.every((result) => result.ok) ? true : undefined;
      },
      'the invariants hold',
      30_000,
    ).catch(() => assert.fail(report));
    console.log(`saga crash test: ${accepted.length} orders across ${CRASH_POINTS.length} kills\n${report}`);
  });
});
