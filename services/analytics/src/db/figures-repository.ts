import type { Pool, Sql } from '@bazaar/postgres';
import type { SagaOutcome } from '../domain/order-progress.js';

export type MinuteCounter = 'placed' | 'confirmed' | 'cancelled';

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

/** The counters: each write adds to a row inside the caller's (inbox) transaction. */
export function figuresRepository(db: Pool) {
  return {
    async countEventSeen(type: string, sql: Sql): Promise<void> {
      await sql`
        INSERT INTO events_seen (type, seen, last_seen_at) VALUES (${type}, 1, now())
        ON CONFLICT (type) DO UPDATE SET seen = events_seen.seen + 1, last_seen_at = now()`;
    },

    async countInMinute(minute: Date, counter: MinuteCounter, sql: Sql): Promise<void> {
      await sql`
        INSERT INTO order_minutes (minute, ${sql(counter)}) VALUES (${minute}, 1)
        ON CONFLICT (minute) DO UPDATE SET ${sql(counter)} = order_minutes.${sql(counter)} + 1`;
    },

    async addRevenue(minute: Date, money: { amount: number; currency: string }, sql: Sql): Promise<void> {
      await sql`
        INSERT INTO revenue_minutes (minute, currency, amount) VALUES (${minute}, ${money.currency}, ${money.amount})
        ON CONFLICT (minute, currency) DO UPDATE SET amount = revenue_minutes.amount + EXCLUDED.amount`;
    },

    async countOutcome(outcome: SagaOutcome, sql: Sql): Promise<void> {
      await sql`
        INSERT INTO saga_outcomes (outcome, orders) VALUES (${outcome}, 1)
        ON CONFLICT (outcome) DO UPDATE SET orders = saga_outcomes.orders + 1`;
    },

    /** Adds the order's kept lines to its products' sales and forgets them. */
    async countUnitsOfOrder(orderId: string, sql: Sql): Promise<void> {
      // Products in id order, so two orders counted at once lock shared rows in the same order.
      await sql`
        INSERT INTO product_sales (product_id, units_sold)
        SELECT product_id, sum(quantity) FROM placed_lines WHERE order_id = ${orderId}
        GROUP BY product_id ORDER BY product_id
        ON CONFLICT (product_id) DO UPDATE SET units_sold = product_sales.units_sold + EXCLUDED.units_sold`;
      await sql`DELETE FROM placed_lines WHERE order_id = ${orderId}`;
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
