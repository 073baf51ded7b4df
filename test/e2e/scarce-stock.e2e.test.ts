import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInvariants, formatInvariants } from '@bazaar/cli';
import { testDatabaseServerUrl } from '@bazaar/testing';
import { ADMIN, http, startSoloForTests } from '../support/solo-for-tests.js';

// 500 orders at once over 50 products that have 5 units each: every product is asked for 10 units, so
// exactly half the orders can be served. Nothing may be sold twice, and the invariants must hold.
const ORDERS = 500;
const PRODUCTS = 50;
const UNITS = 5;

let system: Awaited<ReturnType<typeof startSoloForTests>>;
const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
  http(system.url, method, path, options);

before(async () => {
  system = await startSoloForTests({ INVENTORY_INITIAL_STOCK: String(UNITS) });
});
after(async () => {
  await system?.close();
});

describe('scarce stock under concurrent orders', { timeout: 300_000 }, () => {
  it(`serves ${ORDERS} concurrent orders for ${PRODUCTS} products of ${UNITS} units without overselling`, async () => {
    const products = (await call('GET', `/api/products?limit=${PRODUCTS}`)).body.items.map(
      (p: { id: string }) => p.id,
    );
    assert.equal(products.length, PRODUCTS);
    for (;;) {
      const stock = await call('GET', `/api/inventory?productIds=${products.join(',')}`);
      if (stock.body.items?.length === PRODUCTS) break;
      await sleep(100);
    }
    const buyers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const account = {
          email: `scarce-${i}-${randomUUID()}@example.com`,
          password: 'first come first served',
          name: `Buyer ${i}`,
        };
        await call('POST', '/api/auth/register', { body: account });
        const login = await call('POST', '/api/auth/login', {
          body: { email: account.email, password: account.password },
        });
        return login.body.accessToken as string;
      }),
    );

    const placed = await Promise.all(
      Array.from({ length: ORDERS }, async (_, n) => {
        const response = await call('POST', '/api/orders', {
          token: buyers[n % buyers.length]!,
          body: {
            items: [{ productId: products[n % PRODUCTS], quantity: 1 }],
            shippingAddress: {
              name: 'Ann',
              line1: '1 Main St',
              city: 'Berlin',
              postalCode: '10115',
              country: 'DE',
            },
            paymentMethod: { type: 'card', number: '4242424242424242' },
          },
        });
        assert.equal(response.status, 202, response.text);
        return response.body.orderId as string;
      }),
    );
    assert.equal(new Set(placed).size, ORDERS);

    const adminToken = (await call('POST', '/api/auth/login', { body: ADMIN })).body.accessToken as string;
    const started = Date.now();
    for (;;) {
      const counts = (await call('GET', '/api/admin/sagas?limit=1', { token: adminToken })).body.counts;
      if ((counts.COMPLETED ?? 0) + (counts.COMPENSATED ?? 0) >= ORDERS) break;
      assert.ok(Date.now() - started < 240_000, `sagas still running: ${JSON.stringify(counts)}`);
      await sleep(250);
    }

    const orders = await Promise.all(
      placed.map(async (id) => (await call('GET', `/api/orders/${id}`, { token: adminToken })).body),
    );
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
    const cancelled = orders.filter((order) => order.status === 'CANCELLED');
    assert.equal(confirmed.length, PRODUCTS * UNITS, 'every unit sold once');
    assert.equal(cancelled.length, ORDERS - PRODUCTS * UNITS);
    assert.ok(cancelled.every((order) => order.reason === 'OUT_OF_STOCK'));
    const stock = (await call('GET', `/api/inventory?productIds=${products.join(',')}`)).body.items;
    for (const level of stock) {
      assert.equal(level.available, 0);
      assert.ok(level.committed + level.reserved <= UNITS, `oversold: ${JSON.stringify(level)}`);
    }

    let report = '';
    for (let attempt = 0; ; attempt++) {
      const results = await checkInvariants(testDatabaseServerUrl(), system.prefix);
      report = formatInvariants(results);
      if (results.every((result) => result.ok)) break;
      assert.ok(attempt < 100, report);
      await sleep(200);
    }
    console.log(`scarce stock: ${confirmed.length} confirmed, ${cancelled.length} out of stock\n${report}`);
  });
});
