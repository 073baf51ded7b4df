import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { catalogService } from '@bazaar/catalog';
import {
  createTestTokenIssuer,
  dropDatabasesWithPrefix,
  eventually,
  injectJson,
  startTestService,
  type TestTokenIssuer,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { inventoryService } from '../src/service.js';
import { inventoryHarness, type Running } from './inventory-harness.js';

// catalog and inventory share one bus database, as in solo mode: the demo catalogue's ProductCreated
// events become inventory's stock rows through catalog's outbox, the message store and inventory's inbox.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('stock');
const INITIAL_STOCK = 25;
let catalog: Running;
let inventory: Running;
let harness: ReturnType<typeof inventoryHarness>;
let issuer: TestTokenIssuer;
let adminToken: string;
let customerToken: string;

type Method = Parameters<ReturnType<typeof injectJson>>[0];
const call = (method: Method, url: string, body?: unknown, token?: string) =>
  injectJson(inventory.app)(method, url, body, token);

before(async () => {
  issuer = await createTestTokenIssuer();
  const options = { prefix, serverUrl, transport: true as const, tokens: issuer.verifier };
  inventory = await startTestService(inventoryService, {
    ...options,
    env: { INVENTORY_INITIAL_STOCK: String(INITIAL_STOCK) },
  });
  catalog = await startTestService(catalogService, options);
  harness = inventoryHarness(inventory);
  adminToken = await issuer.token({ role: 'admin' });
  customerToken = await issuer.token({ role: 'customer' });
});
after(async () => {
  await catalog?.stop();
  await inventory?.stop();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('stock from the catalogue (ProductCreated → inventory)', () => {
  it('opens stock for every demo product with the configured initial units', async () => {
    const products = await catalog.context.db!<{ id: string }[]>`SELECT id FROM products ORDER BY id`;
    assert.ok(products.length >= 50, `the catalog seeded ${products.length} products`);
    const rows = await eventually(async () => {
      const found = await harness.db<{ productId: string; received: number; available: number }[]>`
        SELECT product_id AS "productId", received, available, reserved, committed FROM stock
        ORDER BY product_id`;
      return found.length === products.length ? found : undefined;
    }, 'every catalogue product has stock');
    assert.deepEqual(
      rows.map((row) => row.productId),
      products.map((product) => product.id),
    );
    for (const row of rows) {
      assert.deepEqual(row, {
        productId: row.productId,
        received: INITIAL_STOCK,
        available: INITIAL_STOCK,
        reserved: 0,
        committed: 0,
      });
    }
  });

  it('opens stock for a product an admin adds to the catalogue', async () => {
    const created = await injectJson(catalog.app)(
      'POST',
      '/api/products',
      { name: 'Inventory Test Lamp', price: { amount: 4500, currency: 'EUR' }, category: 'home' },
      adminToken,
    );
    assert.equal(created.status, 201);
    const stock = await eventually(() => harness.stock(created.body.id), 'the new product has stock');
    assert.equal(stock.available, INITIAL_STOCK);
  });

  it('leaves a product it already knows alone when the event comes again', async () => {
    const productId = await harness.newProduct();
    const restocked = await call(
      'POST',
      `/api/admin/inventory/${productId}/restock`,
      { quantity: 5 },
      adminToken,
    );
    assert.equal(restocked.status, 200);
    // The catalog announces it again (a new message, so the inbox lets it through to the handler).
    const again = await harness.announceProduct(productId);
    await harness.handledBy('inventory.catalog-events', [again]);
    assert.deepEqual(await harness.stock(productId), {
      productId,
      received: INITIAL_STOCK + 5,
      available: INITIAL_STOCK + 5,
      reserved: 0,
      committed: 0,
    });
  });
});

describe('reading stock levels (public)', () => {
  it("answers one product's levels without a token", async () => {
    const productId = await harness.newProduct();
    const { status, body } = await call('GET', `/api/inventory/${productId}`);
    assert.equal(status, 200);
    assert.deepEqual(body, {
      productId,
      available: INITIAL_STOCK,
      reserved: 0,
      committed: 0,
      received: INITIAL_STOCK,
    });
  });

  it('answers several products at once, leaving out unknown ones', async () => {
    const first = await harness.newProduct();
    const second = await harness.newProduct();
    const unknown = randomUUID();
    const { status, body } = await call(
      'GET',
      `/api/inventory?productIds=${second},${unknown},${first.toUpperCase()},${second}`,
    );
    assert.equal(status, 200);
    assert.deepEqual(
      body.items.map((item: { productId: string }) => item.productId),
      [first, second].sort(),
    );
    assert.equal(body.items[0].available, INITIAL_STOCK);
  });

  it('answers 404 for a product without stock and 400 for ids that are not uuids', async () => {
    const missing = await call('GET', `/api/inventory/${randomUUID()}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.type, 'urn:bazaar:problem:not-found');
    assert.equal((await call('GET', '/api/inventory/42')).status, 400);
  });

  it('refuses a missing, malformed or too long product list and unknown parameters', async () => {
    const ids = (n: number) => Array.from({ length: n }, () => randomUUID()).join(',');
    assert.equal((await call('GET', `/api/inventory?productIds=${ids(100)}`)).status, 200);
    for (const query of [
      '',
      '?productIds=',
      `?productIds=${ids(101)}`,
      '?productIds=not-a-uuid',
      `?productIds=${ids(2)},`,
      `?productIds=${ids(1)}&limit=5`,
    ]) {
      const { status, body } = await call('GET', `/api/inventory${query}`);
      assert.equal(status, 400, query.slice(0, 80));
      assert.equal(body.type, 'urn:bazaar:problem:validation');
    }
  });
});

describe('correcting stock (admin)', () => {
  it('restocks: more received, more available', async () => {
    const productId = await harness.newProduct();
    const { status, body } = await call(
      'POST',
      `/api/admin/inventory/${productId}/restock`,
      { quantity: 1_000_000 },
      adminToken,
    );
    assert.equal(status, 200);
    assert.deepEqual(body, {
      productId,
      available: INITIAL_STOCK + 1_000_000,
      reserved: 0,
      committed: 0,
      received: INITIAL_STOCK + 1_000_000,
    });
    assert.deepEqual(await harness.stock(productId), { ...body });
  });

  it('writes off what is on the shelf, and refuses more than that with a problem', async () => {
    const productId = await harness.newProduct();
    const written = await call(
      'POST',
      `/api/admin/inventory/${productId}/write-off`,
      { quantity: 5 },
      adminToken,
    );
    assert.equal(written.status, 200);
    assert.equal(written.body.available, INITIAL_STOCK - 5);
    assert.equal(written.body.received, INITIAL_STOCK - 5);
    const tooMuch = await call(
      'POST',
      `/api/admin/inventory/${productId}/write-off`,
      { quantity: INITIAL_STOCK - 4 },
      adminToken,
    );
    assert.equal(tooMuch.status, 409);
    assert.equal(tooMuch.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(tooMuch.body.type, 'urn:bazaar:problem:insufficient-stock');
    assert.equal(tooMuch.body.available, INITIAL_STOCK - 5);
    assert.equal((await harness.stock(productId))?.available, INITIAL_STOCK - 5);
  });

  it('is for admins only', async () => {
    const productId = await harness.newProduct();
    for (const action of ['restock', 'write-off']) {
      const url = `/api/admin/inventory/${productId}/${action}`;
      const asCustomer = await call('POST', url, { quantity: 1 }, customerToken);
      assert.equal(asCustomer.status, 403);
      assert.equal(asCustomer.body.type, 'urn:bazaar:problem:forbidden');
      assert.equal((await call('POST', url, { quantity: 1 })).status, 401);
    }
    assert.equal((await harness.stock(productId))?.received, INITIAL_STOCK);
  });

  it('answers 404 for a product without stock', async () => {
    const { status, body } = await call(
      'POST',
      `/api/admin/inventory/${randomUUID()}/restock`,
      { quantity: 1 },
      adminToken,
    );
    assert.equal(status, 404);
    assert.equal(body.type, 'urn:bazaar:problem:not-found');
  });

  it('refuses bad quantities and bodies with validation problems', async () => {
    const productId = await harness.newProduct();
    for (const body of [
      { quantity: 0 },
      { quantity: -3 },
      { quantity: 1_000_001 },
      { quantity: 1.5 },
      { quantity: '5' },
      {},
      { quantity: 1, note: 'extra' },
    ]) {
      const response = await call('POST', `/api/admin/inventory/${productId}/restock`, body, adminToken);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.type, 'urn:bazaar:problem:validation');
    }
    const badId = await call('POST', '/api/admin/inventory/nope/write-off', { quantity: 1 }, adminToken);
    assert.equal(badId.status, 400);
    assert.equal((await harness.stock(productId))?.received, INITIAL_STOCK);
  });
});
