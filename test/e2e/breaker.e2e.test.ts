import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseUrlFor } from '@bazaar/postgres';
import { problemTypeUri } from '@bazaar/problem';
import { eventually, testDatabaseServerUrl } from '@bazaar/testing';
import postgres from 'postgres';
import {
  ADMIN,
  http,
  invariantsHold,
  logIn,
  registerCustomer,
  startSoloForTests,
  stockedProducts,
  typedClient,
} from '../support/solo-for-tests.js';

// The whole system with fault injection on and small breaker thresholds: catalog goes down (an injected
// outage of its HTTP answers), the breakers in front of it open — the gateway's for product pages, ordering's
// for price lookups — and everything else keeps working; when catalog is back they close.
const HALF_OPEN_MS = 1_500;
let system: Awaited<ReturnType<typeof startSoloForTests>>;
let adminToken: string;
let productId: string;
const call = (method: string, path: string, options?: Parameters<typeof http>[3]) =>
  http(system.url, method, path, options);

const order = (token: string) =>
  call('POST', '/api/orders', {
    token,
    body: {
      items: [{ productId, quantity: 1 }],
      shippingAddress: {
        name: 'Dana',
        line1: '5 Harbour Rd',
        city: 'Hamburg',
        postalCode: '20095',
        country: 'DE',
      },
      paymentMethod: { type: 'card', number: '4242424242424242' },
    },
  });

async function storedOrders(): Promise<number> {
  const sql = postgres(databaseUrlFor(testDatabaseServerUrl(), `${system.prefix}_ordering`), { max: 1 });
  try {
    const [row] = await sql<
      { count: string }[]
    >`SELECT count(*) FROM es_events WHERE event_type = 'OrderPlaced'`;
    return Number(row!.count);
  } finally {
    await sql.end();
  }
}

async function breaker(upstream: string): Promise<string> {
  const view = await call('GET', '/api/admin/resilience', { token: adminToken });
  assert.equal(view.status, 200);
  return view.body.upstreams.find((entry: { upstream: string }) => entry.upstream === upstream).breaker;
}

before(async () => {
  system = await startSoloForTests({
    FAULTS_ENABLED: 'true',
    UPSTREAM_POLICIES: JSON.stringify({ default: { breakerFailures: 3, halfOpenAfterMs: HALF_OPEN_MS } }),
  });
  adminToken = await logIn(typedClient(system.url), ADMIN);
  [productId] = (await stockedProducts(typedClient(system.url), system.url, 1)) as [string];
});
after(async () => {
  await system?.close();
});

describe('catalog down: breakers open, the rest keeps working, recovery closes them', () => {
  it('given an outage of catalog, then product pages answer 503 circuit-open fast, orders are refused with 503 and nothing is stored; once catalog is back the breakers close and orders go through', async (t) => {
    const buyer = await registerCustomer(typedClient(system.url));
    const storedBefore = await storedOrders();
    const outage = await call('PUT', '/api/admin/faults/catalog/down', {
      token: adminToken,
      body: { kind: 'outage', target: 'http' },
    });
    assert.equal(outage.status, 201, outage.text);

    // Product pages: the outage's own 503s until the gateway's breaker opens, then circuit-open, no call made.
    await eventually(async () => {
      const page = await call('GET', `/api/products/${productId}`);
      assert.equal(page.status, 503);
      return page.body.type === problemTypeUri('circuit-open') ? true : undefined;
    }, "the gateway's catalog breaker opens");
    const durations: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      const page = await call('GET', `/api/products/${productId}`);
      durations.push(performance.now() - started);
      assert.equal(page.status, 503);
      assert.equal(page.body.type, problemTypeUri('circuit-open'));
      assert.ok(Number(page.headers.get('retry-after')) >= 1);
    }
    durations.sort((a, b) => a - b);
    t.diagnostic(`open breaker through the gateway: median ${durations[5]!.toFixed(2)} ms`);
    assert.equal(await breaker('catalog'), 'open');

    // Orders: ordering cannot price them, so each is refused with a 503 that says when to retry.
    for (let i = 0; i < 5; i++) {
      const refused = await order(buyer.token);
      assert.equal(refused.status, 503, refused.text);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.ok(
        [problemTypeUri('circuit-open'), problemTypeUri('upstream-unavailable')].includes(refused.body.type),
        refused.text,
      );
    }
    const last = await order(buyer.token);
    assert.equal(last.body.type, problemTypeUri('circuit-open'), "ordering's breaker on catalog is open");
    assert.equal(await storedOrders(), storedBefore, 'no refused order was stored');
    // Ordering's refusals are not ordering failing: the gateway's breaker on it stays closed.
    assert.equal(await breaker('ordering'), 'closed');
    const history = await call('GET', '/api/orders', { token: buyer.token });
    assert.equal(history.status, 200);
    assert.deepEqual(history.body.items, []);

    const cleared = await call('DELETE', '/api/admin/faults/catalog', { token: adminToken });
    assert.ok([200, 204].includes(cleared.status), cleared.text);
    await eventually(
      async () => ((await call('GET', `/api/products/${productId}`)).status === 200 ? true : undefined),
      'product pages are served again once the breaker half-opens',
      HALF_OPEN_MS * 4,
    );
    assert.equal(await breaker('catalog'), 'closed');
    const accepted = await eventually(async () => {
      const placed = await order(buyer.token);
      return placed.status === 202 ? placed : undefined;
    }, "orders are accepted again once ordering's breaker closes");
    const settled = await eventually(async () => {
      const state = await call('GET', `/api/orders/${accepted.body.orderId}`, { token: buyer.token });
      return state.body.status === 'PENDING' ? undefined : state.body;
    }, 'the order settles');
    assert.equal(settled.status, 'CONFIRMED');

    await invariantsHold(system.prefix);
  });
});
