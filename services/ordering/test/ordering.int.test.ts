import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalogService } from '@bazaar/catalog';
import { aggregateRepository, ConcurrencyConflictError, createEventStore } from '@bazaar/event-store';
import { requireDb } from '@bazaar/service-host';
import { createTestTokenIssuer, injectJson, startTestService, type TestTokenIssuer } from '@bazaar/testing';
import { orderDecider } from '../src/domain/order.js';
import { orderingService } from '../src/service.js';

let catalog: Awaited<ReturnType<typeof startTestService>>;
let ordering: Awaited<ReturnType<typeof startTestService>>;
let issuer: TestTokenIssuer;
let productIds: string[];
const alice = { userId: randomUUID(), token: '' };
const bob = { userId: randomUUID(), token: '' };
let adminToken: string;

const call = (...args: Parameters<ReturnType<typeof injectJson>>) => injectJson(ordering.app)(...args);

async function post(body: unknown, token: string, idempotencyKey?: string) {
  const response = await ordering.app.inject({
    method: 'POST',
    url: '/api/orders',
    payload: body as object,
    headers: {
      authorization: `Bearer ${token}`,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
  });
  return { status: response.statusCode, body: response.json(), headers: response.headers };
}

const orderBody = (overrides: Record<string, unknown> = {}) => ({
  items: [
    { productId: productIds[0], quantity: 2 },
    { productId: productIds[1], quantity: 1 },
  ],
  shippingAddress: { name: 'Alice', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
  paymentMethod: { type: 'card', number: '4242 4242 4242 4242' },
  ...overrides,
});

/** The list is a read model: it follows the streams within moments. */
async function listUntil(token: string, predicate: (items: { id: string }[]) => boolean, query = '') {
  for (let attempt = 0; attempt < 100; attempt++) {
    const response = await call('GET', `/api/orders${query}`, undefined, token);
    if (predicate(response.body.items)) return response.body;
    await sleep(50);
  }
  throw new Error('read model did not catch up');
}

before(async () => {
  issuer = await createTestTokenIssuer();
  catalog = await startTestService(catalogService, { tokens: issuer.verifier });
  ordering = await startTestService(orderingService, {
    tokens: issuer.verifier,
    env: { CATALOG_URL: catalog.url },
  });
  const products = await injectJson(catalog.app)('GET', '/api/products?limit=5');
  productIds = products.body.items.map((p: { id: string }) => p.id);
  alice.token = await issuer.token({ userId: alice.userId });
  bob.token = await issuer.token({ userId: bob.userId });
  adminToken = await issuer.token({ role: 'admin' });
});
after(async () => {
  await ordering?.close();
  await catalog?.close();
});

describe('placing orders', () => {
  it('accepts an order as PENDING with 202 and a Location, priced by the catalog', async () => {
    const placed = await post(orderBody(), alice.token);
    assert.equal(placed.status, 202);
    assert.equal(placed.body.status, 'PENDING');
    assert.equal(placed.headers.location, `/api/orders/${placed.body.orderId}`);
    const order = await call('GET', placed.headers.location as string, undefined, alice.token);
    assert.equal(order.status, 200);
    const prices = await Promise.all(
      productIds.slice(0, 2).map((id) => injectJson(catalog.app)('GET', `/api/products/${id}`)),
    );
    assert.deepEqual(order.body.items[0].unitPrice, prices[0]!.body.price);
    assert.equal(order.body.total.amount, prices[0]!.body.price.amount * 2 + prices[1]!.body.price.amount);
    assert.deepEqual(order.body.paymentMethod, { type: 'card', last4: '4242' });
    assert.equal(
      JSON.stringify(order.body).includes('4242 4242 4242 4242'),
      false,
      'the card number is not stored',
    );
  });

  it('refuses unknown products and bad quantities with 400', async () => {
    const unknown = await post(orderBody({ items: [{ productId: randomUUID(), quantity: 1 }] }), alice.token);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.type, 'urn:bazaar:problem:unknown-product');
    for (const quantity of [0, -3, 2.5, '1']) {
      const bad = await post(orderBody({ items: [{ productId: productIds[0], quantity }] }), alice.token);
      assert.equal(bad.status, 400, String(quantity));
    }
    const noItems = await post(orderBody({ items: [] }), alice.token);
    assert.equal(noItems.status, 400);
    const card = await post(orderBody({ paymentMethod: { type: 'card', number: '12' } }), alice.token);
    assert.equal(card.status, 400);
  });

  it('replays the first response for the same Idempotency-Key and body, and creates one order', async () => {
    const key = `key-${randomUUID()}`;
    const first = await post(orderBody(), alice.token, key);
    const second = await post(orderBody(), alice.token, key);
    assert.equal(first.status, 202);
    assert.equal(second.status, 202);
    assert.equal(second.body.orderId, first.body.orderId);
    assert.equal(second.headers['idempotent-replayed'], 'true');
  });

  it('answers 422 when an Idempotency-Key comes back with a different body', async () => {
    const key = `key-${randomUUID()}`;
    await post(orderBody(), alice.token, key);
    const changed = await post(
      orderBody({ items: [{ productId: productIds[2], quantity: 1 }] }),
      alice.token,
      key,
    );
    assert.equal(changed.status, 422);
    assert.equal(changed.body.type, 'urn:bazaar:problem:idempotency-key-reused');
  });

  it('creates exactly one order when the same key arrives concurrently', async () => {
    const key = `key-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 5 }, () => post(orderBody(), bob.token, key)));
    assert.ok(results.every((result) => result.status === 202));
    assert.equal(new Set(results.map((result) => result.body.orderId)).size, 1);
  });

  it('scopes keys per user', async () => {
    const key = `shared-${randomUUID()}`;
    const a = await post(orderBody(), alice.token, key);
    const b = await post(orderBody(), bob.token, key);
    assert.notEqual(a.body.orderId, b.body.orderId);
  });
});

describe('reading orders', () => {
  it('hides an order from other customers (404) but not from admins', async () => {
    const placed = await post(orderBody(), alice.token);
    assert.equal((await call('GET', `/api/orders/${placed.body.orderId}`, undefined, bob.token)).status, 404);
    assert.equal(
      (await call('GET', `/api/orders/${placed.body.orderId}/events`, undefined, bob.token)).status,
      404,
    );
    assert.equal(
      (await call('GET', `/api/orders/${placed.body.orderId}`, undefined, adminToken)).status,
      200,
    );
  });

  it('serves the event stream and the state as of a version', async () => {
    const placed = await post(orderBody(), alice.token);
    const id = placed.body.orderId as string;
    const store = createEventStore(requireDb(ordering.context));
    const repository = aggregateRepository(store, orderDecider, { streamPrefix: 'order-' });
    await repository.handle(id, {
      type: 'RecordStep',
      step: { name: 'reserve-inventory', status: 'COMPLETED', at: new Date().toISOString() },
    });

    const events = await call('GET', `/api/orders/${id}/events`, undefined, alice.token);
    // Placing the order also started its saga: the first step is recorded as STARTED in the same commit.
    assert.deepEqual(
      events.body.items.map((e: { type: string }) => e.type),
      ['OrderPlaced', 'OrderStepRecorded', 'OrderStepRecorded'],
    );
    const now = await call('GET', `/api/orders/${id}`, undefined, alice.token);
    assert.equal(now.body.version, 3);
    assert.deepEqual(
      now.body.steps.map((step: { name: string; status: string }) => `${step.name}:${step.status}`),
      ['order-placed:COMPLETED', 'reserve-inventory:STARTED', 'reserve-inventory:COMPLETED'],
    );
    const then = await call('GET', `/api/orders/${id}?asOf=1`, undefined, alice.token);
    assert.equal(then.body.version, 1);
    assert.equal(then.body.steps.length, 1);
    assert.equal((await call('GET', `/api/orders/${id}?asOf=9`, undefined, alice.token)).status, 404);
    assert.equal((await call('GET', `/api/orders/${id}?asOf=0`, undefined, alice.token)).status, 400);
  });

  it("lists the caller's orders newest first across pages, from the read model", async () => {
    const carol = { userId: randomUUID(), token: await issuer.token({}) };
    carol.token = await issuer.token({ userId: carol.userId });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(orderBody(), carol.token)).body.orderId);
    await listUntil(carol.token, (items) => items.length === 5, '?limit=10');
    const first = await call('GET', '/api/orders?limit=2', undefined, carol.token);
    const second = await call(
      'GET',
      `/api/orders?limit=2&cursor=${first.body.nextCursor}`,
      undefined,
      carol.token,
    );
    const third = await call(
      'GET',
      `/api/orders?limit=2&cursor=${second.body.nextCursor}`,
      undefined,
      carol.token,
    );
    const seen = [...first.body.items, ...second.body.items, ...third.body.items].map(
      (o: { id: string }) => o.id,
    );
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(third.body.nextCursor, null);
    assert.equal((await call('GET', '/api/orders?cursor=bogus', undefined, carol.token)).status, 400);
  });
});

describe('concurrency', () => {
  it('lets exactly one of two concurrent commands on one order win; the other gets 409 and nothing is lost', async () => {
    const placed = await post(orderBody(), alice.token);
    const id = placed.body.orderId as string;
    const store = createEventStore(requireDb(ordering.context));
    const repository = aggregateRepository(store, orderDecider, { streamPrefix: 'order-' });
    const loaded = await repository.load(id);
    const step = (name: string) => ({
      type: 'RecordStep' as const,
      step: { name, status: 'COMPLETED' as const, at: new Date().toISOString() },
    });
    const results = await Promise.allSettled([
      repository.handle(id, step('a'), { expectedVersion: loaded.version }),
      repository.handle(id, step('b'), { expectedVersion: loaded.version }),
    ]);
    const rejected = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    assert.equal(rejected.length, 1);
    assert.ok(rejected[0]!.reason instanceof ConcurrencyConflictError);
    assert.equal(rejected[0]!.reason.status, 409);
    const after = await repository.load(id);
    assert.equal(after.version, loaded.version + 1);
    assert.equal(
      after.state.exists && after.state.steps.length,
      loaded.state.exists && loaded.state.steps.length + 1,
    );
  });
});

describe('projections admin', () => {
  it('shows the read model with its lag and rebuilds it without downtime', async () => {
    const status = await call('GET', '/api/admin/projections', undefined, adminToken);
    assert.equal(status.status, 200);
    const summary = status.body.items.find((p: { name: string }) => p.name === 'order_summaries');
    assert.ok(summary);
    assert.equal(typeof summary.lagEvents, 'number');
    assert.equal((await call('GET', '/api/admin/projections', undefined, alice.token)).status, 403);

    // Wait until the read model holds every order alice placed so far, so nothing new arrives meanwhile.
    const [placed] = await requireDb(ordering.context)<{ n: number }[]>`
      SELECT count(*)::int AS n FROM es_events WHERE event_type = 'OrderPlaced' AND data->>'userId' = ${alice.userId}`;
    const before = await listUntil(alice.token, (items) => items.length === placed!.n, '?limit=100');
    const started = await call(
      'POST',
      '/api/admin/projections/order_summaries/rebuild',
      undefined,
      adminToken,
    );
    assert.equal(started.status, 202);
    assert.equal(started.body.rebuild.generation, summary.activeGeneration + 1);
    // Served throughout: the list answers the same while the new generation fills.
    let switched = false;
    for (let attempt = 0; attempt < 200 && !switched; attempt++) {
      const during = await call('GET', '/api/orders?limit=100', undefined, alice.token);
      assert.equal(during.status, 200);
      assert.deepEqual(
        during.body.items.map((o: { id: string }) => o.id),
        before.items.map((o: { id: string }) => o.id),
      );
      const now = await call('GET', '/api/admin/projections', undefined, adminToken);
      const current = now.body.items.find((p: { name: string }) => p.name === 'order_summaries');
      switched = current.rebuild === null && current.activeGeneration === summary.activeGeneration + 1;
      if (!switched) await sleep(25);
    }
    assert.ok(switched, 'the rebuild finished and switched');
    const twice = await call('POST', '/api/admin/projections/order_summaries/rebuild', undefined, adminToken);
    assert.equal(twice.status, 202);
    const third = await call('POST', '/api/admin/projections/order_summaries/rebuild', undefined, adminToken);
    assert.ok([202, 409].includes(third.status));
    assert.equal(
      (await call('POST', '/api/admin/projections/nope/rebuild', undefined, adminToken)).status,
      404,
    );
  });
});

describe('when the catalog is down', () => {
  it('answers 503 and places nothing', async () => {
    await catalog.stop();
    const response = await post(orderBody(), alice.token);
    assert.equal(response.status, 503);
    assert.equal(response.body.type, 'urn:bazaar:problem:upstream-unavailable');
  });
});
