import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type EventProjection,
  projectionSpecification,
  type StoredEvent,
  storedEvents,
} from '@bazaar/event-store';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import {
  dropDatabasesWithPrefix,
  seededRandom,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import type postgres from 'postgres';
import { ORDER_STREAM_PREFIX, orderSummaries } from '../src/application/order-summaries.js';
import type { OrderEvent } from '../src/domain/order.js';

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('summaries');
let db: Pool;

const orderId = '5b0c5a52-8a1c-4b7e-9d2e-0c6f1e2a3b4c';
const userId = '0f8e3a9d-2b1c-4d5e-8f7a-6b5c4d3e2f1a';
const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    orderId,
    userId,
    items: [
      { productId: 'p-1', quantity: 2, unitPrice: { amount: 1999, currency: 'EUR' } },
      { productId: 'p-2', quantity: 3, unitPrice: { amount: 500, currency: 'EUR' } },
    ],
    total: { amount: 5498, currency: 'EUR' },
    shippingAddress: { name: 'A', line1: 'B', city: 'C', postalCode: '1', country: 'DE' },
    paymentMethod: { type: 'card', last4: '4242' },
    placedAt: '2026-11-25T10:00:00.000Z',
  },
};

/**
 * The projection as it was written before it applied batches: one statement per event. The batch handler
 * must leave exactly the rows this leaves.
 */
const perEventReference: EventProjection = {
  ...orderSummaries,
  handleBatch: undefined,
  async handle(tx, stored, tables) {
    const table = tables.order_summaries!;
    if (!stored.streamId.startsWith(ORDER_STREAM_PREFIX)) return;
    const orderId = stored.streamId.slice(ORDER_STREAM_PREFIX.length);
    const event = { type: stored.type, data: stored.data } as OrderEvent;
    switch (event.type) {
      case 'OrderPlaced': {
        const { data } = event;
        const itemCount = data.items.reduce((count, item) => count + item.quantity, 0);
        await tx`
          INSERT INTO ${tx(table)} (order_id, user_id, status, total_amount, currency, item_count, version, created_at, updated_at)
          VALUES (${orderId}, ${data.userId}, 'PENDING', ${data.total.amount}, ${data.total.currency}, ${itemCount},
                  ${stored.version}, ${data.placedAt}, ${data.placedAt})
          ON CONFLICT (order_id) DO NOTHING`;
        return;
      }
      case 'OrderStepRecorded':
      case 'OrderCancellationRequested':
        await tx`UPDATE ${tx(table)} SET version = ${stored.version}, updated_at = ${event.data.at} WHERE order_id = ${orderId}`;
        return;
      case 'OrderConfirmed':
        await tx`UPDATE ${tx(table)} SET status = 'CONFIRMED', version = ${stored.version}, updated_at = ${event.data.at}
                 WHERE order_id = ${orderId}`;
        return;
      case 'OrderCancelled':
        await tx`UPDATE ${tx(table)} SET status = 'CANCELLED', reason = ${event.data.reason}, version = ${stored.version},
                   updated_at = ${event.data.at} WHERE order_id = ${orderId}`;
        return;
    }
  },
};

/** Orders with their lives (steps, cancellation requests, an outcome or none yet), interleaved at random. */
function interleavedOrders(next: () => number, orders: number): StoredEvent[] {
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 10, minute)).toISOString();
  const streams = Array.from({ length: orders }, (_, index) => {
    const id = `5b0c5a52-8a1c-4b7e-9d2e-${index.toString(16).padStart(12, '0')}`;
    const life: OrderEvent[] = [
      {
        type: 'OrderPlaced',
        data: {
          ...(placed as Extract<OrderEvent, { type: 'OrderPlaced' }>).data,
          orderId: id,
          userId: next() < 0.5 ? userId : '1f8e3a9d-2b1c-4d5e-8f7a-6b5c4d3e2f1a',
          total: { amount: 100 + Math.floor(next() * 10_000), currency: 'EUR' },
          placedAt: at(index),
        },
      },
    ];
    for (let step = 0, steps = Math.floor(next() * 4); step < steps; step++)
      life.push({
        type: 'OrderStepRecorded',
        data: { name: `step-${step}`, status: 'COMPLETED', at: at(index + step + 1) },
      });
    if (next() < 0.2) life.push({ type: 'OrderCancellationRequested', data: { at: at(index + 6) } });
    const outcome = next();
    if (outcome < 0.4) life.push({ type: 'OrderConfirmed', data: { at: at(index + 7) } });
    else if (outcome < 0.75)
      life.push({
        type: 'OrderCancelled',
        data: { reason: next() < 0.5 ? 'OUT_OF_STOCK' : 'PAYMENT_DECLINED', at: at(index + 8) },
      });
    return storedEvents(`order-${id}`, life);
  });
  streams.push(storedEvents('cart-1', [{ type: 'OrderPlaced', data: placed.data }]));
  const interleaved: StoredEvent[] = [];
  while (streams.some((stream) => stream.length > 0)) {
    const open = streams.filter((stream) => stream.length > 0);
    interleaved.push(open[Math.floor(next() * open.length)]!.shift()!);
  }
  return interleaved;
}

before(async () => {
  await ensureDatabase(serverUrl, `${prefix}_db`);
  db = createPool(databaseUrlFor(serverUrl, `${prefix}_db`), { max: 2 });
});
after(async () => {
  await db?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('order summaries projection', () => {
  const spec = () => projectionSpecification(db, orderSummaries);
  /** The placed order's row, with what a test expects to differ. */
  const row = (changes: Record<string, unknown> = {}) => ({
    orderId,
    status: 'PENDING',
    reason: null,
    total: 5498,
    currency: 'EUR',
    itemCount: 5,
    version: 1,
    ...changes,
  });
  const query = async (tx: postgres.TransactionSql, tables: Record<string, string>) =>
    tx<Record<string, unknown>[]>`
      SELECT order_id::text AS "orderId", status, reason, total_amount::int AS total, currency, item_count AS "itemCount", version
      FROM ${tx(tables.order_summaries!)}`;

  it('lists a placed order as pending with its total and item count', async () => {
    await spec()
      .given(storedEvents(`order-${orderId}`, [placed]))
      .thenRows(query, [row()]);
  });

  it('follows steps and the cancellation with its reason', async () => {
    await spec()
      .given(
        storedEvents(`order-${orderId}`, [
          placed,
          {
            type: 'OrderStepRecorded',
            data: { name: 'reserve-inventory', status: 'FAILED', at: '2026-11-25T10:00:01.000Z' },
          },
          { type: 'OrderCancelled', data: { reason: 'OUT_OF_STOCK', at: '2026-11-25T10:00:02.000Z' } },
        ]),
      )
      .thenRows(query, [row({ status: 'CANCELLED', reason: 'OUT_OF_STOCK', version: 3 })]);
  });

  it('ignores streams that are not orders', async () => {
    await spec()
      .given(storedEvents('cart-1', [{ type: 'OrderPlaced', data: placed.data }]))
      .thenRows(query, []);
  });

  it('confirms an order placed in the same batch', async () => {
    await spec()
      .given(
        storedEvents(`order-${orderId}`, [
          placed,
          {
            type: 'OrderStepRecorded',
            data: { name: 'reserve-inventory', status: 'COMPLETED', at: '2026-11-25T10:00:01.000Z' },
          },
          { type: 'OrderConfirmed', data: { at: '2026-11-25T10:00:03.000Z' } },
        ]),
      )
      .thenRows(query, [row({ status: 'CONFIRMED', version: 3 })]);
  });

  it('keeps an order pending after a cancellation request until it is cancelled', async () => {
    await spec()
      .given(
        storedEvents(`order-${orderId}`, [
          placed,
          { type: 'OrderCancellationRequested', data: { at: '2026-11-25T10:00:01.000Z' } },
        ]),
      )
      .thenRows(query, [row({ version: 2 })]);
  });

  it('leaves exactly the rows the per-event handler leaves, however the interleaved log is cut into batches', async () => {
    const everything = async (tx: postgres.TransactionSql, table: string) =>
      (await tx`SELECT * FROM ${tx(table)} ORDER BY order_id`).map((row) => ({ ...row }));
    for (let seed = 1; seed <= 6; seed++) {
      const next = seededRandom(seed);
      const events = interleavedOrders(next, 60);
      const rollback = new Error('rollback');
      await db
        .begin(async (tx) => {
          const reference = { order_summaries: 'reference_summaries' };
          const batched = { order_summaries: 'batched_summaries' };
          await orderSummaries.create(tx, reference);
          await orderSummaries.create(tx, batched);
          for (const event of events) await perEventReference.handle(tx, event, reference);
          for (let from = 0; from < events.length; ) {
            const size = 1 + Math.floor(next() * (seed % 2 === 0 ? 8 : 80));
            await orderSummaries.handleBatch(tx, events.slice(from, from + size), batched);
            from += size;
          }
          const expected = await everything(tx, reference.order_summaries);
          assert.equal(expected.length, 60);
          assert.deepEqual(await everything(tx, batched.order_summaries), expected, `seed ${seed}`);
          throw rollback;
        })
        .catch((error) => {
          if (error !== rollback) throw error;
        });
    }
  });
});
