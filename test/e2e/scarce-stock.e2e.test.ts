import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInvariants, formatInvariants } from '@bazaar/cli';
import { type BazaarClient, bearer } from '@bazaar/client';
import { testDatabaseServerUrl } from '@bazaar/testing';
import { ADMIN, logIn, registerCustomer, startSoloForTests, typedClient } from '../support/solo-for-tests.js';

// 500 orders at once over 50 products that have 5 units each: every product is asked for 10 units, so
// exactly half the orders can be served. Nothing may be sold twice, and the invariants must hold.
const ORDERS = 500;
const PRODUCTS = 50;
const UNITS = 5;

let system: Awaited<ReturnType<typeof startSoloForTests>>;
let bazaar: BazaarClient;

before(async () => {
  system = await startSoloForTests({ INVENTORY_INITIAL_STOCK: String(UNITS) });
  bazaar = typedClient(system.url);
});
after(async () => {
  await system?.close();
});

describe('scarce stock under concurrent orders', { timeout: 300_000 }, () => {
  it(`serves ${ORDERS} concurrent orders for ${PRODUCTS} products of ${UNITS} units without overselling`, async () => {
    const page = await bazaar.GET('/api/products', { params: { query: { limit: PRODUCTS } } });
    const products = page.data!.items.map((product) => product.id);
    assert.equal(products.length, PRODUCTS);
    const stockLevels = async () =>
      (await bazaar.GET('/api/inventory', { params: { query: { productIds: products.join(',') } } })).data!
        .items;
    while ((await stockLevels()).length < PRODUCTS) await sleep(100);
    const buyers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await registerCustomer(bazaar, `Buyer${i}`)).token),
    );

    const placed = await Promise.all(
      Array.from({ length: ORDERS }, async (_, n) => {
        const response = await bazaar.POST('/api/orders', {
          headers: bearer(buyers[n % buyers.length]!),
          body: {
            items: [{ productId: products[n % PRODUCTS]!, quantity: 1 }],
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
        assert.equal(response.response.status, 202, JSON.stringify(response.error));
        return response.data!.orderId;
      }),
    );
    assert.equal(new Set(placed).size, ORDERS);

    const admin = bearer(await logIn(bazaar, ADMIN));
    const started = Date.now();
    for (;;) {
      const sagas = await bazaar.GET('/api/admin/sagas', { params: { query: { limit: 1 } }, headers: admin });
      const counts = sagas.data!.counts;
      if ((counts.COMPLETED ?? 0) + (counts.COMPENSATED ?? 0) >= ORDERS) break;
      assert.ok(Date.now() - started < 240_000, `sagas still running: ${JSON.stringify(counts)}`);
      await sleep(250);
    }

    const orders = await Promise.all(
      placed.map(
        async (id) =>
          (await bazaar.GET('/api/orders/{id}', { params: { path: { id } }, headers: admin })).data!,
      ),
    );
    const confirmed = orders.filter((order) => order.status === 'CONFIRMED');
    const cancelled = orders.filter((order) => order.status === 'CANCELLED');
    assert.equal(confirmed.length, PRODUCTS * UNITS, 'every unit sold once');
    assert.equal(cancelled.length, ORDERS - PRODUCTS * UNITS);
    assert.ok(cancelled.every((order) => order.reason === 'OUT_OF_STOCK'));
    for (const level of await stockLevels()) {
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
