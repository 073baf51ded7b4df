import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { checkInvariants, formatInvariants } from '@bazaar/cli';
import { type BazaarClient, bearer, createBazaarClient } from '@bazaar/client';
import { databaseUrlFor } from '@bazaar/postgres';
import { contractCheckingMiddleware, eventually, spawnCli, testDatabaseServerUrl } from '@bazaar/testing';
import postgres from 'postgres';
import { ADMIN, http, startSoloForTests } from '../support/solo-for-tests.js';

// The whole system in one process on the machine's PostgreSQL, with short saga deadlines so the timeout
// paths finish quickly. Every scenario ends with the invariant checker passing once the system is quiet.
let system: Awaited<ReturnType<typeof startSoloForTests>>;
let adminToken: string;
let products: string[];
let bazaar: BazaarClient;
const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
  http(system.url, method, path, options);

async function customer() {
  const account = {
    email: `buyer-${randomUUID()}@example.com`,
    password: 'fulfilment all the way',
    name: 'Buyer',
  };
  const registered = await bazaar.POST('/api/auth/register', { body: account });
  assert.equal(registered.response.status, 201, JSON.stringify(registered.error));
  const login = await bazaar.POST('/api/auth/login', {
    body: { email: account.email, password: account.password },
  });
  return { id: registered.data!.id, token: login.data!.accessToken };
}

const address = (country = 'DE') => ({
  name: 'Dana',
  line1: '5 Harbour Rd',
  city: 'Hamburg',
  postalCode: '20095',
  country,
});

async function place(
  token: string,
  options: { card?: string; country?: string; items?: { productId: string; quantity: number }[] } = {},
) {
  const placed = await bazaar.POST('/api/orders', {
    headers: bearer(token),
    body: {
      items: options.items ?? [
        { productId: products[0]!, quantity: 1 },
        { productId: products[1]!, quantity: 2 },
      ],
      shippingAddress: address(options.country),
      paymentMethod: { type: 'card', number: options.card ?? '4242424242424242' },
    },
  });
  assert.equal(placed.response.status, 202, JSON.stringify(placed.error));
  return placed.data!.orderId;
}

const settled = (token: string, orderId: string) =>
  eventually(async () => {
    const order = await call('GET', `/api/orders/${orderId}`, { token });
    return order.body.status === 'PENDING' ? undefined : order.body;
  }, `order ${orderId} settles`);

/** Passes once the system is quiet: confirmations and stock commits follow the order asynchronously. */
async function invariantsHold() {
  let last = '';
  await eventually(
    async () => {
      const results = await checkInvariants(testDatabaseServerUrl(), system.prefix);
      last = formatInvariants(results);
      return results.every((result) => result.ok) ? true : undefined;
    },
    'the invariants hold',
    20_000,
  ).catch(() => assert.fail(last));
}

const stepsOf = (order: { steps: { name: string; status: string }[] }) =>
  order.steps.map((step) => `${step.name}:${step.status}`);

before(async () => {
  system = await startSoloForTests({
    PAYMENT_TIMEOUT_MS: '1000',
    SAGA_TIMER_POLL_MS: '100',
    SAGA_COMPENSATION_TIMEOUT_MS: '1000',
    SAGA_COMPENSATION_ATTEMPTS: '2',
    SHIPPING_TIMEOUT_MS: '1000',
    INVENTORY_TIMEOUT_MS: '1000',
    SHIPPING_UNAVAILABLE_COUNTRIES: 'AQ',
  });
  bazaar = createBazaarClient({ baseUrl: system.url, middleware: [contractCheckingMiddleware()] });
  adminToken = (await bazaar.POST('/api/auth/login', { body: ADMIN })).data!.accessToken;
  const page = await bazaar.GET('/api/products', { params: { query: { limit: 5 } } });
  products = page.data!.items.map((product) => product.id);
  // Inventory learns the catalogue from ProductCreated events: wait until it has.
  await eventually(async () => {
    const stock = await call('GET', `/api/inventory?productIds=${products.join(',')}`);
    return stock.status === 200 && stock.body.items.length === products.length ? true : undefined;
  }, 'inventory knows the catalogue');
});
after(async () => {
  await system?.close();
});

describe('order fulfilment through the gateway', () => {
  it('confirms an order: stock, payment, shipment, confirmation, each step with its time', async () => {
    const buyer = await customer();
    const before = (await call('GET', `/api/inventory/${products[1]}`)).body;
    const orderId = await place(buyer.token);
    const order = await settled(buyer.token, orderId);
    assert.equal(order.status, 'CONFIRMED', JSON.stringify(order.steps));
    assert.deepEqual(stepsOf(order), [
      'order-placed:COMPLETED',
      'reserve-inventory:STARTED',
      'reserve-inventory:COMPLETED',
      'capture-payment:STARTED',
      'capture-payment:COMPLETED',
      'create-shipment:STARTED',
      'create-shipment:COMPLETED',
      'send-confirmation:COMPLETED',
    ]);
    for (const step of order.steps) assert.ok(!Number.isNaN(Date.parse(step.at)));

    const payment = await call('GET', `/api/payments/${orderId}`, { token: buyer.token });
    assert.equal(payment.body.status, 'CAPTURED');
    assert.deepEqual(payment.body.amount, order.total);
    const shipment = await call('GET', `/api/shipments/${orderId}`, { token: buyer.token });
    assert.equal(shipment.body.status, 'CREATED');
    assert.match(shipment.body.trackingNumber, /^BZ/);
    await eventually(async () => {
      const mail = await call('GET', '/api/notifications', { token: buyer.token });
      return mail.body.items.find(
        (item: { kind: string; reference: string }) =>
          item.kind === 'order-confirmed' && item.reference === orderId,
      );
    }, 'the confirmation reached the mailbox');
    await eventually(async () => {
      const now = (await call('GET', `/api/inventory/${products[1]}`)).body;
      return now.committed === before.committed + 2 && now.available === before.available - 2
        ? true
        : undefined;
    }, 'two units sold');
    await invariantsHold();
    // The console's button: the same checker behind the admin API, which the gateway runs in solo mode.
    const checked = await bazaar.POST('/api/admin/invariants', { headers: bearer(adminToken) });
    assert.equal(checked.response.status, 200, JSON.stringify(checked.error));
    assert.equal(checked.data!.ok, true, JSON.stringify(checked.data));
    assert.deepEqual(
      checked.data!.results.map((result) => [result.id, result.ok]),
      [1, 2, 3, 4, 5].map((id) => [id, true]),
    );
    assert.ok(checked.data!.results[0]!.counts.orders! >= 1, JSON.stringify(checked.data!.results[0]));
    const refused = await bazaar.POST('/api/admin/invariants', { headers: bearer(buyer.token) });
    assert.equal(refused.response.status, 403);
  });

  it('mails the seeded admin the confirmation of an order they place, like any customer', async () => {
    const orderId = await place(adminToken);
    assert.equal((await settled(adminToken, orderId)).status, 'CONFIRMED');
    await eventually(async () => {
      const mail = await call('GET', '/api/notifications', { token: adminToken });
      return mail.body.items.find(
        (item: { kind: string; reference: string }) =>
          item.kind === 'order-confirmed' && item.reference === orderId,
      );
    }, "the confirmation reached the admin's mailbox");
    await invariantsHold();
  });

  for (const scenario of [
    { reason: 'PAYMENT_DECLINED', options: { card: '4000000000000002' }, compensated: ['reserve-inventory'] },
    {
      reason: 'INSUFFICIENT_FUNDS',
      options: { card: '4000000000009995' },
      compensated: ['reserve-inventory'],
    },
    {
      reason: 'PAYMENT_TIMEOUT',
      options: { card: '4000000000000341' },
      compensated: ['capture-payment', 'reserve-inventory'],
    },
    {
      reason: 'SHIPPING_UNAVAILABLE',
      options: { country: 'AQ' },
      compensated: ['capture-payment', 'reserve-inventory'],
    },
  ]) {
    it(`cancels with ${scenario.reason}, compensating in reverse order`, async () => {
      const buyer = await customer();
      const orderId = await place(buyer.token, scenario.options);
      const order = await settled(buyer.token, orderId);
      assert.equal(order.status, 'CANCELLED');
      assert.equal(order.reason, scenario.reason);
      const compensated = order.steps
        .filter((step: { status: string }) => step.status === 'COMPENSATED')
        .map((step: { name: string }) => step.name);
      assert.deepEqual(compensated, scenario.compensated);
      await invariantsHold();
    });
  }

  it('cancels with OUT_OF_STOCK when a line cannot be served, holding nothing', async () => {
    const buyer = await customer();
    const before = (await call('GET', `/api/inventory/${products[2]}`)).body;
    const orderId = await place(buyer.token, {
      items: [
        { productId: products[0]!, quantity: 1 },
        { productId: products[2]!, quantity: before.available + 1 },
      ],
    });
    const order = await settled(buyer.token, orderId);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.reason, 'OUT_OF_STOCK');
    const after = (await call('GET', `/api/inventory/${products[2]}`)).body;
    assert.equal(after.available, before.available);
    await invariantsHold();
  });

  it('lets the customer cancel before shipment (CANCELLED_BY_CUSTOMER), and not after', async () => {
    const buyer = await customer();
    // The provider never answers this card, so the order waits in capture-payment long enough to cancel.
    const orderId = await place(buyer.token, { card: '4000000000000341' });
    const cancel = await call('POST', `/api/orders/${orderId}/cancel`, { token: buyer.token });
    assert.equal(cancel.status, 202, cancel.text);
    const again = await call('POST', `/api/orders/${orderId}/cancel`, { token: buyer.token });
    assert.ok([202, 409].includes(again.status), again.text);
    const order = await settled(buyer.token, orderId);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.reason, 'CANCELLED_BY_CUSTOMER');

    const shipped = await place(buyer.token);
    assert.equal((await settled(buyer.token, shipped)).status, 'CONFIRMED');
    const late = await call('POST', `/api/orders/${shipped}/cancel`, { token: buyer.token });
    assert.equal(late.status, 409);
    const stranger = await customer();
    assert.equal(
      (await call('POST', `/api/orders/${orderId}/cancel`, { token: stranger.token })).status,
      404,
    );
    await invariantsHold();
  });

  it('cancels with INVENTORY_UNAVAILABLE when inventory never answers, and releases whatever it may hold', async () => {
    const buyer = await customer();
    // Inventory's stock table is gone: every reservation fails (retried, then dead-lettered), so the saga
    // sends it three times and gives up; the release that follows needs no stock row and is acknowledged.
    const inventoryDb = postgres(databaseUrlFor(testDatabaseServerUrl(), `${system.prefix}_inventory`), {
      max: 1,
    });
    await inventoryDb`ALTER TABLE stock RENAME TO stock_away`;
    let order: { status: string; reason: string; steps: { name: string; status: string }[] };
    try {
      const orderId = await place(buyer.token);
      order = await settled(buyer.token, orderId);
    } finally {
      await inventoryDb`ALTER TABLE stock_away RENAME TO stock`;
      await inventoryDb.end();
    }
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.reason, 'INVENTORY_UNAVAILABLE');
    assert.equal(
      order.steps.filter((step) => step.name === 'reserve-inventory' && step.status === 'STARTED').length,
      3,
    );
    assert.ok(order.steps.some((step) => step.name === 'reserve-inventory' && step.status === 'COMPENSATED'));
    await invariantsHold();
  });

  it('parks a saga whose compensation is never acknowledged, and resumes it when an admin retries', async () => {
    const buyer = await customer();
    // Shipping's table is gone: its handler fails every command (retried, then dead-lettered), so the shipment
    // times out and so does its compensation, until the saga is parked.
    const shippingDb = postgres(databaseUrlFor(testDatabaseServerUrl(), `${system.prefix}_shipping`), {
      max: 1,
    });
    await shippingDb`ALTER TABLE shipments RENAME TO shipments_away`;
    let orderId: string;
    try {
      orderId = await place(buyer.token);
      const parked = await eventually(async () => {
        const saga = await call('GET', `/api/admin/sagas/${orderId}`, { token: adminToken });
        return saga.body.saga?.status === 'NEEDS_ATTENTION' ? saga.body : undefined;
      }, 'the saga is parked');
      assert.equal(parked.saga.currentStep, 'create-shipment');
      assert.equal(parked.saga.failureReason, 'SHIPPING_UNAVAILABLE');
      assert.ok(parked.history.some((entry: { kind: string }) => entry.kind === 'parked'));
      const listed = await call('GET', '/api/admin/sagas?status=NEEDS_ATTENTION', { token: adminToken });
      assert.ok(listed.body.items.some((saga: { id: string }) => saga.id === orderId));
      assert.equal(
        (await call('GET', `/api/orders/${orderId}`, { token: buyer.token })).body.status,
        'PENDING',
      );
      // Every command shipping was sent is a dead letter now: nothing would resume the saga by itself.
      await eventually(async () => {
        const status = await call('GET', '/api/admin/messaging/shipping', { token: adminToken });
        const commands = status.body.consumers.find(
          (c: { group: string }) => c.group === 'shipping.commands',
        );
        return commands.waiting === 0 && commands.dead >= 1 ? true : undefined;
      }, "shipping's failed commands are dead letters");
    } finally {
      await shippingDb`ALTER TABLE shipments_away RENAME TO shipments`;
      await shippingDb.end();
    }

    // The cause is fixed; the operator retries the parked saga.
    const retried = await call('POST', `/api/admin/sagas/${orderId}/retry`, { token: adminToken });
    assert.equal(retried.status, 202, retried.text);
    const order = await settled(buyer.token, orderId);
    assert.equal(order.status, 'CANCELLED');
    assert.equal(order.reason, 'SHIPPING_UNAVAILABLE');
    const again = await call('POST', `/api/admin/sagas/${orderId}/retry`, { token: adminToken });
    assert.equal(again.status, 409);
    await invariantsHold();
  });

  it('shows sagas to admins with their history', async () => {
    const list = await call('GET', '/api/admin/sagas?limit=5', { token: adminToken });
    assert.equal(list.status, 200, list.text);
    assert.ok(list.body.items.length > 0);
    assert.ok((list.body.counts.COMPLETED ?? 0) > 0);
    const one = await call('GET', `/api/admin/sagas/${list.body.items[0].id}`, { token: adminToken });
    assert.equal(one.status, 200);
    assert.ok(one.body.history.length > 1);
    const buyer = await customer();
    assert.equal((await call('GET', '/api/admin/sagas', { token: buyer.token })).status, 403);
  });
});

describe('dashboard (BFF)', () => {
  it('returns user, orders, payments and notifications in one call', async () => {
    const buyer = await customer();
    const orderId = await place(buyer.token);
    await settled(buyer.token, orderId);
    const dashboard = await eventually(async () => {
      const response = await call('GET', `/api/dashboard/${buyer.id}`, { token: buyer.token });
      assert.equal(response.status, 200, response.text);
      return response.body.notifications.length >= 2 ? response.body : undefined;
    }, 'welcome and confirmation are on the dashboard');
    assert.deepEqual(dashboard.degraded, []);
    assert.equal(dashboard.user.id, buyer.id);
    assert.equal(dashboard.orders[0].id, orderId);
    assert.equal(dashboard.payments[0].orderId, orderId);
    const stranger = await customer();
    assert.equal((await call('GET', `/api/dashboard/${buyer.id}`, { token: stranger.token })).status, 404);
    const asAdmin = await call('GET', `/api/dashboard/${buyer.id}`, { token: adminToken });
    assert.equal(asAdmin.status, 200);
    assert.equal(asAdmin.body.orders[0].id, orderId);
    assert.deepEqual(asAdmin.body.degraded, [], "an admin sees every part of another user's dashboard");
    assert.deepEqual(asAdmin.body.notifications, dashboard.notifications);
    const nobody = await call('GET', `/api/dashboard/${randomUUID()}`, { token: adminToken });
    assert.equal(nobody.status, 404, 'no user, no dashboard');
  });

  it('still answers when a part is down, naming it in degraded', async () => {
    const buyer = await customer();
    const payment = system.services.find((service) => service.name === 'payment')!;
    await payment.stop();
    const response = await call('GET', `/api/dashboard/${buyer.id}`, { token: buyer.token });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(response.body.degraded, ['payments']);
    assert.equal(response.body.payments, null);
    assert.equal(response.body.user.id, buyer.id);
  });
});

describe('npm run check-invariants', () => {
  const runChecker = () =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      // `npm run check-invariants`: the compiled CLI.
      const child = spawnCli(['check-invariants'], {
        env: { ...process.env, DATABASE_URL: testDatabaseServerUrl(), BAZAAR_DB_PREFIX: system.prefix },
      });
      let output = '';
      child.stdout!.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr!.on('data', (chunk) => {
        output += chunk;
      });
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('passes on the quiet system, and fails with exit 1 naming the product when stock is tampered with', async () => {
    await invariantsHold();
    const clean = await runChecker();
    assert.equal(clean.code, 0, clean.output);
    assert.match(clean.output, /all invariants hold/);
    assert.equal(clean.output.match(/^PASS /gm)?.length, 5);

    // One unit moved from available to sold behind the system's back: no confirmed order explains it.
    const inventoryDb = postgres(databaseUrlFor(testDatabaseServerUrl(), `${system.prefix}_inventory`), {
      max: 1,
    });
    try {
      await inventoryDb`UPDATE stock SET available = available - 1, committed = committed + 1 WHERE product_id = ${products[3]!}`;
      const tampered = await runChecker();
      assert.equal(tampered.code, 1, tampered.output);
      assert.match(tampered.output, /^FAIL {2}2\./m);
      assert.match(tampered.output, new RegExp(`product ${products[3]}`));
    } finally {
      await inventoryDb`UPDATE stock SET available = available + 1, committed = committed - 1 WHERE product_id = ${products[3]!}`;
      await inventoryDb.end();
    }
  });
});
