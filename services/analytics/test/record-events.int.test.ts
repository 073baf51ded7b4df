import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { EVENT_TYPES } from '@bazaar/contracts';
import { type Envelope, PoisonMessageError } from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import { createTestTokenIssuer, eventually, startTestService } from '@bazaar/testing';
import type postgres from 'postgres';
import { recordEvents } from '../src/application/record-events.js';
import { figuresRepository } from '../src/db/figures-repository.js';
import { fraudRepository } from '../src/db/fraud-repository.js';
import { orderProgressRepository } from '../src/db/order-progress-repository.js';
import { DEFAULT_FRAUD_RULE } from '../src/domain/fraud-rule.js';
import { analyticsService } from '../src/service.js';
import { declined, envelopeOf, eur, newOrder } from './event-fixtures.js';

// The all-events consumer as the host runs it, on the real PostgreSQL, in two services of their own: one
// handles each scenario's events as one batch (one transaction), the other one event per transaction, in
// the same order. Both get the same events, so after every scenario each of their tables must be equal.
type Running = Awaited<ReturnType<typeof startTestService>>;
interface Instance {
  running: Running;
  db: Pool;
  handle: (events: readonly Envelope[], tx: postgres.TransactionSql) => Promise<void>;
}
let batched: Instance;
let alone: Instance;

async function instance(): Promise<Instance> {
  const running = await startTestService(analyticsService, {
    tokens: (await createTestTokenIssuer()).verifier,
  });
  const db = running.context.db!;
  const store = {
    figures: figuresRepository(db),
    orders: orderProgressRepository(),
    fraud: fraudRepository(db),
  };
  return { running, db, handle: recordEvents(store, running.messaging!, DEFAULT_FRAUD_RULE) };
}

before(async () => {
  [batched, alone] = await Promise.all([instance(), instance()]);
});
after(async () => {
  await Promise.all([batched?.running.close(), alone?.running.close()]);
});

const inOneBatch = (target: Instance, events: readonly Envelope[]) =>
  target.db.begin((tx) => target.handle(events, tx));
const oneAtATime = async (target: Instance, events: readonly Envelope[]) => {
  for (const event of events) await inOneBatch(target, [event]);
};

/** Every row of every table analytics writes, and the events it published, without generated ids. */
async function tablesOf({ db }: Instance) {
  return {
    eventsSeen: await db`SELECT type, seen FROM events_seen ORDER BY type`,
    orderMinutes: await db`SELECT minute, placed, confirmed, cancelled FROM order_minutes ORDER BY minute`,
    revenueMinutes: await db`SELECT minute, currency, amount FROM revenue_minutes ORDER BY minute, currency`,
    orderProgress: await db`
      SELECT order_id, placed, confirmed, cancelled, units_counted FROM order_progress ORDER BY order_id`,
    placedLines: await db`
      SELECT order_id, line_no, product_id, quantity FROM placed_lines ORDER BY order_id, line_no`,
    productSales: await db`SELECT product_id, units_sold FROM product_sales ORDER BY product_id`,
    sagaOutcomes: await db`SELECT outcome, orders FROM saga_outcomes ORDER BY outcome`,
    paymentDeclines: await db`SELECT order_id, user_id, declined_at FROM payment_declines ORDER BY order_id`,
    fraudAlerts: await db`
      SELECT user_id, declined_payments, window_start, window_end FROM fraud_alerts ORDER BY seq`,
    published: await db`
      SELECT envelope->>'type' AS type, envelope->>'subject' AS subject, envelope->'data' AS data
      FROM outbox ORDER BY id`,
  };
}
type Tables = Awaited<ReturnType<typeof tablesOf>>;

/**
 * Handles `earlier` one at a time on both services, then `batch` as one batch on one and one at a time on
 * the other, and asserts they left every table alike. Answers the tables.
 */
async function sameAsOneAtATime(
  batch: readonly Envelope[],
  earlier: readonly Envelope[] = [],
): Promise<Tables> {
  await Promise.all([oneAtATime(batched, earlier), oneAtATime(alone, earlier)]);
  await Promise.all([inOneBatch(batched, batch), oneAtATime(alone, batch)]);
  const tables = await tablesOf(batched);
  assert.deepEqual(tables, await tablesOf(alone), 'the batch left every table as one event at a time does');
  return tables;
}

// Each scenario owns its minutes: event times are whole minutes after a base minute of its own.
let nextBase = Date.parse('2026-11-25T00:00:00Z');
function minutesOfScenario() {
  const base = nextBase;
  nextBase += 60 * 60_000;
  return { at: (minutes: number, seconds = 15) => new Date(base + minutes * 60_000 + seconds * 1000) };
}

const rowsOf = <T extends Record<string, unknown>>(
  rows: readonly T[],
  key: keyof T,
  ids: readonly unknown[],
) => rows.filter((row) => ids.some((id) => String(id) === String(row[key])));

/** A promise to wait for and the function that fulfils it. */
function signal() {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fire, fired };
}

/** The other events of a confirmed order's life, which analytics only counts. */
const sagaSteps = (orderId: string, userId: string, time: Date) => [
  envelopeOf(EVENT_TYPES.stockReserved, { orderId, lines: [] }, time, orderId),
  envelopeOf(
    EVENT_TYPES.paymentCaptured,
    { paymentId: randomUUID(), orderId, userId, amount: eur(1000) },
    time,
    orderId,
  ),
  envelopeOf(EVENT_TYPES.stockCommitted, { orderId }, time, orderId),
];

describe('a batch of events gives the tables of one event at a time', () => {
  it('counts orders placed and confirmed in one batch, in either order, once each and with their units', async () => {
    const { at } = minutesOfScenario();
    const lamp = randomUUID();
    const chair = randomUUID();
    const placedFirst = newOrder([
      { productId: lamp, quantity: 2 },
      { productId: chair, quantity: 1 },
    ]);
    const confirmedFirst = newOrder([{ productId: lamp, quantity: 5 }]);
    const cancelled = newOrder([{ productId: chair, quantity: 9 }]);
    const placedOnly = newOrder([{ productId: chair, quantity: 7 }]);
    const resent = placedFirst.confirmed(at(1));
    const tables = await sameAsOneAtATime([
      placedFirst.placed(at(0)),
      confirmedFirst.confirmed(at(1, 40), { amount: 500, currency: 'USD' }),
      ...sagaSteps(placedFirst.orderId, placedFirst.userId, at(0, 30)),
      resent,
      cancelled.placed(at(0, 50)),
      placedOnly.placed(at(0, 55)),
      { ...resent, id: randomUUID() }, // re-sent under a new message id
      confirmedFirst.placed(at(0, 20)),
      cancelled.cancelled(at(2), 'OUT_OF_STOCK'),
      placedFirst.placed(at(0)),
    ]);

    assert.deepEqual(
      rowsOf(tables.productSales, 'product_id', [lamp, chair]).map((row) => [row.product_id, row.units_sold]),
      [
        [lamp, 7],
        [chair, 1],
      ].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)),
    );
    assert.deepEqual(
      rowsOf(tables.orderMinutes, 'minute', [at(0, 0), at(1, 0), at(2, 0)]).map((row) => [
        row.placed,
        row.confirmed,
        row.cancelled,
      ]),
      [
        [4, 0, 0],
        [0, 2, 0],
        [0, 0, 1],
      ],
    );
    assert.deepEqual(
      rowsOf(tables.placedLines, 'order_id', [
        placedFirst.orderId,
        confirmedFirst.orderId,
        cancelled.orderId,
        placedOnly.orderId,
      ]).map((row) => row.order_id),
      [cancelled.orderId, placedOnly.orderId].sort(),
      'only the lines of orders not confirmed are kept',
    );
  });

  it('counts a confirmation against a placement of an earlier batch, and a placement against an earlier confirmation', async () => {
    const { at } = minutesOfScenario();
    const kettle = randomUUID();
    const placedBefore = newOrder([{ productId: kettle, quantity: 3 }]);
    const confirmedBefore = newOrder([{ productId: kettle, quantity: 4 }]);
    const tables = await sameAsOneAtATime(
      [
        placedBefore.confirmed(at(1)),
        confirmedBefore.placed(at(0)),
        placedBefore.placed(at(0)), // re-sent: already known, nothing new
        confirmedBefore.cancelled(at(2), 'CANCELLED_BY_CUSTOMER'),
      ],
      [placedBefore.placed(at(0)), confirmedBefore.confirmed(at(1))],
    );
    assert.deepEqual(rowsOf(tables.productSales, 'product_id', [kettle]), [
      { product_id: kettle, units_sold: 7 },
    ]);
    assert.deepEqual(
      rowsOf(tables.placedLines, 'order_id', [placedBefore.orderId, confirmedBefore.orderId]),
      [],
    );
  });

  it('adds revenue per minute and currency and saga outcomes per reason over many orders', async () => {
    const { at } = minutesOfScenario();
    const events: Envelope[] = [];
    const reasons = ['OUT_OF_STOCK', 'PAYMENT_DECLINED', 'SHIPPING_UNAVAILABLE'] as const;
    for (let i = 0; i < 24; i++) {
      const order = newOrder();
      events.push(order.placed(at(i % 3, i)));
      if (i % 4 === 3) events.push(order.cancelled(at(3, i), reasons[i % 3]!));
      else
        events.push(
          order.confirmed(at(3 + (i % 2), i), { amount: 100 + i, currency: i % 3 ? 'EUR' : 'SEK' }),
        );
    }
    const tables = await sameAsOneAtATime(events);
    const minute = (minutes: number) => at(minutes, 0).getTime();
    assert.deepEqual(
      tables.revenueMinutes
        .filter((row) => [minute(3), minute(4)].includes((row.minute as Date).getTime()))
        .map((row) => row.currency),
      ['EUR', 'SEK', 'EUR', 'SEK'],
    );
  });

  it('raises one fraud alert for three declines of one user in one batch, and publishes it once', async () => {
    const { at } = minutesOfScenario();
    const user = randomUUID();
    const tables = await sameAsOneAtATime([
      declined(user, at(0, 0)),
      declined(user, at(4, 0)),
      declined(user, at(9, 0)),
      declined(user, at(7, 0)),
    ]);
    assert.deepEqual(
      rowsOf(tables.published, 'subject', [user]).map((row) => row.data),
      [
        {
          userId: user,
          declinedPayments: 3,
          windowStart: at(0, 0).toISOString(),
          windowEnd: at(9, 0).toISOString(),
        },
      ],
    );
    assert.equal(rowsOf(tables.fraudAlerts, 'user_id', [user]).length, 1);
  });

  it('judges declines against those and the alerts of earlier batches, once per order, user by user', async () => {
    const { at } = minutesOfScenario();
    const [ann, bob, cem] = [randomUUID(), randomUUID(), randomUUID()];
    const repeated = declined(bob, at(30, 0));
    const tables = await sameAsOneAtATime(
      [
        declined(ann, at(9, 0)), // completes ann's window of earlier declines
        declined(ann, at(10, 0)), // within the window of that alert: quiet
        repeated,
        { ...repeated, id: randomUUID() }, // bob's same decline again: one decline of one order
        declined(cem, at(15, 0)),
        declined(bob, at(31, 0)),
        declined(ann, at(24, 0)), // 15 minutes after ann's alert: a window of its own begins
        declined(cem, at(16, 0)),
        declined(ann, at(25, 0)),
        declined(ann, at(26, 0)),
        declined(bob, at(29, 0)),
      ],
      [declined(ann, at(0, 0)), declined(ann, at(4, 0)), declined(cem, at(14, 0)), declined(bob, at(30, 0))],
    );
    assert.deepEqual(
      rowsOf(tables.fraudAlerts, 'user_id', [ann, bob, cem]).map((row) => [
        row.user_id === ann ? 'ann' : row.user_id === bob ? 'bob' : 'cem',
        row.declined_payments,
        row.window_end,
      ]),
      [
        ['ann', 3, at(9, 0)],
        ['bob', 3, at(31, 0)],
        ['cem', 3, at(16, 0)],
        ['ann', 3, at(26, 0)],
      ],
    );
  });

  it('waits for a transaction holding the same order and then counts against what it committed', async () => {
    const { at } = minutesOfScenario();
    const desk = randomUUID();
    const [order, reference] = [newOrder([{ productId: desk, quantity: 2 }]), newOrder()];
    const [placed, commit] = [signal(), signal()];
    // The first transaction records the placement (the order's first row) and holds its commit...
    const first = batched.db.begin(async (tx) => {
      await batched.handle([order.placed(at(0))], tx);
      placed.fire();
      await commit.fired;
    });
    await placed.fired;
    // ...while the batch with the confirmation wants the same order's row and waits for it.
    const batch = inOneBatch(batched, [reference.placed(at(0)), order.confirmed(at(1))]);
    await eventually(async () => {
      const [waiting] = await batched.db<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO order_progress%'`;
      return waiting && waiting.n > 0 ? true : undefined;
    }, 'the batch waits for the order held by the first transaction');
    commit.fire();
    await Promise.all([first, batch]);
    await oneAtATime(alone, [order.placed(at(0)), reference.placed(at(0)), order.confirmed(at(1))]);

    const tables = await tablesOf(batched);
    assert.deepEqual(tables, await tablesOf(alone));
    assert.deepEqual(rowsOf(tables.productSales, 'product_id', [desk]), [
      { product_id: desk, units_sold: 2 },
    ]);
  });

  it('refuses a batch with an event without time as poison, writing nothing, so the host handles each alone', async () => {
    const { at } = minutesOfScenario();
    const order = newOrder();
    const { time: _time, ...timeless } = order.confirmed(at(1));
    const before = await tablesOf(batched);
    await assert.rejects(
      inOneBatch(batched, [order.placed(at(0)), timeless as Envelope]),
      PoisonMessageError,
    );
    assert.deepEqual(await tablesOf(batched), before);
  });
});

describe('statements per batch', () => {
  /**
   * Handles the events in one transaction and answers how many statements it sent (outbox included); the
   * other service handles them one at a time, so both keep the same tables.
   */
  async function statementsOf(events: readonly Envelope[]): Promise<number> {
    await oneAtATime(alone, events);
    let sent = 0;
    await batched.db.begin(async (tx) => {
      // Counting every statement the handler sends; the outbox, not seeing a pool's transaction, then
      // writes at once instead of just before the commit: the same one statement.
      const counting = new Proxy(tx, {
        apply(target, self, args) {
          sent += 1;
          return Reflect.apply(target, self, args);
        },
      });
      await batched.handle(events, counting);
    });
    return sent;
  }

  /**
   * `orders` order lives with a declined payment each (one user's, so they raise an alert); the first
   * order is not confirmed yet, so its lines are kept.
   */
  function lives(orders: number, at: (minutes: number, seconds?: number) => Date): Envelope[] {
    const user = randomUUID();
    return Array.from({ length: orders }, (_, i) => {
      const order = newOrder([
        { productId: randomUUID(), quantity: 1 },
        { productId: randomUUID(), quantity: 2 },
      ]);
      return [
        order.placed(at(i % 5)),
        ...sagaSteps(order.orderId, order.userId, at(i % 5, 30)),
        declined(user, at(i % 5, 40)),
        ...(i === 0 ? [] : [order.confirmed(at(1 + (i % 5)))]),
      ];
    }).flat();
  }

  it('is the same for 60 orders as for 3: a fixed number, not one per event', async () => {
    const { at } = minutesOfScenario();
    const few = await statementsOf(lives(3, at));
    const many = await statementsOf(lives(60, at));
    assert.equal(many, few);
    // order progress (lock, save), kept lines, units, minutes, revenue, outcomes, events seen; fraud (lock,
    // record and read, alerts, outbox)
    assert.equal(few, 12);
  });
});
