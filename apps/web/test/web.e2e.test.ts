import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BazaarClient, bearer } from '@bazaar/client';
import { eventually } from '@bazaar/testing';
import type { Page } from 'playwright-core';
import {
  ADMIN,
  http,
  invariantsHold,
  logIn,
  placeOrder,
  registerCustomer,
  startSoloForTests,
  stockedProducts,
  typedClient,
} from '../../../test/support/solo-for-tests.js';
import {
  assertAccessible,
  launchChromium,
  screenshot,
  skipUnlessChromium,
  type TestBrowser,
} from './support/browser.js';
import {
  addFirstToCart,
  checkOut,
  orderStatus,
  registerInShop,
  signInToConsole,
} from './support/shop-steps.js';

// The shop and the console in Chromium against the whole system, as a user and an operator use them: only
// clicks and typing in the pages; the test's own API calls set the scene (faults, parked sagas) and check
// the outcome. Every page visited is checked with axe-core. With SCREENSHOTS=docs/screenshots the README's
// pictures are taken on the way.
const skip = skipUnlessChromium();

let system: Awaited<ReturnType<typeof startSoloForTests>>;
let chrome: TestBrowser;
let bazaar: BazaarClient;
let adminToken: string;

const TIMEOUT = { timeout: 120_000 };
const asAdmin = (method: string, path: string, body?: unknown) =>
  http(system.url, method, path, { token: adminToken, ...(body === undefined ? {} : { body }) });

before(async () => {
  if (skip) return;
  [system, chrome] = await Promise.all([
    startSoloForTests({
      FAULTS_ENABLED: 'true',
      PAYMENT_TIMEOUT_MS: '1000',
      SAGA_TIMER_POLL_MS: '100',
      SAGA_COMPENSATION_TIMEOUT_MS: '1000',
      SAGA_COMPENSATION_ATTEMPTS: '3',
    }),
    launchChromium(),
  ]);
  bazaar = typedClient(system.url);
  adminToken = await logIn(bazaar, ADMIN);
  await stockedProducts(bazaar, system.url, 5);
});
after(async () => {
  await chrome?.close();
  await system?.close();
});

async function shopper(width?: number): Promise<Page> {
  const context = await chrome.context(width ? { width, height: 844 } : {});
  const page = await context.newPage();
  await page.goto(`${system.url}/`);
  return page;
}

describe('the web shop', { skip }, () => {
  it(
    'registers, searches, adds to the cart, checks out with a good card and follows the order to CONFIRMED',
    TIMEOUT,
    async () => {
      const page = await shopper();
      await page.getByRole('heading', { name: 'Catalogue' }).waitFor();
      await page
        .getByText(/\d+ in stock/)
        .first()
        .waitFor();
      await assertAccessible(page, 'the catalogue');
      await screenshot(page, 'shop');
      await registerInShop(page);

      await page.getByLabel('Search products').fill('coffee');
      await page.getByLabel('Search products').press('Enter');
      await page.getByRole('heading', { name: 'Results for “coffee”' }).waitFor();
      const first = page.getByRole('list', { name: 'Products' }).getByRole('link').first();
      const name = (await first.textContent())?.trim() ?? '';
      assert.ok(name, 'a product matches "coffee"');
      await first.click();
      await page.getByRole('heading', { name }).waitFor();
      await page.getByLabel('Quantity').fill('2');
      await page.getByRole('button', { name: 'Add to cart' }).click();
      await page.getByText(`2 × ${name} added to the cart.`).waitFor();
      await assertAccessible(page, 'a product page');

      // The cart is kept across a reload.
      await page.reload();
      await page.getByRole('link', { name: 'Cart (2)' }).waitFor();
      const orderId = await checkOut(page, '4242 4242 4242 4242');
      await orderStatus(page, 'CONFIRMED');
      for (const step of ['Reserve inventory', 'Capture payment', 'Create shipment'])
        await page.getByRole('list', { name: 'Saga steps' }).getByText(step).first().waitFor();
      assert.equal(
        await page.getByRole('button', { name: 'Cancel order' }).count(),
        0,
        'shipped: no cancel button',
      );
      await assertAccessible(page, 'an order page');
      await screenshot(page, 'order');

      await page.getByRole('link', { name: 'Orders' }).click();
      await page.getByRole('link', { name: orderId.slice(0, 8) }).waitFor();
      await page.getByRole('link', { name: 'Mailbox' }).click();
      await page
        .getByRole('list', { name: 'Messages' })
        .getByRole('listitem')
        .first()
        .waitFor({ timeout: 15_000 });
      await assertAccessible(page, 'the mailbox');
      await page.context().close();
    },
  );

  it('shows PAYMENT_DECLINED when the card is declined', TIMEOUT, async () => {
    const page = await shopper();
    await registerInShop(page);
    await addFirstToCart(page);
    await checkOut(page, '4000 0000 0000 0002');
    await orderStatus(page, 'CANCELLED');
    assert.equal((await page.getByTestId('order-reason').textContent())?.trim(), 'PAYMENT_DECLINED');
    await page.context().close();
  });

  it('cancels an order before it ships, on a phone-sized screen', TIMEOUT, async () => {
    // Shipping handles its commands 1.5 s late (within the saga's deadline): the order waits long enough to
    // be cancelled before it ships.
    const slow = await asAdmin('PUT', '/api/admin/faults/shipping/web-slow-shipping', {
      kind: 'latency',
      target: 'messages',
      latencyMs: 1500,
      durationSeconds: 120,
    });
    assert.equal(slow.status, 201, slow.text);
    try {
      const page = await shopper(390);
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(Number(overflow) <= 0, 'no sideways scrolling at 390 px');
      await registerInShop(page);
      await addFirstToCart(page);
      const orderId = await checkOut(page, '4242 4242 4242 4242');
      await page.getByRole('button', { name: 'Cancel order' }).click();
      await orderStatus(page, 'CANCELLED').catch(async (error) => {
        const order = await asAdmin('GET', `/api/orders/${orderId}`);
        assert.fail(`${error}\npage: ${await page.locator('main').textContent()}\norder: ${order.text}`);
      });
      assert.equal((await page.getByTestId('order-reason').textContent())?.trim(), 'CANCELLED_BY_CUSTOMER');
      await assertAccessible(page, 'a cancelled order on a phone');
      await screenshot(page, 'order-cancelled-phone');
      await page.context().close();
    } finally {
      assert.equal((await asAdmin('DELETE', '/api/admin/faults/shipping')).status, 204);
    }
  });
});

describe('the operations console', { skip }, () => {
  let ops: Page;
  before(async () => {
    if (skip) return;
    ops = await (await chrome.context()).newPage();
    await signInToConsole(ops, system.url, ADMIN);
  });

  it('refuses a customer, and shows an admin every service with live charts', TIMEOUT, async () => {
    const page = await shopper();
    await registerInShop(page);
    await page.goto(`${system.url}/ops`);
    await page.getByText('is not an administrator').waitFor();
    await page.context().close();

    const services = ops.getByRole('table').first();
    for (const service of ['identity', 'catalog', 'ordering', 'notification'])
      await services.getByRole('rowheader', { name: service }).waitFor();
    await services.getByText('ready').first().waitFor();
    await ops.locator('.uplot').first().waitFor();
    // Each service's own requests/s and p99, charted live from its own metrics: catalog serves the products.
    const catalog = ops
      .getByRole('listitem')
      .filter({ has: ops.getByRole('heading', { name: 'catalog', level: 3 }) });
    await catalog.getByRole('list', { name: 'Instances of catalog' }).getByText('healthy').waitFor();
    const caption = (title: string) =>
      catalog.locator('figure').filter({ hasText: title }).locator('figcaption').textContent();
    await eventually(async () => {
      await http(system.url, 'GET', '/api/products?limit=1');
      const rate = Number(/([\d.]+)\/s now/.exec((await caption('catalog requests/s')) ?? '')?.[1]);
      const p99 = Number(/([\d.]+) ms now/.exec((await caption('catalog p99')) ?? '')?.[1]);
      return rate > 0 && p99 > 0 ? true : undefined;
    }, "catalog's own requests/s and p99 show the products it served");
    assert.equal(await catalog.locator('.uplot').count(), 2, 'a requests/s chart and a p99 chart');
    await assertAccessible(ops, 'the console overview');
    await ops.setViewportSize({ width: 390, height: 844 });
    await ops.waitForTimeout(300); // the charts follow their containers' new width
    const overflow = await ops.evaluate('document.documentElement.scrollWidth - window.innerWidth');
    assert.ok(Number(overflow) <= 0, `the overview scrolls ${overflow} px sideways at 390 px`);
    await ops.setViewportSize({ width: 1280, height: 900 });
    if (process.env.SCREENSHOTS) {
      // A picture worth showing: some orders while the charts gather a few readings.
      const buyer = await registerCustomer(bazaar, 'Picture');
      const [productId] = await stockedProducts(bazaar, system.url, 1);
      for (let i = 0; i < 12; i++) {
        await bazaar.POST('/api/orders', {
          headers: bearer(buyer.token),
          body: {
            items: [{ productId: productId!, quantity: 1 }],
            shippingAddress: {
              name: 'Pic',
              line1: '1 Lane',
              city: 'Bonn',
              postalCode: '53111',
              country: 'DE',
            },
            paymentMethod: { type: 'card', number: '4242424242424242' },
          },
        });
        await ops.waitForTimeout(800);
      }
    }
    await screenshot(ops, 'console');

    await ops.getByRole('link', { name: 'Analytics' }).click();
    await ops.getByRole('heading', { name: 'Saga outcomes' }).waitFor();
    await assertAccessible(ops, 'the analytics');
    await ops.getByRole('link', { name: 'Resilience' }).click();
    await ops.getByRole('heading', { name: 'Circuit breakers and bulkheads' }).waitFor();
    await assertAccessible(ops, 'the resilience state');
  });

  it('injects a fault from the form and heals it', TIMEOUT, async () => {
    await ops.getByRole('link', { name: 'Faults' }).click();
    await ops.getByLabel('Service').selectOption('catalog');
    await ops.getByLabel('Kind').selectOption('latency');
    await ops.getByLabel('Affects').selectOption('http');
    await ops.getByLabel('Latency (ms)').fill('20');
    await ops.getByRole('button', { name: 'Inject fault' }).click();
    await ops.getByRole('button', { name: 'Heal catalog' }).waitFor();
    const injected = (await asAdmin('GET', '/api/admin/faults/catalog')).body.items;
    assert.equal(injected.length, 1);
    assert.equal(injected[0].latencyMs, 20);
    await assertAccessible(ops, 'the faults');
    await ops.getByRole('button', { name: 'Heal catalog' }).click();
    await ops.getByText('None: every service is healthy').waitFor();
    assert.deepEqual((await asAdmin('GET', '/api/admin/faults/catalog')).body.items, []);
  });

  it('retries a parked saga', TIMEOUT, async () => {
    const buyer = await registerCustomer(bazaar, 'Parked');
    // payment handles no message: the capture times out, the refund keeps failing, the saga parks.
    assert.equal(
      (
        await asAdmin('PUT', '/api/admin/faults/payment/web-payment-down', {
          kind: 'outage',
          target: 'messages',
        })
      ).status,
      201,
    );
    let orderId: string;
    try {
      const placed = await bazaar.POST('/api/orders', {
        headers: bearer(buyer.token),
        body: {
          items: [{ productId: (await stockedProducts(bazaar, system.url, 1))[0]!, quantity: 1 }],
          shippingAddress: { name: 'Pat', line1: '1 Quay', city: 'Cork', postalCode: 'T12', country: 'IE' },
          paymentMethod: { type: 'card', number: '4242424242424242' },
        },
      });
      orderId = placed.data!.orderId;
      await eventually(async () => {
        const saga = await asAdmin('GET', `/api/admin/sagas/${orderId}`);
        return saga.body.saga?.status === 'NEEDS_ATTENTION' ? true : undefined;
      }, 'the saga is parked');
      // Every command payment was sent has run out of deliveries: nothing finishes the saga by itself.
      await eventually(async () => {
        const status = await asAdmin('GET', '/api/admin/messaging/payment');
        const commands = status.body.consumers.find((c: { group: string }) => c.group === 'payment.commands');
        return commands.waiting === 0 ? true : undefined;
      }, "payment's commands are dead letters");
    } finally {
      assert.equal((await asAdmin('DELETE', '/api/admin/faults/payment')).status, 204);
    }

    await ops.getByRole('link', { name: 'Sagas', exact: true }).click();
    await ops.getByRole('link', { name: new RegExp(orderId.slice(0, 8)) }).click();
    await ops.getByTestId('saga-status').filter({ hasText: 'NEEDS_ATTENTION' }).waitFor();
    await assertAccessible(ops, 'a parked saga');
    await ops.getByRole('button', { name: 'Retry saga' }).click();
    await ops.getByTestId('saga-status').filter({ hasText: 'COMPENSATED' }).waitFor({ timeout: 30_000 });
    const order = await http(system.url, 'GET', `/api/orders/${orderId}`, { token: buyer.token });
    assert.equal(order.body.status, 'CANCELLED');
    assert.equal(order.body.reason, 'PAYMENT_TIMEOUT');

    // The order's traces, from the spans every service keeps, as a waterfall.
    await ops.getByRole('link', { name: 'its traces' }).click();
    const spans = ops.getByRole('list', { name: /^Spans of trace / }).first();
    await spans.getByText('ordering').first().waitFor();
    await assertAccessible(ops, "an order's traces");
    await screenshot(ops, 'trace');
  });

  it('inspects and redrives a dead letter, and discards another', TIMEOUT, async () => {
    // notification handles no message while a customer registers: the welcome becomes a dead letter.
    assert.equal(
      (
        await asAdmin('PUT', '/api/admin/faults/notification/web-mail-down', {
          kind: 'outage',
          target: 'messages',
        })
      ).status,
      201,
    );
    let customer: Awaited<ReturnType<typeof registerCustomer>>;
    try {
      customer = await registerCustomer(bazaar, 'Lost');
      await eventually(async () => {
        const letters = await asAdmin('GET', '/api/admin/messaging/notification/dead-letters');
        return letters.body.items.length > 0 ? true : undefined;
      }, 'the welcome is a dead letter');
    } finally {
      assert.equal((await asAdmin('DELETE', '/api/admin/faults/notification')).status, 204);
    }

    await ops.getByRole('link', { name: 'Dead letters', exact: true }).click();
    await ops.getByRole('link', { name: 'notification', exact: true }).click();
    await ops.getByRole('button', { name: 'Inspect envelope' }).first().click();
    await ops.getByTestId('envelope').filter({ hasText: customer.email }).waitFor();
    await assertAccessible(ops, 'the dead letters');
    await ops.getByRole('button', { name: 'Redrive' }).first().click();
    await ops.getByText('0 dead letters').waitFor();
    await eventually(async () => {
      const mail = await http(system.url, 'GET', '/api/notifications', { token: customer.token });
      return mail.body.items.length > 0 ? true : undefined;
    }, 'the redriven welcome reached the mailbox');

    // The parked saga's undeliverable payment commands: one is discarded for good.
    const before = (await asAdmin('GET', '/api/admin/messaging/payment/dead-letters')).body.items.length;
    assert.ok(before > 0);
    await ops.getByRole('link', { name: 'payment', exact: true }).click();
    await ops.getByRole('button', { name: 'Discard…' }).first().click();
    await ops.getByRole('button', { name: 'Discard for good' }).click();
    await ops.getByText(`${before - 1} dead letters`).waitFor();
  });

  it('rebuilds a projection and shows it done', TIMEOUT, async () => {
    const [projection] = (await asAdmin('GET', '/api/admin/projections')).body.items;
    await ops.getByRole('link', { name: 'Projections' }).click();
    await ops.getByRole('button', { name: `Rebuild ${projection.name}` }).click();
    await ops.getByText(`Rebuild of ${projection.name} started.`).waitFor();
    await ops
      .getByText(`v${projection.version} / g${projection.activeGeneration + 1}`)
      .waitFor({ timeout: 30_000 });
    await ops.getByRole('button', { name: `Rebuild ${projection.name}` }).waitFor();
    await assertAccessible(ops, 'the projections');
    await invariantsHold(system.prefix, 30_000);
  });

  it(
    'isolates and closes a breaker, switches rate limits off and on, and runs the invariant checker',
    TIMEOUT,
    async () => {
      await ops.getByRole('link', { name: 'Resilience' }).click();
      await ops.getByRole('button', { name: 'Isolate analytics' }).click();
      await ops.getByText('Switched in 1 gateway worker.').waitFor();
      await ops.getByRole('button', { name: 'Close the breaker of analytics' }).waitFor();
      await ops
        .getByRole('row', { name: /analytics/ })
        .getByText('isolated')
        .waitFor();
      const refused = await asAdmin('GET', '/api/admin/analytics');
      assert.equal(refused.status, 503, 'the gateway refuses calls to an isolated upstream');
      assert.equal(refused.body.type, 'urn:bazaar:problem:circuit-open');
      await assertAccessible(ops, 'the resilience page with an isolated breaker');
      await ops.getByRole('button', { name: 'Close the breaker of analytics' }).click();
      await ops
        .getByRole('row', { name: /analytics/ })
        .getByText('closed')
        .waitFor();
      assert.equal((await asAdmin('GET', '/api/admin/analytics')).status, 200);

      await ops.getByRole('button', { name: 'Switch rate limits off' }).click();
      await ops.getByText('switched off').waitFor();
      assert.equal((await asAdmin('GET', '/api/admin/resilience')).body.rateLimits.enforced, false);
      await ops.getByRole('button', { name: 'Enforce rate limits' }).click();
      await ops.getByText('enforced', { exact: true }).waitFor();
      assert.equal((await asAdmin('GET', '/api/admin/resilience')).body.rateLimits.enforced, true);

      // The system is quiet after the rebuild above (its last step checked the invariants directly).
      await ops.getByRole('link', { name: 'Invariants' }).click();
      await ops.getByRole('button', { name: 'Run the invariant checker' }).click();
      await ops.getByText('all hold').waitFor();
      const verdicts = ops.getByRole('table').getByRole('row');
      assert.equal(await verdicts.count(), 6, 'a header and the five invariants');
      assert.equal(await ops.getByRole('table').getByText('holds', { exact: true }).count(), 5);
      await assertAccessible(ops, 'the invariants');
      await screenshot(ops, 'console-invariants');
    },
  );

  it(
    'tails an order’s events live, filters them, pauses, expands one and follows its trace',
    TIMEOUT,
    async () => {
      await ops.getByRole('link', { name: 'Events', exact: true }).click();
      await ops.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
      await ops.getByRole('status').filter({ hasText: 'Live.' }).waitFor();
      const buyer = await registerCustomer(bazaar, 'Tail');
      const orderId = await placeOrder(bazaar, system.url, buyer.token);
      const rows = ops.getByRole('table', { name: 'Events, newest first' }).getByRole('row');
      const ofOrder = (type: string) => rows.filter({ hasText: orderId }).filter({ hasText: type });
      await ofOrder('ordering.order-confirmed').waitFor({ timeout: 30_000 });
      await ofOrder('payment.payment-captured').waitFor();

      await ops.getByLabel('Filter by type or service').fill('ordering');
      await ofOrder('ordering.order-placed').waitFor();
      assert.equal(await ofOrder('payment.payment-captured').count(), 0, 'payment’s events are filtered out');

      await ops.getByRole('button', { name: 'Pause' }).click();
      await ops.getByRole('status').filter({ hasText: 'Paused' }).waitFor();
      await ops.getByRole('button', { name: 'Resume' }).click();
      await ops.getByRole('status').filter({ hasText: 'Live.' }).waitFor();

      await ofOrder('ordering.order-placed')
        .getByRole('button', { name: /^Show data of ordering\.order-placed/ })
        .click();
      await ops.getByTestId('event-data').filter({ hasText: orderId }).waitFor();
      await assertAccessible(ops, 'the events');
      await ops.setViewportSize({ width: 390, height: 844 });
      const overflow = await ops.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      assert.ok(Number(overflow) <= 0, 'no sideways scrolling of the page at 390 px');
      await ops.setViewportSize({ width: 1280, height: 900 });
      await screenshot(ops, 'console-events');

      await ops.getByRole('link', { name: /^trace [0-9a-f]{12}$/ }).click();
      const spans = ops.getByRole('list', { name: /^Spans of trace / });
      await spans.getByText('ordering').first().waitFor();
    },
  );
});
