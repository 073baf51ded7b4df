import type { ProjectionDefinition } from '@bazaar/event-store';
import type { OrderEvent } from '../domain/order.js';

export const ORDER_STREAM_PREFIX = 'order-';

/**
 * The read model behind `GET /api/orders`: one row per order, newest first per user. Rebuilt from the
 * event streams whenever its version changes.
 */
export const orderSummaries: ProjectionDefinition = {
  name: 'order_summaries',
  version: 1,
  tables: ['order_summaries'],

  async create(tx, tables) {
    const table = tables.order_summaries!;
    await tx.unsafe(`
      CREATE TABLE "${table}" (
        order_id      uuid PRIMARY KEY,
        user_id       uuid NOT NULL,
        status        text NOT NULL,
        reason        text,
        total_amount  bigint NOT NULL,
        currency      char(3) NOT NULL,
        item_count    integer NOT NULL,
        version       integer NOT NULL,
        created_at    timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL
      )`);
    await tx.unsafe(
      `CREATE INDEX "${table}_user_newest_idx" ON "${table}" (user_id, created_at DESC, order_id DESC)`,
    );
  },

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
