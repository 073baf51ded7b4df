import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BazaarClient } from '@bazaar/client';
import { EVENT_TYPES } from '@bazaar/contracts';
import { eventually } from '@bazaar/testing';
import {
  ADMIN,
  http,
  logIn,
  placeOrder,
  registerCustomer,
  startSoloForTests,
  typedClient,
} from '../support/solo-for-tests.js';

// The live tail of the events on the transport (GET /api/admin/events) against the whole system: an order
// placed through the API shows up as the events of its saga, each once, in the order they were published.
let system: Awaited<ReturnType<typeof startSoloForTests>>;
let bazaar: BazaarClient;
let adminToken: string;
let buyer: Awaited<ReturnType<typeof registerCustomer>>;

before(async () => {
  system = await startSoloForTests();
  bazaar = typedClient(system.url);
  adminToken = await logIn(bazaar, ADMIN);
  buyer = await registerCustomer(bazaar, 'Tailer');
});
after(async () => {
  await system?.close();
});

interface TailEvent {
  service: string;
  outboxId: number;
  id: string;
  type: string;
  source: string;
  subject?: string;
  traceparent?: string;
  publishedAt: string;
  data: unknown;
  subscribers: string[];
}

const events = (query = '', token = adminToken) =>
  http(system.url, 'GET', `/api/admin/events${query}`, { token });

describe('GET /api/admin/events', () => {
  it('tails an order’s events as they are published, each once, and a cursor yields only newer ones', async () => {
    const start = await events();
    assert.equal(start.status, 200, start.text);
    assert.deepEqual(start.body.unreachable, []);
    let cursor: string = start.body.cursor;
    const startCursor = cursor;
    const seen: TailEvent[] = [];

    const orderId = await placeOrder(bazaar, system.url, buyer.token);
    const ofOrder = () => seen.filter((event) => event.subject === orderId);
    await eventually(async () => {
      const page = await events(`?cursor=${cursor}`);
      assert.equal(page.status, 200, page.text);
      seen.push(...(page.body.items as TailEvent[]));
      cursor = page.body.cursor;
      return ofOrder().some((event) => event.type === EVENT_TYPES.orderConfirmed) ? true : undefined;
    }, 'the order’s confirmation is in the tail');

    const ids = seen.map((event) => `${event.service}:${event.outboxId}`);
    assert.equal(new Set(ids).size, ids.length, 'no event twice');
    const types = ofOrder().map((event) => event.type);
    assert.equal(types[0], EVENT_TYPES.orderPlaced, `${types}`);
    for (const type of [
      EVENT_TYPES.reserveStock,
      EVENT_TYPES.stockReserved,
      EVENT_TYPES.capturePayment,
      EVENT_TYPES.paymentCaptured,
      EVENT_TYPES.createShipment,
      EVENT_TYPES.shipmentCreated,
    ])
      assert.ok(
        types.indexOf(type) > 0 && types.indexOf(type) < types.indexOf(EVENT_TYPES.orderConfirmed),
        `${type} in ${types}`,
      );

    const placed = ofOrder()[0]!;
    assert.equal(placed.service, 'ordering');
    assert.equal(placed.source, '/bazaar/ordering');
    assert.equal((placed.data as { orderId: string }).orderId, orderId);
    assert.ok(placed.subscribers.includes('notification.order-events'), `${placed.subscribers}`);
    assert.ok(placed.subscribers.includes('analytics.all-events'), `${placed.subscribers}`);
    const capture = ofOrder().find((event) => event.type === EVENT_TYPES.capturePayment)!;
    assert.deepEqual(capture.subscribers, ['payment.commands']);
    const captured = ofOrder().find((event) => event.type === EVENT_TYPES.paymentCaptured)!;
    assert.equal(captured.service, 'payment');
    // One trace carries the order from its request through every hop of its saga.
    const traceIds = new Set(ofOrder().map((event) => event.traceparent?.split('-')[1]));
    assert.equal(traceIds.size, 1, `${[...traceIds]}`);
    assert.match([...traceIds][0] ?? '', /^[0-9a-f]{32}$/);

    // The latest cursor: only what was published since, none of the order's events again.
    const later = await events(`?cursor=${cursor}`);
    assert.equal(later.status, 200);
    for (const event of later.body.items as TailEvent[])
      assert.ok(!ids.includes(`${event.service}:${event.outboxId}`), `${event.type} came again`);
    // The first cursor again: the same events from the start, as often as it is asked.
    const again = await events(`?cursor=${startCursor}&limit=200`);
    assert.ok(
      (again.body.items as TailEvent[]).some(
        (event) => event.subject === orderId && event.type === EVENT_TYPES.orderPlaced,
      ),
    );
  });

  it('answers a cursor it did not issue with a 400 problem, never a 500', async () => {
    const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const cursor of [
      'not a cursor',
      'bm90IGpzb24',
      cursorOf([1, 2]),
      cursorOf({ nosuchservice: 1 }),
      cursorOf({ ordering: -1 }),
      cursorOf({ ordering: 1.5 }),
      cursorOf({ ordering: '3' }),
      cursorOf(null),
    ]) {
      const answer = await events(`?cursor=${encodeURIComponent(cursor)}`);
      assert.equal(answer.status, 400, `${cursor}: ${answer.text}`);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }
    assert.equal((await events('?cursor=bm90IGpzb24')).body.type, 'urn:bazaar:problem:invalid-cursor');
    assert.equal((await events('?limit=201')).status, 400);
  });

  it('is for admins only', async () => {
    const refused = await events('', buyer.token);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.type, 'urn:bazaar:problem:forbidden');
    assert.equal((await events('', '')).status, 401);
  });
});
