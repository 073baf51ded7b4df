import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type BazaarClient, bearer } from '@bazaar/client';
import { eventually, type ReceivedSpan, startOtlpReceiver } from '@bazaar/testing';
import {
  ADMIN,
  http,
  logIn,
  registerCustomer,
  startSoloForTests,
  stockedProducts,
  typedClient,
} from '../support/solo-for-tests.js';

const PIPELINE = ['gateway', 'inventory', 'notification', 'ordering', 'payment', 'shipping'];

let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let system: Awaited<ReturnType<typeof startSoloForTests>>;
let bazaar: BazaarClient;
let adminToken: string;
let orderId: string;
let traceId: string;

before(async () => {
  // A real OTLP/HTTP receiver, as a collector would be: every service exports to it in batches.
  receiver = await startOtlpReceiver();
  system = await startSoloForTests({
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  bazaar = typedClient(system.url);
  adminToken = await logIn(bazaar, ADMIN);
  const buyer = await registerCustomer(bazaar, 'Tracy');
  const [productId] = await stockedProducts(bazaar, system.url, 1);
  const placed = await bazaar.POST('/api/orders', {
    headers: bearer(buyer.token),
    body: {
      items: [{ productId: productId!, quantity: 1 }],
      shippingAddress: {
        name: 'Tracy',
        line1: '1 Span St',
        city: 'Lyon',
        postalCode: '69001',
        country: 'FR',
      },
      paymentMethod: { type: 'card', number: '4242424242424242' },
    },
  });
  assert.equal(placed.response.status, 202);
  orderId = placed.data!.orderId;
  await eventually(async () => {
    const order = await bazaar.GET('/api/orders/{id}', {
      params: { path: { id: orderId } },
      headers: bearer(buyer.token),
    });
    return order.data?.status === 'CONFIRMED' ? true : undefined;
  }, 'the order is confirmed');
});

after(async () => {
  await system?.close();
  await receiver?.close();
});

/** The collector's spans of the trace that placed the order (the one whose spans name the order). */
function orderTrace(spans: readonly ReceivedSpan[]): ReceivedSpan[] {
  const ids = new Set(
    spans.filter((span) => span.attributes['bazaar.order_id'] === orderId).map((span) => span.traceId),
  );
  assert.ok(ids.size <= 1, `the order's spans are in one trace, not ${ids.size}`);
  const [id] = ids;
  return spans.filter((span) => span.traceId === id);
}

// The request through the gateway, the call it made, and the hops of the saga through the outbox.
const EXPECTED = [
  'gateway: POST /api/orders',
  'gateway: POST ordering',
  'ordering: POST /api/orders',
  'ordering: outbox write',
  'ordering: db transaction',
  'ordering: publish inventory.commands',
  'ordering: saga order-fulfilment start',
  'ordering: saga order-fulfilment reply',
  'inventory: process inventory.reserve-stock',
  'payment: process payment.capture-payment',
  'shipping: process shipping.create-shipment',
  'ordering: process shipping.shipment-created',
  'notification: process ordering.order-confirmed',
];

/** What is missing from the trace of an order: expected spans, and one tree with the gateway's request at its root. */
function problemsOf(spans: readonly ReceivedSpan[]): string[] {
  const names = new Set(spans.map((span) => `${span.service}: ${span.name}`));
  const missing = EXPECTED.filter((name) => !names.has(name)).map((name) => `missing ${name}`);
  const ids = new Set(spans.map((span) => span.spanId));
  const roots = spans
    .filter((span) => !span.parentSpanId || !ids.has(span.parentSpanId))
    .map((span) => `${span.service}: ${span.name}`);
  return roots.length === 1 && roots[0] === 'gateway: POST /api/orders'
    ? missing
    : [...missing, `roots: ${roots.join(', ')}`];
}

describe('one trace per order, exported over OTLP/HTTP', () => {
  it('given one placed and confirmed order, then the collector holds a single trace whose spans cover the gateway and every service of the fulfilment', async () => {
    await eventually(async () => {
      const services = new Set(orderTrace(receiver.spans).map((span) => span.service));
      return PIPELINE.every((service) => services.has(service)) ? true : undefined;
    }, 'the collector has spans of gateway, ordering, inventory, payment, shipping and notification in one trace');
    // Spans of one trace end (and are exported) in batches of their own: wait for the whole tree.
    await eventually(
      async () => (problemsOf(orderTrace(receiver.spans)).length === 0 ? true : undefined),
      'the trace is complete',
      10_000,
    ).catch(() => {});
    const spans = orderTrace(receiver.spans);
    assert.deepEqual(problemsOf(spans), [], spans.map((span) => `${span.service}: ${span.name}`).join(' | '));
    traceId = spans[0]!.traceId;
  });

  it('then the gateway shows the same trace from the spans the services keep in memory', async () => {
    const exported = orderTrace(receiver.spans);
    const shown = await eventually(async () => {
      const answer = await http(system.url, 'GET', `/api/admin/traces/${traceId}`, { token: adminToken });
      assert.equal(answer.status, 200, answer.text);
      return answer.body.spans.length >= exported.length ? answer.body : undefined;
    }, 'every exported span is in memory too');
    assert.equal(shown.traceId, traceId);
    assert.deepEqual(shown.unreachable, []);
    for (const service of PIPELINE) assert.ok(shown.services.includes(service), service);
    const shownIds = new Set(shown.spans.map((span: { spanId: string }) => span.spanId));
    for (const span of exported) assert.ok(shownIds.has(span.spanId), `${span.service}: ${span.name}`);
  });

  it('then the order id finds that trace, and a customer may not look', async () => {
    const byOrder = await http(system.url, 'GET', `/api/admin/traces?orderId=${orderId}`, {
      token: adminToken,
    });
    assert.equal(byOrder.status, 200, byOrder.text);
    assert.deepEqual(
      byOrder.body.items.map((item: { traceId: string }) => item.traceId),
      [traceId],
    );
    const customer = await registerCustomer(bazaar, 'Nosy');
    const refused = await http(system.url, 'GET', `/api/admin/traces/${traceId}`, { token: customer.token });
    assert.equal(refused.status, 403);
  });

  it('given an unknown trace id, then the answer is 404', async () => {
    const missing = await http(system.url, 'GET', `/api/admin/traces/${'0'.repeat(31)}1`, {
      token: adminToken,
    });
    assert.equal(missing.status, 404);
  });
});
