import type { Pool, Sql } from '@bazaar/postgres';
import type { Payment } from '../domain/payment.js';

export interface StoredPayment extends Payment {
  createdAt: Date;
  updatedAt: Date;
  /** created_at at full (microsecond) precision, for cursors: a JS Date would cut it to milliseconds. */
  positionKey: string;
}

/** Where a newest-first page ended: its last row's creation time (microseconds, UTC) and order id. */
export interface PagePosition {
  positionKey: string;
  orderId: string;
}

const COLUMNS = (sql: Sql) => sql`
  order_id AS "orderId", payment_id AS "paymentId", user_id AS "userId", amount, currency, status,
  decline_reason AS "declineReason", card_last4 AS "cardLast4", refunded_amount AS "refundedAmount",
  created_at AS "createdAt", updated_at AS "updatedAt",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionKey"`;

export function paymentsRepository(db: Pool) {
  return {
    /**
     * The orders' payments, keyed by order id, locked until the caller's transaction ends (concurrent
     * commands for the same orders queue here). Locked in order-id order: two batches that share orders
     * queue one behind the other instead of each holding a row the other waits for.
     */
    async lockAll(orderIds: readonly string[], tx: Sql): Promise<Map<string, StoredPayment>> {
      const rows = await tx<StoredPayment[]>`
        SELECT ${COLUMNS(tx)} FROM payments
        WHERE order_id = ANY(${[...new Set(orderIds)]}::uuid[])
        ORDER BY order_id FOR UPDATE`;
      return new Map(rows.map((row) => [row.orderId, row]));
    },

    /**
     * Inserts the orders' first payments in one statement (in order-id order, the same as the locks); answers
     * the orders whose payment another transaction recorded first (their row is left as it is).
     */
    async insertAllIfAbsent(payments: readonly Payment[], tx: Sql): Promise<Set<string>> {
      if (payments.length === 0) return new Set();
      const column = <T>(pick: (payment: Payment) => T) => payments.map(pick);
      const rows = await tx<{ orderId: string }[]>`
        INSERT INTO payments (order_id, payment_id, user_id, amount, currency, status, decline_reason,
                              card_last4, refunded_amount)
        SELECT * FROM unnest(
          ${column((p) => p.orderId)}::uuid[], ${column((p) => p.paymentId)}::uuid[],
          ${column((p) => p.userId)}::uuid[], ${column((p) => p.amount)}::bigint[],
          ${column((p) => p.currency)}::text[], ${column((p) => p.status)}::text[],
          ${column((p) => p.declineReason)}::text[], ${column((p) => p.cardLast4)}::text[],
          ${column((p) => p.refundedAmount)}::bigint[])
          AS n(order_id, payment_id, user_id, amount, currency, status, decline_reason, card_last4,
               refunded_amount)
        ORDER BY order_id
        ON CONFLICT (order_id) DO NOTHING
        RETURNING order_id AS "orderId"`;
      const inserted = new Set(rows.map((row) => row.orderId));
      return new Set(payments.map((p) => p.orderId).filter((orderId) => !inserted.has(orderId)));
    },

    /** Writes the new states of payments the caller holds locked, in one statement. */
    async updateAll(payments: readonly Payment[], tx: Sql): Promise<void> {
      if (payments.length === 0) return;
      const column = <T>(pick: (payment: Payment) => T) => payments.map(pick);
      await tx`
        UPDATE payments p
        SET payment_id = u.payment_id, status = u.status, decline_reason = u.decline_reason,
            refunded_amount = u.refunded_amount, updated_at = now()
        FROM unnest(${column((p) => p.orderId)}::uuid[], ${column((p) => p.paymentId)}::uuid[],
                    ${column((p) => p.status)}::text[], ${column((p) => p.declineReason)}::text[],
                    ${column((p) => p.refundedAmount)}::bigint[])
             AS u(order_id, payment_id, status, decline_reason, refunded_amount)
        WHERE p.order_id = u.order_id`;
    },

    async find(orderId: string): Promise<StoredPayment | undefined> {
      const [row] = await db<
        StoredPayment[]
      >`SELECT ${COLUMNS(db)} FROM payments WHERE order_id = ${orderId}`;
      return row;
    },

    /** A user's payments, newest first, after the position where the previous page ended. */
    async pageOfUser(userId: string, limit: number, after?: PagePosition): Promise<StoredPayment[]> {
      return db<StoredPayment[]>`
        SELECT ${COLUMNS(db)} FROM payments
        WHERE user_id = ${userId}
          ${after ? db`AND (created_at, order_id) < (${after.positionKey}::text::timestamptz, ${after.orderId}::uuid)` : db``}
        ORDER BY created_at DESC, order_id DESC
        LIMIT ${limit}`;
    },
  };
}

export type PaymentsRepository = ReturnType<typeof paymentsRepository>;
