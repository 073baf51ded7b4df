import type { Pool, Sql } from '@bazaar/postgres';
import type { FailureReason, Reservation, ReservationStatus, StockLine } from '../domain/reservation.js';

// First key of the two-key advisory locks that serialise the commands of one order (the second is a hash
// of the order id; a collision only makes two orders wait for each other).
const ORDER_LOCK_NAMESPACE = 0x494e56; // "INV"

interface ReservationRow {
  orderId: string;
  status: ReservationStatus;
  lines: StockLine[] | null;
  reason: FailureReason | null;
  failedProductIds: string[] | null;
}

export function reservationsRepository(db: Pool) {
  return {
    /**
     * Serialises every command about one order until the transaction ends, including the first one, when no
     * row exists yet to lock: a reserve and its retry, or a reserve and a release, never interleave.
     */
    async lockOrder(orderId: string, tx: Sql): Promise<void> {
      await tx`SELECT pg_advisory_xact_lock(${ORDER_LOCK_NAMESPACE}, hashtext(${orderId}))`;
    },

    async find(orderId: string, sql: Sql = db): Promise<Reservation | undefined> {
      const [row] = await sql<ReservationRow[]>`
        SELECT order_id AS "orderId", status, lines, reason, failed_product_ids::text[] AS "failedProductIds"
        FROM reservations WHERE order_id = ${orderId}`;
      if (!row) return undefined;
      return {
        orderId: row.orderId,
        status: row.status,
        lines: row.lines,
        failure: row.reason === null ? null : { reason: row.reason, productIds: row.failedProductIds ?? [] },
      };
    },

    async save(reservation: Reservation, tx: Sql): Promise<void> {
      const lines =
        reservation.lines === null
          ? null
          : tx.json(reservation.lines.map(({ productId, quantity }) => ({ productId, quantity })));
      const reason = reservation.failure?.reason ?? null;
      const failedProductIds = reservation.failure?.productIds ?? null;
      await tx`
        INSERT INTO reservations (order_id, status, lines, reason, failed_product_ids)
        VALUES (${reservation.orderId}, ${reservation.status}, ${lines}, ${reason},
                ${failedProductIds}::uuid[])
        ON CONFLICT (order_id) DO UPDATE SET
          status = EXCLUDED.status, lines = EXCLUDED.lines, reason = EXCLUDED.reason,
          failed_product_ids = EXCLUDED.failed_product_ids, updated_at = now()`;
    },
  };
}

export type ReservationsRepository = ReturnType<typeof reservationsRepository>;
