import type { Pool, Sql } from '@bazaar/postgres';
import type { Decline, FraudAlert, UserHistory } from '../domain/fraud-rule.js';

export interface StoredFraudAlert extends FraudAlert {
  userId: string;
  raisedAt: Date;
}

/** A row of `recordDeclines`: an order whose decline is new, or a user's earlier decline or alert. */
type HistoryRow =
  | { kind: 'recorded'; id: string; at: null }
  | { kind: 'decline' | 'alert'; id: string; at: Date };

export function fraudRepository(db: Pool) {
  return {
    /**
     * Serialises the rule per user for the rest of the transaction, so two batches with declines of one
     * user see each other; users in key order, so two batches never wait for each other in a circle.
     */
    async lockUsers(userIds: readonly string[], sql: Sql): Promise<void> {
      if (userIds.length === 0) return;
      await sql`
        SELECT pg_advisory_xact_lock(hashtextextended('analytics.fraud:' || k.user_id, 0))
        FROM (SELECT DISTINCT user_id FROM unnest(${userIds as string[]}::text[]) AS user_id ORDER BY user_id) AS k`;
    },

    /**
     * Records declines once per order, and reads what the rule knew of their users before: the users'
     * declines and alerts within `horizons`. One statement, whose reads do not see its own inserts, so the
     * history is exactly what came before this batch. Answers the orders whose decline was new.
     */
    async recordDeclines(
      declines: readonly Decline[],
      horizons: readonly {
        userId: string;
        declinesFrom: Date;
        declinesTo: Date;
        alertsFrom: Date;
        alertsTo: Date;
      }[],
      sql: Sql,
    ): Promise<{ recorded: Set<string>; known: Map<string, UserHistory> }> {
      const known = new Map<string, { declines: Date[]; alerts: { windowEnd: Date }[] }>();
      if (declines.length === 0) return { recorded: new Set(), known };
      const instants = <T>(rows: readonly T[], pick: (row: T) => Date) =>
        rows.map((row) => pick(row).toISOString());
      const rows = await sql<HistoryRow[]>`
        WITH recorded AS (
          INSERT INTO payment_declines (order_id, user_id, declined_at)
          SELECT * FROM unnest(${declines.map((d) => d.orderId)}::uuid[], ${declines.map((d) => d.userId)}::uuid[],
                               ${instants(declines, (d) => d.at)}::timestamptz[])
          ON CONFLICT (order_id) DO NOTHING
          RETURNING order_id
        ), horizon AS (
          SELECT * FROM unnest(${horizons.map((h) => h.userId)}::uuid[],
                               ${instants(horizons, (h) => h.declinesFrom)}::timestamptz[],
                               ${instants(horizons, (h) => h.declinesTo)}::timestamptz[],
                               ${instants(horizons, (h) => h.alertsFrom)}::timestamptz[],
                               ${instants(horizons, (h) => h.alertsTo)}::timestamptz[])
            AS h(user_id, declines_from, declines_to, alerts_from, alerts_to)
        )
        SELECT 'recorded' AS kind, order_id::text AS id, NULL::timestamptz AS at FROM recorded
        UNION ALL
        SELECT 'decline', d.user_id::text, d.declined_at
        FROM horizon h JOIN payment_declines d
          ON d.user_id = h.user_id AND d.declined_at BETWEEN h.declines_from AND h.declines_to
        UNION ALL
        SELECT 'alert', a.user_id::text, a.window_end
        FROM horizon h JOIN fraud_alerts a
          ON a.user_id = h.user_id AND a.window_end BETWEEN h.alerts_from AND h.alerts_to`;
      const recorded = new Set<string>();
      for (const row of rows) {
        if (row.kind === 'recorded') {
          recorded.add(row.id);
          continue;
        }
        const history = known.get(row.id) ?? { declines: [], alerts: [] };
        if (row.kind === 'decline') history.declines.push(row.at);
        else history.alerts.push({ windowEnd: row.at });
        known.set(row.id, history);
      }
      return { recorded, known };
    },

    async storeAlerts(
      alerts: readonly (FraudAlert & { id: string; userId: string })[],
      sql: Sql,
    ): Promise<void> {
      if (alerts.length === 0) return;
      // In the order raised, which is the order of their seq.
      await sql`
        INSERT INTO fraud_alerts (id, user_id, declined_payments, window_start, window_end)
        SELECT id, user_id, declined_payments, window_start, window_end
        FROM unnest(${alerts.map((a) => a.id)}::uuid[], ${alerts.map((a) => a.userId)}::uuid[],
                    ${alerts.map((a) => a.declinedPayments)}::int[],
                    ${alerts.map((a) => a.windowStart.toISOString())}::timestamptz[],
                    ${alerts.map((a) => a.windowEnd.toISOString())}::timestamptz[])
          WITH ORDINALITY AS a(id, user_id, declined_payments, window_start, window_end, n)
        ORDER BY n`;
    },

    latest(limit: number): Promise<StoredFraudAlert[]> {
      return db<StoredFraudAlert[]>`
        SELECT user_id AS "userId", declined_payments AS "declinedPayments", window_start AS "windowStart",
               window_end AS "windowEnd", raised_at AS "raisedAt"
        FROM fraud_alerts ORDER BY seq DESC LIMIT ${limit}`;
    },
  };
}

export type FraudRepository = ReturnType<typeof fraudRepository>;
