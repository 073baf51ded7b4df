import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestTokenIssuer, injectJson, startTestService, type TestTokenIssuer } from '@bazaar/testing';
import { catalogService } from '../src/service.js';

let catalog: Awaited<ReturnType<typeof startTestService>>;
let issuer: TestTokenIssuer;
let adminToken: string;
let customerToken: string;

const call = (...args: Parameters<ReturnType<typeof injectJson>>) => injectJson(catalog.app)(...args);

const newProduct = (overrides: Record<string, unknown> = {}) => ({
  name: `Test Widget ${Math.random().toString(36).slice(2)}`,
  description: 'A widget made for tests',
  price: { amount: 1999, currency: 'EUR' },
  category: 'testing',
  ...overrides,
});

before(async () => {
  issuer = await createTestTokenIssuer();
  catalog = await startTestService(catalogService, { tokens: issuer.verifier });
  adminToken = await issuer.token({ role: 'admin' });
  customerToken = await issuer.token({ role: 'customer' });
});
after(async () => {
  await catalog?.close();
});

describe('browsing', () => {
  it('seeds a demo catalogue of at least 50 products on first start', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const url: string = `/api/products?limit=17${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await call('GET', url);
      assert.equal(status, 200);
      for (const product of body.items) {
        assert.equal(seen.has(product.id), false, 'pages never repeat a product');
        seen.add(product.id);
      }
      cursor = body.nextCursor;
    } while (cursor);
    assert.ok(seen.size >= 50, `saw ${seen.size}`);
  });

  it('lists products in name order with integer money', async () => {
    const { body } = await call('GET', '/api/products?limit=10');
    const names = body.items.map((p: { name: string }) => p.name);
    assert.deepEqual(
      names,
      [...names].sort((a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    for (const product of body.items) {
      assert.ok(Number.isInteger(product.price.amount));
      assert.equal(product.price.currency, 'EUR');
    }
  });

  it('finds products by full-text search, best matches first, across pages', async () => {
    const first = await call('GET', '/api/products?q=coffee&limit=2');
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.nextCursor);
    const second = await call('GET', `/api/products?q=coffee&limit=2&cursor=${first.body.nextCursor}`);
    const all = [...first.body.items, ...second.body.items];
    assert.ok(
      all.every((p: { name: string; description: string }) => /coffee/i.test(p.name + p.description)),
    );
    assert.equal(new Set(all.map((p: { id: string }) => p.id)).size, all.length);
  });

  it('filters by category', async () => {
    const { body } = await call('GET', '/api/products?category=books&limit=100');
    assert.equal(body.items.length, 10);
    assert.ok(body.items.every((p: { category: string }) => p.category === 'books'));
  });

  it('treats SQL-looking search text as words to search for', async () => {
    const { status, body } = await call(
      'GET',
      `/api/products?q=${encodeURIComponent("'; DROP TABLE products; --")}`,
    );
    assert.equal(status, 200);
    assert.deepEqual(body.items, []);
    assert.ok(
      (await call('GET', '/api/products?limit=1')).body.items.length === 1,
      'products table still there',
    );
  });

  it('refuses a cursor from another query and a forged cursor', async () => {
    const page = await call('GET', '/api/products?q=coffee&limit=1');
    const reused = await call('GET', `/api/products?q=tent&cursor=${page.body.nextCursor}`);
    assert.equal(reused.status, 400);
    assert.equal(reused.body.type, 'urn:bazaar:problem:invalid-cursor');
    const forged = await call('GET', '/api/products?cursor=not-a-cursor');
    assert.equal(forged.status, 400);
    assert.equal(forged.body.type, 'urn:bazaar:problem:invalid-cursor');
  });

  it('bounds the page size and rejects unknown parameters', async () => {
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'sort=price', `q=${'x'.repeat(201)}`]) {
      const { status, body } = await call('GET', `/api/products?${query}`);
      assert.equal(status, 400, query);
      assert.equal(body.type, 'urn:bazaar:problem:validation');
    }
  });

  it('answers 404 for an unknown product and 400 for an id that is not a uuid', async () => {
    assert.equal((await call('GET', '/api/products/00000000-0000-4000-8000-000000000000')).status, 404);
    assert.equal((await call('GET', '/api/products/42')).status, 400);
  });
});

describe('editing', () => {
  it('lets an admin create a product that is then found by id and by search', async () => {
    const draft = newProduct({ name: 'Quasar Teapot', description: 'Holds a whole galaxy of tea' });
    const created = await call('POST', '/api/products', draft, adminToken);
    assert.equal(created.status, 201);
    assert.equal(created.headers.location, `/api/products/${created.body.id}`);
    assert.equal((await call('GET', `/api/products/${created.body.id}`)).body.name, 'Quasar Teapot');
    const found = await call('GET', '/api/products?q=quasar');
    assert.equal(found.body.items[0].id, created.body.id);
  });

  it('lets an admin change the price', async () => {
    const created = await call('POST', '/api/products', newProduct(), adminToken);
    const changed = await call(
      'PATCH',
      `/api/products/${created.body.id}`,
      { price: { amount: 2500, currency: 'USD' } },
      adminToken,
    );
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.price, { amount: 2500, currency: 'USD' });
  });

  it('refuses customers (403) and anonymous callers (401)', async () => {
    assert.equal((await call('POST', '/api/products', newProduct(), customerToken)).status, 403);
    assert.equal((await call('POST', '/api/products', newProduct())).status, 401);
    const expired = await issuer.token({ role: 'admin', expiresInSeconds: -10 });
    const response = await call('POST', '/api/products', newProduct(), expired);
    assert.equal(response.status, 401);
    assert.equal(response.body.type, 'urn:bazaar:problem:invalid-token');
  });

  it('rejects float prices, unknown currencies, negative amounts and unknown fields', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [newProduct({ price: { amount: 19.99, currency: 'EUR' } }), 'urn:bazaar:problem:validation'],
      [newProduct({ price: { amount: -1, currency: 'EUR' } }), 'urn:bazaar:problem:validation'],
      [newProduct({ price: { amount: '1999', currency: 'EUR' } }), 'urn:bazaar:problem:validation'],
      [newProduct({ price: { amount: 1999, currency: 'XYZ' } }), 'urn:bazaar:problem:unknown-currency'],
      [newProduct({ stock: 5 }), 'urn:bazaar:problem:validation'],
      [newProduct({ imageUrl: 'javascript:alert(1)' }), 'urn:bazaar:problem:validation'],
      [newProduct({ category: 'Not A Slug' }), 'urn:bazaar:problem:validation'],
    ];
    for (const [body, type] of cases) {
      const response = await call('POST', '/api/products', body, adminToken);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.type, type);
    }
  });
});

describe('events (outbox)', () => {
  type Row = { topic: string; envelope: { type: string; subject: string; data: Record<string, unknown> } };
  const eventsAbout = (productId: string) =>
    catalog.context.db!<
      Row[]
    >`SELECT topic, envelope FROM outbox WHERE envelope->>'subject' = ${productId} ORDER BY id`;

  it('announces every demo product once, in the transaction that loaded the catalogue', async () => {
    const [row] = await catalog.context.db!<{ created: number; products: number }[]>`
      SELECT (SELECT count(*)::int FROM outbox WHERE envelope->>'type' = 'catalog.product-created') AS created,
             (SELECT count(*)::int FROM products) AS products`;
    assert.ok(row!.created >= 50);
    assert.ok(row!.created <= row!.products);
  });

  it('announces a new product, a price change with the price before, and nothing for other changes', async () => {
    const created = await call(
      'POST',
      '/api/products',
      newProduct({ price: { amount: 1000, currency: 'EUR' } }),
      adminToken,
    );
    const id = created.body.id as string;
    await call('PATCH', `/api/products/${id}`, { description: 'now with a longer story' }, adminToken);
    await call('PATCH', `/api/products/${id}`, { price: { amount: 1200, currency: 'EUR' } }, adminToken);
    await call('PATCH', `/api/products/${id}`, { price: { amount: 1200, currency: 'EUR' } }, adminToken);
    const events = await eventsAbout(id);
    assert.deepEqual(
      events.map((event) => event.envelope.type),
      ['catalog.product-created', 'catalog.price-changed'],
    );
    assert.equal(events[0]!.topic, 'catalog.products');
    assert.deepEqual(events[1]!.envelope.data, {
      productId: id,
      previousPrice: { amount: 1000, currency: 'EUR' },
      price: { amount: 1200, currency: 'EUR' },
    });
  });

  it('writes no event for an edit that fails', async () => {
    const created = await call('POST', '/api/products', newProduct(), adminToken);
    const refused = await call(
      'PATCH',
      `/api/products/${created.body.id}`,
      { price: { amount: 5, currency: 'XYZ' } },
      adminToken,
    );
    assert.equal(refused.status, 400);
    assert.equal((await eventsAbout(created.body.id)).length, 1);
  });
});
