import type { Pool, Sql } from '@bazaar/postgres';
import type { FraudAlert } from '../domain/fraud-rule.js';

export interface StoredFraudAlert extends FraudAlert {
  userId: string;
  raisedAt: Date;
}

export function fraudRepository(db: Pool) {
  return {
    /** Serialises the rule per user for the rest of the transaction, so two declines at once see each other. */
    async lockUser(userId: string, sql: Sql): Promise<void> {
      await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`analytics.fraud:${userId}`}, 0))`;
    },

    /** Records a decline once per order; false when this order's decline was already known. */
    async recordDecline(decline: { orderId: string; userId: string; at: Date }, sql: Sql): Promise<boolean> {
      const rows = await sql`
        INSERT INTO payment_declines (order_id, user_id, declined_at)
        VALUES (${decline.orderId}, ${decline.userId}, ${decline.at})
        ON CONFLICT (order_id) DO NOTHING RETURNING 1`;
      return rows.length > 0;
    },

    async declinesBetween(userId: string, from: Date, to: Date, sql: Sql): Promise<Date[]> {
      const rows = await sql<{ declinedAt: Date }[]>`
        SELECT declined_at AS "declinedAt" FROM payment_declines
        WHERE user_id = ${userId} AND declined_at BETWEEN ${from} AND ${to}`;
      return rows.map((row) => row.declinedAt);
    },

    async alertsEndingBetween(
      userId: string,
      from: Date,
      to: Date,
      sql: Sql,
    ): Promise<{ windowEnd: Date }[]> {
      return sql<{ windowEnd: Date }[]>`
        SELECT window_end AS "windowEnd" FROM fraud_alerts
        WHERE user_id = ${userId} AND window_end BETWEEN ${from} AND ${to}`;
    },

    async store(alert: FraudAlert & { id: string; userId: string }, sql: Sql): Promise<void> {
      await sql`
        INSERT INTO fraud_alerts (id, user_id, declined_payments, window_start, window_end)
        VALUES (${alert.id}, ${alert.userId}, ${alert.declinedPayments}, ${alert.windowStart}, ${alert.windowEnd})`;
    },

    latest(limit: number): Promise<StoredFraudAlert[]> {
      return db<StoredFraudAlert[]>`
        SELECT user_id AS "userId", declined_payments AS "declinedPayments", window_start AS "windowStart",
               window_end AS "windowEnd", raised_at AS "raisedAt"
        FROM fraud_alerts ORDER BY seq DESC LIMIT ${limit}`;
    },
  };
}
