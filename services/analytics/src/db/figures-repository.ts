import type { Pool, Sql } from '@bazaar/postgres';
import type { MinuteIncrement, RevenueIncrement } from '../domain/figures-batch.js';
import type { SagaOutcome } from '../domain/order-progress.js';

export interface MinuteRow {
  minute: Date;
  placed: number;
  confirmed: number;
  cancelled: number;
}

export interface RevenueRow {
  minute: Date;
  currency: string;
  amount: number;
}

/**
 * The counters: each write adds a batch's increments to their rows, one statement per table, inside the
 * caller's (inbox) transaction. Increments come one per key and in key order (see figures-batch), so two
 * transactions lock shared rows in the same order.
 */
export function figuresRepository(db: Pool) {
  return {
    async countEventsSeen(counts: readonly { type: string; seen: number }[], sql: Sql): Promise<void> {
      if (counts.length === 0) return;
      await sql`
        INSERT INTO events_seen (type, seen, last_seen_at)
        SELECT type, seen, now() FROM unnest(${counts.map((c) => c.type)}::text[], ${counts.map((c) => c.seen)}::bigint[])
          AS c(type, seen)
        ON CONFLICT (type) DO UPDATE SET seen = events_seen.seen + EXCLUDED.seen, last_seen_at = now()`;
    },

    async countInMinutes(rows: readonly MinuteIncrement[], sql: Sql): Promise<void> {
      if (rows.length === 0) return;
      const column = (pick: (row: MinuteIncrement) => number) => rows.map(pick);
      await sql`
        INSERT INTO order_minutes (minute, placed, confirmed, cancelled)
        SELECT * FROM unnest(${rows.map((row) => row.minute.toISOString())}::timestamptz[],
                             ${column((row) => row.placed)}::int[], ${column((row) => row.confirmed)}::int[],
                             ${column((row) => row.cancelled)}::int[])
        ON CONFLICT (minute) DO UPDATE
        SET placed = order_minutes.placed + EXCLUDED.placed, confirmed = order_minutes.confirmed + EXCLUDED.confirmed,
            cancelled = order_minutes.cancelled + EXCLUDED.cancelled`;
    },

    async addRevenue(rows: readonly RevenueIncrement[], sql: Sql): Promise<void> {
      if (rows.length === 0) return;
      await sql`
        INSERT INTO revenue_minutes (minute, currency, amount)
        SELECT * FROM unnest(${rows.map((row) => row.minute.toISOString())}::timestamptz[],
                             ${rows.map((row) => row.currency)}::text[], ${rows.map((row) => row.amount)}::bigint[])
        ON CONFLICT (minute, currency) DO UPDATE SET amount = revenue_minutes.amount + EXCLUDED.amount`;
    },

    async countOutcomes(rows: readonly { outcome: SagaOutcome; orders: number }[], sql: Sql): Promise<void> {
      if (rows.length === 0) return;
      await sql`
        INSERT INTO saga_outcomes (outcome, orders)
        SELECT * FROM unnest(${rows.map((row) => row.outcome)}::text[], ${rows.map((row) => row.orders)}::bigint[])
        ON CONFLICT (outcome) DO UPDATE SET orders = saga_outcomes.orders + EXCLUDED.orders`;
    },

    /**
     * Adds units to the products' sales: those of orders whose lines were kept (which are taken out of
     * placed_lines), and those counted straight from this batch's placements.
     */
    async countUnits(
      counted: { keptLinesOf: readonly string[]; fromBatch: readonly { productId: string; units: number }[] },
      sql: Sql,
    ): Promise<void> {
      if (counted.keptLinesOf.length === 0 && counted.fromBatch.length === 0) return;
      // Products in id order, so two transactions counting at once lock shared rows in the same order.
      await sql`
        WITH taken AS (
          DELETE FROM placed_lines WHERE order_id = ANY(${counted.keptLinesOf as string[]}::uuid[])
          RETURNING product_id, quantity::bigint AS units
        ), counted AS (
          SELECT product_id, units FROM taken
          UNION ALL
          SELECT * FROM unnest(${counted.fromBatch.map((row) => row.productId)}::uuid[],
                               ${counted.fromBatch.map((row) => row.units)}::bigint[])
        )
        INSERT INTO product_sales (product_id, units_sold)
        SELECT product_id, sum(units) FROM counted GROUP BY product_id ORDER BY product_id
        ON CONFLICT (product_id) DO UPDATE SET units_sold = product_sales.units_sold + EXCLUDED.units_sold`;
    },

    minutesSince(first: Date): Promise<MinuteRow[]> {
      return db<MinuteRow[]>`
        SELECT minute, placed, confirmed, cancelled FROM order_minutes WHERE minute >= ${first} ORDER BY minute`;
    },

    revenueSince(first: Date): Promise<RevenueRow[]> {
      return db<RevenueRow[]>`
        SELECT minute, currency, amount FROM revenue_minutes WHERE minute >= ${first} ORDER BY minute, currency`;
    },

    topProducts(limit: number): Promise<{ productId: string; unitsSold: number }[]> {
      return db<{ productId: string; unitsSold: number }[]>`
        SELECT product_id AS "productId", units_sold AS "unitsSold" FROM product_sales
        ORDER BY units_sold DESC, product_id LIMIT ${limit}`;
    },

    sagaOutcomes(): Promise<{ outcome: string; orders: number }[]> {
      return db<{ outcome: string; orders: number }[]>`SELECT outcome, orders FROM saga_outcomes`;
    },

    eventsSeen(): Promise<{ type: string; seen: number }[]> {
      return db<{ type: string; seen: number }[]>`SELECT type, seen FROM events_seen ORDER BY type`;
    },
  };
}

export type FiguresRepository = ReturnType<typeof figuresRepository>;
