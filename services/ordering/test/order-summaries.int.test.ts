import { after, before, describe, it } from 'node:test';
import { projectionSpecification, storedEvents } from '@bazaar/event-store';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import type postgres from 'postgres';
import { orderSummaries } from '../src/application/order-summaries.js';
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
  const query = async (tx: postgres.TransactionSql, tables: Record<string, string>) =>
    tx<Record<string, unknown>[]>`
      SELECT order_id::text AS "orderId", status, reason, total_amount::int AS total, currency, item_count AS "itemCount", version
      FROM ${tx(tables.order_summaries!)}`;

  it('lists a placed order as pending with its total and item count', async () => {
    await spec()
      .given(storedEvents(`order-${orderId}`, [placed]))
      .thenRows(query, [
        { orderId, status: 'PENDING', reason: null, total: 5498, currency: 'EUR', itemCount: 5, version: 1 },
      ]);
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
      .thenRows(query, [
        {
          orderId,
          status: 'CANCELLED',
          reason: 'OUT_OF_STOCK',
          total: 5498,
          currency: 'EUR',
          itemCount: 5,
          version: 3,
        },
      ]);
  });

  it('ignores streams that are not orders', async () => {
    await spec()
      .given(storedEvents('cart-1', [{ type: 'OrderPlaced', data: placed.data }]))
      .thenRows(query, []);
  });
});
