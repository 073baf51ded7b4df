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

const toReservation = (row: ReservationRow): Reservation => ({
  orderId: row.orderId,
  status: row.status,
  lines: row.lines,
  failure: row.reason === null ? null : { reason: row.reason, productIds: row.failedProductIds ?? [] },
});

export function reservationsRepository(db: Pool) {
  return {
    /**
     * Serialises every command about these orders until the transaction ends, including the first one, when
     * no row exists yet to lock: a reserve and its retry, or a reserve and a release, never interleave. The
     * locks are taken in one statement, in the order of their keys, so two transactions locking overlapping
     * sets of orders never wait for each other in a circle.
     */
    async lockOrders(orderIds: readonly string[], tx: Sql): Promise<void> {
      if (orderIds.length === 0) return;
      await tx`
        SELECT pg_advisory_xact_lock(${ORDER_LOCK_NAMESPACE}, k.key)
        FROM (SELECT DISTINCT hashtext(id) AS key FROM unnest(${orderIds as string[]}::text[]) AS id
              ORDER BY key) AS k`;
    },

    /** The recorded reservations of these orders, by order id; orders without one are left out. */
    async findMany(orderIds: readonly string[], sql: Sql = db): Promise<Map<string, Reservation>> {
      if (orderIds.length === 0) return new Map();
      const rows = await sql<ReservationRow[]>`
        SELECT order_id AS "orderId", status, lines, reason, failed_product_ids::text[] AS "failedProductIds"
        FROM reservations WHERE order_id = ANY(${orderIds as string[]}::uuid[])`;
      return new Map(rows.map((row) => [row.orderId, toReservation(row)]));
    },

    /** Records these reservations (one per order), new or changed, in one statement. */
    async save(reservations: readonly Reservation[], tx: Sql): Promise<void> {
      if (reservations.length === 0) return;
      const rows = reservations.map((reservation) => ({
        order_id: reservation.orderId,
        status: reservation.status,
        lines: reservation.lines?.map(({ productId, quantity }) => ({ productId, quantity })) ?? null,
        reason: reservation.failure?.reason ?? null,
        failed_product_ids: reservation.failure?.productIds ?? null,
      }));
      await tx`
        INSERT INTO reservations (order_id, status, lines, reason, failed_product_ids)
        SELECT order_id, status, lines, reason, failed_product_ids
        FROM jsonb_to_recordset(${tx.json(rows)}::jsonb)
          AS r(order_id uuid, status text, lines jsonb, reason text, failed_product_ids uuid[])
        ON CONFLICT (order_id) DO UPDATE SET
          status = EXCLUDED.status, lines = EXCLUDED.lines, reason = EXCLUDED.reason,
          failed_product_ids = EXCLUDED.failed_product_ids, updated_at = now()`;
    },
  };
}

export type ReservationsRepository = ReturnType<typeof reservationsRepository>;
