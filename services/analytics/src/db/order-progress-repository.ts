import type { Sql } from '@bazaar/postgres';
import { type OrderProgress, UNSEEN_ORDER } from '../domain/order-progress.js';

export interface PlacedLine {
  productId: string;
  quantity: number;
}

/** Per-order state; `lock` serialises the handlers of one order's events (they may run at once). */
export const orderProgressRepository = {
  async lock(orderId: string, sql: Sql): Promise<OrderProgress> {
    await sql`INSERT INTO order_progress (order_id) VALUES (${orderId}) ON CONFLICT DO NOTHING`;
    const [row] = await sql<OrderProgress[]>`
      SELECT placed, confirmed, cancelled, units_counted AS "unitsCounted"
      FROM order_progress WHERE order_id = ${orderId} FOR UPDATE`;
    return row ?? UNSEEN_ORDER;
  },

  async save(orderId: string, progress: OrderProgress, sql: Sql): Promise<void> {
    await sql`
      UPDATE order_progress
      SET placed = ${progress.placed}, confirmed = ${progress.confirmed}, cancelled = ${progress.cancelled},
          units_counted = ${progress.unitsCounted}
      WHERE order_id = ${orderId}`;
  },

  async keepLines(orderId: string, lines: readonly PlacedLine[], sql: Sql): Promise<void> {
    if (lines.length === 0) return;
    const rows = lines.map((line, index) => ({
      order_id: orderId,
      line_no: index,
      product_id: line.productId,
      quantity: line.quantity,
    }));
    await sql`INSERT INTO placed_lines ${sql(rows)} ON CONFLICT DO NOTHING`;
  },
};
