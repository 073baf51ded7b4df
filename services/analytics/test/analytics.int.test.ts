import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CANCELLATION_REASONS, EVENT_TYPES, EVENTS } from '@bazaar/contracts';
import type { Envelope } from '@bazaar/messaging';
import {
  createTestTokenIssuer,
  eventually,
  injectJson,
  startTestService,
  type TestTokenIssuer,
} from '@bazaar/testing';
import { analyticsService } from '../src/service.js';
import { declined, envelopeOf, eur, newOrder, topicOf } from './event-fixtures.js';

// Events are published straight onto the transport with chosen CloudEvents times, as their publishers'
// relays would: analytics alone is under test. Times are whole minutes back from the start of the run (plus
// a few seconds), so each test owns its minutes.
const GROUP = 'analytics.all-events';
const MINUTE = 60_000;
const START_MINUTE = Math.floor(Date.now() / MINUTE) * MINUTE;
const minutesAgo = (minutes: number, seconds = 15) =>
  new Date(START_MINUTE - minutes * MINUTE + seconds * 1000);
const minuteName = (minutes: number) => new Date(START_MINUTE - minutes * MINUTE).toISOString();

let analytics: Awaited<ReturnType<typeof startTestService>>;
let issuer: TestTokenIssuer;
let adminToken: string;

const call = (...args: Parameters<ReturnType<typeof injectJson>>) => injectJson(analytics.app)(...args);
const db = () => analytics.context.db!;
const transport = () => analytics.messaging!.transport!;

/** Publishes the envelopes one by one (in this order) and waits until the group has handled them all. */
async function publishAndSettle(...envelopes: Envelope[]): Promise<void> {
  for (const envelope of envelopes) await transport().publish([{ topic: topicOf(envelope), envelope }]);
  await settled(envelopes.map((envelope) => envelope.id));
}

async function settled(messageIds: readonly string[]): Promise<void> {
  await eventually(async () => {
    const [row] = await db()<{ n: number }[]>`
      SELECT count(*)::int AS n FROM inbox WHERE consumer = ${GROUP} AND message_id IN ${db()(messageIds)}`;
    const { waiting } = await transport().backlog(GROUP);
    return row?.n === new Set(messageIds).size && waiting === 0 ? true : undefined;
  }, `${messageIds.length} messages were handled`);
}

interface Figures {
  ordersPerMinute: {
    minute: string;
    placed: number;
    confirmed: number;
    cancelled: number;
    revenue: { amount: number; currency: string }[];
  }[];
  topProducts: { productId: string; unitsSold: number }[];
  sagaOutcomes: Record<string, number>;
  fraudAlerts: {
    userId: string;
    declinedPayments: number;
    windowStart: string;
    windowEnd: string;
    raisedAt: string;
  }[];
  eventsSeen: Record<string, number>;
}

async function figures(query = ''): Promise<Figures> {
  const response = await call('GET', `/api/admin/analytics${query}`, undefined, adminToken);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

const fraudEventsInOutbox = (userId: string) =>
  db()<{ envelope: Envelope<Record<string, unknown>> }[]>`
    SELECT envelope FROM outbox
    WHERE envelope->>'type' = ${EVENT_TYPES.fraudSuspected} AND envelope->>'subject' = ${userId} ORDER BY id`;

before(async () => {
  issuer = await createTestTokenIssuer();
  analytics = await startTestService(analyticsService, { transport: true, tokens: issuer.verifier });
  adminToken = await issuer.token({ role: 'admin' });
});
after(async () => {
  await analytics?.close();
});

describe('orders and revenue per minute (tumbling windows by event time)', () => {
  it('counts placed, confirmed and cancelled orders and confirmed revenue per currency in their minute', async () => {
    const first = newOrder();
    const second = newOrder();
    const third = newOrder();
    await publishAndSettle(
      first.placed(minutesAgo(30, 5)),
      second.placed(minutesAgo(30, 40)),
      third.placed(minutesAgo(30, 59)),
      first.confirmed(minutesAgo(29, 1), eur(1999)),
      second.confirmed(minutesAgo(29, 30), { amount: 500, currency: 'USD' }),
      third.cancelled(minutesAgo(29, 45), 'OUT_OF_STOCK'),
      newOrder().confirmed(minutesAgo(29, 50), eur(1)),
    );

    const { ordersPerMinute } = await figures();
    assert.deepEqual(
      ordersPerMinute.filter((row) => row.minute === minuteName(30) || row.minute === minuteName(29)),
      [
        { minute: minuteName(30), placed: 3, confirmed: 0, cancelled: 0, revenue: [] },
        {
          minute: minuteName(29),
          placed: 0,
          confirmed: 3,
          cancelled: 1,
          revenue: [eur(2000), { amount: 500, currency: 'USD' }],
        },
      ],
    );
  });

  it('windows by when the event happened, not when it arrived, and reports only the minutes asked for', async () => {
    const old = newOrder();
    await publishAndSettle(old.placed(minutesAgo(120)), old.confirmed(minutesAgo(119), eur(700)));

    const lastHour = await figures('?minutes=60');
    assert.ok(!lastHour.ordersPerMinute.some((row) => row.minute === minuteName(120)));
    const minutes = lastHour.ordersPerMinute.map((row) => row.minute);
    assert.deepEqual(minutes, [...minutes].sort(), 'oldest first');

    const lastThreeHours = await figures('?minutes=180');
    assert.deepEqual(
      lastThreeHours.ordersPerMinute.find((row) => row.minute === minuteName(119)),
      { minute: minuteName(119), placed: 0, confirmed: 1, cancelled: 0, revenue: [eur(700)] },
    );
  });
});

describe('top products (units of confirmed orders)', () => {
  it('counts the lines of a placed order when its confirmation arrives, in either order of arrival', async () => {
    const lamp = randomUUID();
    const chair = randomUUID();
    const confirmedFirst = newOrder([
      { productId: lamp, quantity: 400 },
      { productId: chair, quantity: 100 },
    ]);
    const placedFirst = newOrder([{ productId: lamp, quantity: 300 }]);
    const neverConfirmed = newOrder([{ productId: chair, quantity: 900 }]);
    const cancelled = newOrder([{ productId: chair, quantity: 800 }]);

    await publishAndSettle(
      confirmedFirst.confirmed(minutesAgo(20, 30)),
      placedFirst.placed(minutesAgo(20, 1)),
      neverConfirmed.placed(minutesAgo(20, 2)),
      cancelled.placed(minutesAgo(20, 3)),
    );
    let { topProducts } = await figures();
    assert.ok(!topProducts.some((product) => product.productId === lamp || product.productId === chair));

    await publishAndSettle(
      confirmedFirst.placed(minutesAgo(20, 10)), // placed after its confirmation arrived
      placedFirst.confirmed(minutesAgo(19)),
      cancelled.cancelled(minutesAgo(19), 'PAYMENT_DECLINED'),
    );
    ({ topProducts } = await figures());
    assert.deepEqual(topProducts.slice(0, 2), [
      { productId: lamp, unitsSold: 700 },
      { productId: chair, unitsSold: 100 },
    ]);
    assert.ok(topProducts.length <= 10);
    const [kept] = await db()<{ n: number }[]>`
      SELECT count(*)::int AS n FROM placed_lines WHERE order_id IN ${db()([confirmedFirst.orderId, placedFirst.orderId])}`;
    assert.equal(kept?.n, 0, 'the lines of counted orders are not kept');
  });

  it('never counts an order twice when its events are re-sent under new message ids', async () => {
    const kettle = randomUUID();
    const order = newOrder([{ productId: kettle, quantity: 250 }]);
    await publishAndSettle(
      order.placed(minutesAgo(18)),
      order.confirmed(minutesAgo(17)),
      order.placed(minutesAgo(18)),
      order.confirmed(minutesAgo(17)),
    );
    const { topProducts, ordersPerMinute } = await figures();
    assert.deepEqual(
      topProducts.find((product) => product.productId === kettle),
      { productId: kettle, unitsSold: 250 },
    );
    assert.equal(ordersPerMinute.find((row) => row.minute === minuteName(18))?.placed, 1);
    assert.equal(ordersPerMinute.find((row) => row.minute === minuteName(17))?.confirmed, 1);
  });
});

describe('saga outcomes by reason', () => {
  it('counts CONFIRMED and every cancellation reason, once per order', async () => {
    const before = (await figures()).sagaOutcomes;
    assert.deepEqual(Object.keys(before).sort(), ['CONFIRMED', ...CANCELLATION_REASONS].sort());

    const envelopes: Envelope[] = [];
    for (const reason of CANCELLATION_REASONS) {
      const order = newOrder();
      const cancellation = order.cancelled(minutesAgo(15), reason);
      envelopes.push(cancellation, { ...cancellation, id: randomUUID() }); // re-sent under a new id
    }
    envelopes.push(newOrder().cancelled(minutesAgo(15), 'PAYMENT_DECLINED'));
    envelopes.push(newOrder().confirmed(minutesAgo(15)), newOrder().confirmed(minutesAgo(15)));
    await publishAndSettle(...envelopes);

    const after = (await figures()).sagaOutcomes;
    const delta = Object.fromEntries(
      Object.entries(after).map(([key, value]) => [key, value - (before[key] ?? 0)]),
    );
    assert.deepEqual(delta, {
      ...Object.fromEntries(CANCELLATION_REASONS.map((reason) => [reason, 1])),
      PAYMENT_DECLINED: 2,
      CONFIRMED: 2,
    });
  });
});

describe('fraud rule: 3 declined payments of one user within 10 minutes', () => {
  it('publishes one FraudSuspected through the outbox and stores it, and stays quiet while the window matches', async () => {
    const userId = randomUUID();
    await publishAndSettle(
      declined(userId, minutesAgo(40, 0)),
      declined(userId, minutesAgo(36, 0)),
      declined(userId, minutesAgo(31, 0)),
    );
    await publishAndSettle(declined(userId, minutesAgo(34, 0))); // a fourth within the same window

    const published = await fraudEventsInOutbox(userId);
    assert.equal(published.length, 1);
    const event = published[0]!.envelope;
    assert.equal(event.source, '/bazaar/analytics');
    assert.deepEqual(event.data, {
      userId,
      declinedPayments: 3,
      windowStart: minutesAgo(40, 0).toISOString(),
      windowEnd: minutesAgo(31, 0).toISOString(),
    });
    const alert = (await figures()).fraudAlerts.find((entry) => entry.userId === userId);
    assert.ok(alert);
    assert.equal(alert.declinedPayments, 3);
    assert.equal(alert.windowEnd, minutesAgo(31, 0).toISOString());
    assert.ok(!Number.isNaN(Date.parse(alert.raisedAt)));
    await eventually(async () => {
      const { eventsSeen } = await figures();
      return (eventsSeen[EVENT_TYPES.fraudSuspected] ?? 0) >= 1 ? true : undefined;
    }, 'analytics saw its own alert come back through the transport');
  });

  it('raises nothing for 3 declines spread over 25 minutes, even arriving out of order', async () => {
    const userId = randomUUID();
    await publishAndSettle(
      declined(userId, minutesAgo(25, 0)),
      declined(userId, minutesAgo(50, 0)),
      declined(userId, minutesAgo(38, 0)),
    );
    assert.equal((await fraudEventsInOutbox(userId)).length, 0);
    assert.ok(!(await figures()).fraudAlerts.some((entry) => entry.userId === userId));
  });

  it('judges out-of-order declines by their time, and counts one decline per order', async () => {
    const userId = randomUUID();
    const repeatedOrder = randomUUID();
    const first = declined(userId, minutesAgo(45, 0), repeatedOrder);
    await publishAndSettle(
      first,
      { ...first, id: randomUUID() }, // payment announcing the same decline again
      declined(userId, minutesAgo(46, 0)),
    );
    assert.equal((await fraudEventsInOutbox(userId)).length, 0, 'two orders declined, not three');

    await publishAndSettle(declined(userId, minutesAgo(52, 0)));
    const [event] = await fraudEventsInOutbox(userId);
    assert.deepEqual(event?.envelope.data, {
      userId,
      declinedPayments: 3,
      windowStart: minutesAgo(52, 0).toISOString(),
      windowEnd: minutesAgo(45, 0).toISOString(),
    });
  });
});

describe('batches through the transport', () => {
  it('counts events published together, which the group takes as one batch, as it counts them one by one', async () => {
    const bench = randomUUID();
    const confirmedFirst = newOrder([{ productId: bench, quantity: 30 }]);
    const placedFirst = newOrder([{ productId: bench, quantity: 12 }]);
    const userId = randomUUID();
    const envelopes = [
      confirmedFirst.confirmed(minutesAgo(57), eur(3000)),
      placedFirst.placed(minutesAgo(58)),
      declined(userId, minutesAgo(58, 0)),
      confirmedFirst.placed(minutesAgo(58)),
      declined(userId, minutesAgo(57, 0)),
      placedFirst.confirmed(minutesAgo(57), eur(1200)),
      declined(userId, minutesAgo(56, 0)),
      placedFirst.confirmed(minutesAgo(57), eur(1200)),
    ];
    await transport().publish(envelopes.map((envelope) => ({ topic: topicOf(envelope), envelope })));
    await settled(envelopes.map((envelope) => envelope.id));

    const { topProducts, ordersPerMinute } = await figures();
    assert.deepEqual(
      topProducts.find((product) => product.productId === bench),
      { productId: bench, unitsSold: 42 },
    );
    assert.deepEqual(
      ordersPerMinute.filter((row) => row.minute === minuteName(58) || row.minute === minuteName(57)),
      [
        { minute: minuteName(58), placed: 2, confirmed: 0, cancelled: 0, revenue: [] },
        { minute: minuteName(57), placed: 0, confirmed: 2, cancelled: 0, revenue: [eur(4200)] },
      ],
    );
    const published = await fraudEventsInOutbox(userId);
    assert.deepEqual(
      published.map((row) => row.envelope.data),
      [
        {
          userId,
          declinedPayments: 3,
          windowStart: minutesAgo(58, 0).toISOString(),
          windowEnd: minutesAgo(56, 0).toISOString(),
        },
      ],
    );
  });
});

describe('exactly-once figures', () => {
  it('counts nothing twice when the same message is delivered again', async () => {
    const order = newOrder();
    const placed = order.placed(minutesAgo(10));
    const confirmed = order.confirmed(minutesAgo(9), eur(4200));
    const userId = randomUUID();
    const declines = [0, 1, 2].map((minute) => declined(userId, minutesAgo(12 - minute, 0)));
    await publishAndSettle(placed, confirmed, ...declines);
    // The alert comes back to analytics through the transport; let it land before taking the first count.
    const [alert] = await fraudEventsInOutbox(userId);
    assert.ok(alert);
    await analytics.messaging!.drained();
    await settled([alert.envelope.id]);
    const once = await figures();

    const again = [placed, confirmed, ...declines].map((envelope) => ({
      topic: topicOf(envelope),
      envelope,
    }));
    await transport().deliverTo(GROUP, again);
    await eventually(
      async () => ((await transport().backlog(GROUP)).waiting === 0 ? true : undefined),
      'redelivered',
    );
    const twice = await figures();

    const minutesOf = (report: Figures) =>
      report.ordersPerMinute.filter((row) => row.minute === minuteName(10) || row.minute === minuteName(9));
    assert.deepEqual(minutesOf(twice), minutesOf(once));
    assert.deepEqual(twice.eventsSeen, once.eventsSeen);
    assert.deepEqual(twice.sagaOutcomes, once.sagaOutcomes);
    assert.deepEqual(twice.topProducts, once.topProducts);
    assert.equal((await fraudEventsInOutbox(userId)).length, 1);
  });

  it('dead-letters an event without a time at once: it cannot be put in any window', async () => {
    const { time: _time, ...timeless } = newOrder().placed(new Date());
    const envelope = timeless as Envelope;
    await transport().publish([{ topic: topicOf(envelope), envelope }]);
    const letter = await eventually(async () => {
      const letters = await transport().deadLetters(GROUP);
      return letters.find((entry) => (entry.envelope as Envelope).id === envelope.id);
    }, 'the timeless event is a dead letter');
    assert.equal(letter.attempts, 1);
    assert.match(letter.lastError, /time/);
  });
});

describe('the analytics API', () => {
  it('shows every figure to admins, and counts events seen per type', async () => {
    const report = await figures();
    assert.ok(report.eventsSeen[EVENT_TYPES.orderPlaced]! > 0);
    assert.ok(report.eventsSeen[EVENT_TYPES.paymentDeclined]! > 0);
    const seenTypes = Object.keys(report.eventsSeen);
    assert.ok(seenTypes.every((type) => EVENTS.get(type)));
  });

  it('counts every event type on its topics, such as users and products', async () => {
    const before = (await figures()).eventsSeen;
    const userId = randomUUID();
    await publishAndSettle(
      envelopeOf(
        EVENT_TYPES.userRegistered,
        { userId, email: 'x@example.com', name: 'X', registeredAt: new Date().toISOString() },
        new Date(),
        userId,
      ),
      envelopeOf(
        EVENT_TYPES.productCreated,
        { productId: randomUUID(), name: 'Lamp', category: 'home', price: eur(2999) },
        new Date(),
      ),
    );
    const after = (await figures()).eventsSeen;
    assert.equal(after[EVENT_TYPES.userRegistered], (before[EVENT_TYPES.userRegistered] ?? 0) + 1);
    assert.equal(after[EVENT_TYPES.productCreated], (before[EVENT_TYPES.productCreated] ?? 0) + 1);
  });

  it('is for admins only', async () => {
    assert.equal((await call('GET', '/api/admin/analytics')).status, 401);
    const customer = await call(
      'GET',
      '/api/admin/analytics',
      undefined,
      await issuer.token({ role: 'customer' }),
    );
    assert.equal(customer.status, 403);
    assert.equal(customer.body.type, 'urn:bazaar:problem:forbidden');
    const customerBadQuery = await call(
      'GET',
      '/api/admin/analytics?minutes=0',
      undefined,
      await issuer.token({ role: 'customer' }),
    );
    assert.equal(customerBadQuery.status, 403, 'who asks is checked before what is asked');
  });

  it('answers a bad query with a 400 problem', async () => {
    for (const query of [
      'minutes=0',
      'minutes=1441',
      'minutes=abc',
      'minutes=1.5',
      'minutes=60&everything=1',
    ]) {
      const response = await call('GET', `/api/admin/analytics?${query}`, undefined, adminToken);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.type, 'urn:bazaar:problem:validation', query);
      assert.match(String(response.headers['content-type']), /application\/problem\+json/);
    }
    assert.equal((await call('GET', '/api/admin/analytics?minutes=1440', undefined, adminToken)).status, 200);
  });
});
