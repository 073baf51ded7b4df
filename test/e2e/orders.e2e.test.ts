import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ADMIN, http, startSoloForTests } from '../support/solo-for-tests.js';

let system: Awaited<ReturnType<typeof startSoloForTests>>;
const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
  http(system.url, method, path, options);

async function customer(name: string) {
  const account = {
    email: `${name}-${randomUUID()}@example.com`,
    password: 'orders through the gateway',
    name,
  };
  assert.equal((await call('POST', '/api/auth/register', { body: account })).status, 201);
  const login = await call('POST', '/api/auth/login', {
    body: { email: account.email, password: account.password },
  });
  return login.body.accessToken as string;
}

let productIds: string[];
const orderFor = (quantity = 1) => ({
  items: [
    { productId: productIds[0], quantity },
    { productId: productIds[1], quantity: 1 },
  ],
  shippingAddress: {
    name: 'Dana',
    line1: '5 Harbour Rd',
    city: 'Hamburg',
    postalCode: '20095',
    country: 'DE',
  },
  paymentMethod: { type: 'card', number: '4242424242424242' },
});

before(async () => {
  system = await startSoloForTests();
  productIds = (await call('GET', '/api/products?limit=3')).body.items.map((p: { id: string }) => p.id);
});
after(async () => {
  await system?.close();
});

describe('orders through the gateway', () => {
  it('lets two customers place orders that neither can see of the other', async () => {
    const dana = await customer('dana');
    const eli = await customer('eli');
    const placed = await call('POST', '/api/orders', { token: dana, body: orderFor(2) });
    assert.equal(placed.status, 202);
    assert.equal(placed.headers.get('location'), `/api/orders/${placed.body.orderId}`);
    const eliOrder = await call('POST', '/api/orders', { token: eli, body: orderFor() });
    assert.equal(eliOrder.status, 202);

    const mine = await call('GET', `/api/orders/${placed.body.orderId}`, { token: dana });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.status, 'PENDING');
    assert.equal(mine.body.items[0].quantity, 2);
    for (const path of [
      `/api/orders/${placed.body.orderId}`,
      `/api/orders/${placed.body.orderId}/events`,
      `/api/orders/${placed.body.orderId}?asOf=1`,
    ]) {
      const theirs = await call('GET', path, { token: eli });
      assert.equal(theirs.status, 404, path);
    }

    let danaList: { id: string }[] = [];
    for (let attempt = 0; attempt < 100 && danaList.length === 0; attempt++) {
      danaList = (await call('GET', '/api/orders', { token: dana })).body.items;
      if (danaList.length === 0) await sleep(50);
    }
    assert.deepEqual(
      danaList.map((o) => o.id),
      [placed.body.orderId],
    );
    const eliList = (await call('GET', '/api/orders', { token: eli })).body.items as { id: string }[];
    assert.ok(eliList.every((o) => o.id !== placed.body.orderId));
  });

  it('needs a token for every order route', async () => {
    assert.equal((await call('GET', '/api/orders')).status, 401);
    assert.equal((await call('POST', '/api/orders', { body: orderFor() })).status, 401);
    assert.equal((await call('GET', `/api/orders/${randomUUID()}`)).status, 401);
  });

  it('replays an order retried with the same Idempotency-Key', async () => {
    const token = await customer('fay');
    const headers = { 'idempotency-key': `retry-${randomUUID()}` };
    const first = await call('POST', '/api/orders', { token, body: orderFor(), headers });
    const retry = await call('POST', '/api/orders', { token, body: orderFor(), headers });
    assert.equal(retry.body.orderId, first.body.orderId);
    assert.equal(retry.headers.get('idempotent-replayed'), 'true');
    const different = await call('POST', '/api/orders', { token, body: orderFor(3), headers });
    assert.equal(different.status, 422);
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
    const login = await call('POST', '/api/auth/login', { body: ADMIN });
    const status = await call('GET', '/api/admin/projections', { token: login.body.accessToken });
    assert.equal(status.status, 200);
    assert.equal(status.body.items[0].name, 'order_summaries');
    const rebuild = await call('POST', '/api/admin/projections/order_summaries/rebuild', {
      token: login.body.accessToken,
    });
    assert.equal(rebuild.status, 202);
    const customerToken = await customer('hal');
    assert.equal((await call('GET', '/api/admin/projections', { token: customerToken })).status, 403);
  });
});
