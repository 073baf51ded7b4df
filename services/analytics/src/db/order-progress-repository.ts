import type { Sql } from '@bazaar/postgres';
import type { PlacedLine } from '../domain/figures-batch.js';
import type { OrderProgress } from '../domain/order-progress.js';

/** Per-order state; `lockAll` serialises the handling of one order's events across transactions. */
export function orderProgressRepository() {
  return {
    /**
     * Every one of these orders' progress, locked until the transaction ends, in one statement: a row is
     * created for an order seen for the first time (so there is something to lock), and an existing one is
     * locked by the no-op update, which also waits for and then sees a row another transaction is creating.
     * Rows are taken in order-id order, so two transactions never wait for each other in a circle.
     */
    async lockAll(orderIds: readonly string[], sql: Sql): Promise<Map<string, OrderProgress>> {
      if (orderIds.length === 0) return new Map();
      const rows = await sql<(OrderProgress & { orderId: string })[]>`
        INSERT INTO order_progress (order_id)
        SELECT DISTINCT id FROM unnest(${orderIds as string[]}::uuid[]) AS id ORDER BY id
        ON CONFLICT (order_id) DO UPDATE SET order_id = EXCLUDED.order_id
        RETURNING order_id AS "orderId", placed, confirmed, cancelled, units_counted AS "unitsCounted"`;
      return new Map(rows.map(({ orderId, ...progress }) => [orderId, progress]));
    },

    /** Writes the new progress of orders the caller holds locked. */
    async saveAll(rows: readonly { orderId: string; progress: OrderProgress }[], sql: Sql): Promise<void> {
      if (rows.length === 0) return;
      const flags = (pick: (progress: OrderProgress) => boolean) =>
        rows.map((row) => String(pick(row.progress)));
      await sql`
        UPDATE order_progress p
        SET placed = n.placed, confirmed = n.confirmed, cancelled = n.cancelled, units_counted = n.units_counted
        FROM unnest(${rows.map((row) => row.orderId)}::uuid[], ${flags((p) => p.placed)}::text[]::boolean[],
                    ${flags((p) => p.confirmed)}::text[]::boolean[], ${flags((p) => p.cancelled)}::text[]::boolean[],
                    ${flags((p) => p.unitsCounted)}::text[]::boolean[])
             AS n(order_id, placed, confirmed, cancelled, units_counted)
        WHERE p.order_id = n.order_id`;
    },

    /** Keeps placed orders' lines until their confirmation counts them. */
    async keepLines(
      orders: readonly { orderId: string; lines: readonly PlacedLine[] }[],
      sql: Sql,
    ): Promise<void> {
      const rows = orders.flatMap(({ orderId, lines }) =>
        lines.map((line, index) => ({ orderId, lineNo: index, ...line })),
      );
      if (rows.length === 0) return;
      await sql`
        INSERT INTO placed_lines (order_id, line_no, product_id, quantity)
        SELECT * FROM unnest(${rows.map((row) => row.orderId)}::uuid[], ${rows.map((row) => row.lineNo)}::int[],
                             ${rows.map((row) => row.productId)}::uuid[], ${rows.map((row) => row.quantity)}::int[])
        ON CONFLICT DO NOTHING`;
    },
  };
}

export type OrderProgressRepository = ReturnType<typeof orderProgressRepository>;
