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
    /** The order's payment, locked until the caller's transaction ends (concurrent commands queue here). */
    async lock(orderId: string, tx: Sql): Promise<StoredPayment | undefined> {
      const [row] = await tx<StoredPayment[]>`
        SELECT ${COLUMNS(tx)} FROM payments WHERE order_id = ${orderId} FOR UPDATE`;
      return row;
    },

    /** Inserts the order's first payment; false when another transaction recorded one first. */
    async insertIfAbsent(payment: Payment, tx: Sql): Promise<boolean> {
      const rows = await tx`
        INSERT INTO payments (order_id, payment_id, user_id, amount, currency, status, decline_reason,
                              card_last4, refunded_amount)
        VALUES (${payment.orderId}, ${payment.paymentId}, ${payment.userId}, ${payment.amount},
                ${payment.currency}, ${payment.status}, ${payment.declineReason}, ${payment.cardLast4},
                ${payment.refundedAmount})
        ON CONFLICT (order_id) DO NOTHING
        RETURNING 1`;
      return rows.length > 0;
    },

    /** Writes the new state of a payment the caller holds locked. */
    async update(payment: Payment, tx: Sql): Promise<void> {
      await tx`
        UPDATE payments
        SET payment_id = ${payment.paymentId}, status = ${payment.status},
            decline_reason = ${payment.declineReason}, refunded_amount = ${payment.refundedAmount},
            updated_at = now()
        WHERE order_id = ${payment.orderId}`;
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
