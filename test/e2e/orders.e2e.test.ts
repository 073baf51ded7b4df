import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { type BazaarClient, bearer, createBazaarClient } from '@bazaar/client';
import { contractCheckingMiddleware } from '@bazaar/testing';
import { ADMIN, http, startSoloForTests } from '../support/solo-for-tests.js';

let system: Awaited<ReturnType<typeof startSoloForTests>>;
// Calls that keep to the contract go through the typed client; `call` sends what the contract forbids.
let bazaar: BazaarClient;
const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
  http(system.url, method, path, options);

async function customer(name: string) {
  const account = {
    email: `${name}-${randomUUID()}@example.com`,
    password: 'orders through the gateway',
    name,
  };
  assert.equal((await bazaar.POST('/api/auth/register', { body: account })).response.status, 201);
  const login = await bazaar.POST('/api/auth/login', {
    body: { email: account.email, password: account.password },
  });
  return login.data!.accessToken;
}

let productIds: string[];
const orderFor = (quantity = 1) => ({
  items: [
    { productId: productIds[0]!, quantity },
    { productId: productIds[1]!, quantity: 1 },
  ],
  shippingAddress: {
    name: 'Dana',
    line1: '5 Harbour Rd',
    city: 'Hamburg',
    postalCode: '20095',
    country: 'DE',
  },
  paymentMethod: { type: 'card' as const, number: '4242424242424242' },
});

before(async () => {
  system = await startSoloForTests();
  bazaar = createBazaarClient({ baseUrl: system.url, middleware: [contractCheckingMiddleware()] });
  const products = await bazaar.GET('/api/products', { params: { query: { limit: 3 } } });
  productIds = products.data!.items.map((product) => product.id);
});
after(async () => {
  await system?.close();
});

describe('orders through the gateway', () => {
  it('lets two customers place orders that neither can see of the other', async () => {
    const dana = await customer('dana');
    const eli = await customer('eli');
    const placed = await bazaar.POST('/api/orders', { headers: bearer(dana), body: orderFor(2) });
    assert.equal(placed.response.status, 202);
    const orderId = placed.data!.orderId;
    assert.equal(placed.response.headers.get('location'), `/api/orders/${orderId}`);
    const eliOrder = await bazaar.POST('/api/orders', { headers: bearer(eli), body: orderFor() });
    assert.equal(eliOrder.response.status, 202);

    const mine = await bazaar.GET('/api/orders/{id}', {
      params: { path: { id: orderId } },
      headers: bearer(dana),
    });
    assert.equal(mine.response.status, 200);
    assert.equal(mine.data!.status, 'PENDING');
    assert.equal(mine.data!.items[0]!.quantity, 2);
    const asEli = { params: { path: { id: orderId } }, headers: bearer(eli) };
    for (const theirs of [
      await bazaar.GET('/api/orders/{id}', asEli),
      await bazaar.GET('/api/orders/{id}/events', asEli),
      await bazaar.GET('/api/orders/{id}', { ...asEli, params: { ...asEli.params, query: { asOf: 1 } } }),
    ]) {
      assert.equal(theirs.response.status, 404, theirs.response.url);
      assert.equal(theirs.error?.type, 'urn:bazaar:problem:not-found');
    }

    let danaList: { id: string }[] = [];
    for (let attempt = 0; attempt < 100 && danaList.length === 0; attempt++) {
      danaList = (await bazaar.GET('/api/orders', { headers: bearer(dana) })).data!.items;
      if (danaList.length === 0) await sleep(50);
    }
    assert.deepEqual(
      danaList.map((o) => o.id),
      [orderId],
    );
    const eliList = (await bazaar.GET('/api/orders', { headers: bearer(eli) })).data!.items;
    assert.ok(eliList.every((o) => o.id !== orderId));
  });

  it('needs a token for every order route', async () => {
    assert.equal((await call('GET', '/api/orders')).status, 401);
    assert.equal((await call('POST', '/api/orders', { body: orderFor() })).status, 401);
    assert.equal((await call('GET', `/api/orders/${randomUUID()}`)).status, 401);
  });

  it('replays an order retried with the same Idempotency-Key', async () => {
    const token = await customer('fay');
    const headers = { ...bearer(token), 'idempotency-key': `retry-${randomUUID()}` };
    const first = await bazaar.POST('/api/orders', { headers, body: orderFor() });
    const retry = await bazaar.POST('/api/orders', { headers, body: orderFor() });
    assert.equal(retry.data!.orderId, first.data!.orderId);
    assert.equal(retry.response.headers.get('idempotent-replayed'), 'true');
    const different = await bazaar.POST('/api/orders', { headers, body: orderFor(3) });
    assert.equal(different.response.status, 422);
    assert.equal(different.error?.type, 'urn:bazaar:problem:idempotency-key-reused');
  });

  it('answers bad orders with problems, never a 500', async () => {
    const token = await customer('gus');
    const cases: [unknown, number][] = [
      [{ ...orderFor(), items: [{ productId: randomUUID(), quantity: 1 }] }, 400],
      [{ ...orderFor(), items: [{ productId: productIds[0], quantity: 0 }] }, 400],
      [{ ...orderFor(), items: [{ productId: "'; DROP TABLE es_events; --", quantity: 1 }] }, 400],
      [{ ...orderFor(), shippingAddress: { country: 'Germany' } }, 400],
      [{ ...orderFor(), coupon: 'FREE' }, 400],
      [{ ...orderFor(), paymentMethod: { type: 'bitcoin', number: '4242424242424242' } }, 400],
    ];
    for (const [body, status] of cases) {
      const response = await call('POST', '/api/orders', { token, body });
      assert.equal(response.status, status, JSON.stringify(body));
      assert.match(response.headers.get('content-type') ?? '', /problem\+json/);
    }
  });

  it('refuses U+0000 in queries, paths and bodies with a 400 problem on every route, and logs nobody in with it', async () => {
    const password = 'orders through the gateway';
    const email = `nul-${randomUUID()}@example.com`;
    assert.equal(
      (await call('POST', '/api/auth/register', { body: { email, password, name: 'Ida' } })).status,
      201,
    );
    const token = (await call('POST', '/api/auth/login', { body: { email, password } })).body
      .accessToken as string;
    const me = (await call('GET', '/api/users/me', { token })).body as { id: string };
    const refused: [string, string, Parameters<typeof http>[3]][] = [
      ['GET', '/api/products?q=a%00b', {}],
      ['GET', '/api/products/a%00b', {}],
      [
        'POST',
        '/api/auth/register',
        { body: { email: `x-${randomUUID()}@example.com`, password, name: 'I\u0000da' } },
      ],
      ['POST', '/api/auth/login', { body: { email, password: `${password}\u0000` } }],
      ['PATCH', `/api/users/${me.id}`, { token, body: { name: 'Ida\u0000' } }],
      [
        'POST',
        '/api/orders',
        {
          token,
          body: { ...orderFor(), shippingAddress: { ...orderFor().shippingAddress, name: 'Ida\u0000' } },
        },
      ],
      ['GET', '/api/orders?cursor=%00', { token }],
    ];
    for (const [method, path, options] of refused) {
      const response = await call(method, path, options);
      assert.equal(response.status, 400, `${method} ${path} ${JSON.stringify(options?.body)}`);
      assert.match(response.headers.get('content-type') ?? '', /problem\+json/);
    }
    // The account is as it was: the real password still works and the name did not change.
    assert.equal((await call('POST', '/api/auth/login', { body: { email, password } })).status, 200);
    assert.equal((await call('GET', '/api/users/me', { token })).body.name, 'Ida');
  });

  it('shows the order read model to admins and rebuilds it on request', async () => {
    const admin = bearer((await bazaar.POST('/api/auth/login', { body: ADMIN })).data!.accessToken);
    const status = await bazaar.GET('/api/admin/projections', { headers: admin });
    assert.equal(status.response.status, 200);
    assert.equal(status.data!.items[0]!.name, 'order_summaries');
    const rebuild = await bazaar.POST('/api/admin/projections/{name}/rebuild', {
      params: { path: { name: 'order_summaries' } },
      headers: admin,
    });
    assert.equal(rebuild.response.status, 202);
    const customerToken = await customer('hal');
    const refused = await bazaar.GET('/api/admin/projections', { headers: bearer(customerToken) });
    assert.equal(refused.response.status, 403);
  });
});
