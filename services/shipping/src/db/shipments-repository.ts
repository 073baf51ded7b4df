import type { Pool, Sql } from '@bazaar/postgres';
import type { Shipment } from '../domain/shipment.js';

export interface StoredShipment extends Shipment {
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
  order_id AS "orderId", shipment_id AS "shipmentId", user_id AS "userId",
  tracking_number AS "trackingNumber", status, country, detail,
  created_at AS "createdAt", updated_at AS "updatedAt",
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "positionKey"`;

export function shipmentsRepository(db: Pool) {
  return {
    /**
     * The orders' shipments, keyed by order id, locked until the caller's transaction ends (concurrent
     * commands for the same orders queue here). Locked in order-id order: two batches that share orders
     * queue one behind the other instead of each holding a row the other waits for.
     */
    async lockAll(orderIds: readonly string[], tx: Sql): Promise<Map<string, StoredShipment>> {
      const rows = await tx<StoredShipment[]>`
        SELECT ${COLUMNS(tx)} FROM shipments
        WHERE order_id = ANY(${[...new Set(orderIds)]}::uuid[])
        ORDER BY order_id FOR UPDATE`;
      return new Map(rows.map((row) => [row.orderId, row]));
    },

    /**
     * Inserts the orders' first shipments in one statement (in order-id order, the same as the locks);
     * answers the orders whose shipment another transaction recorded first (their row is left as it is).
     */
    async insertAllIfAbsent(shipments: readonly Shipment[], tx: Sql): Promise<Set<string>> {
      if (shipments.length === 0) return new Set();
      const column = <T>(pick: (shipment: Shipment) => T) => shipments.map(pick);
      const rows = await tx<{ orderId: string }[]>`
        INSERT INTO shipments (order_id, shipment_id, user_id, tracking_number, status, country, detail)
        SELECT * FROM unnest(
          ${column((s) => s.orderId)}::uuid[], ${column((s) => s.shipmentId)}::uuid[],
          ${column((s) => s.userId)}::uuid[], ${column((s) => s.trackingNumber)}::text[],
          ${column((s) => s.status)}::text[], ${column((s) => s.country)}::text[],
          ${column((s) => s.detail)}::text[])
          AS n(order_id, shipment_id, user_id, tracking_number, status, country, detail)
        ORDER BY order_id
        ON CONFLICT (order_id) DO NOTHING
        RETURNING order_id AS "orderId"`;
      const inserted = new Set(rows.map((row) => row.orderId));
      return new Set(shipments.map((s) => s.orderId).filter((orderId) => !inserted.has(orderId)));
    },

    /** Writes the new states of shipments the caller holds locked, in one statement. */
    async updateAll(shipments: readonly Shipment[], tx: Sql): Promise<void> {
      if (shipments.length === 0) return;
      const column = <T>(pick: (shipment: Shipment) => T) => shipments.map(pick);
      await tx`
        UPDATE shipments s
        SET status = u.status, detail = u.detail, updated_at = now()
        FROM unnest(${column((s) => s.orderId)}::uuid[], ${column((s) => s.status)}::text[],
                    ${column((s) => s.detail)}::text[]) AS u(order_id, status, detail)
        WHERE s.order_id = u.order_id`;
    },

    async find(orderId: string): Promise<StoredShipment | undefined> {
      const [row] = await db<
        StoredShipment[]
      >`SELECT ${COLUMNS(db)} FROM shipments WHERE order_id = ${orderId}`;
      return row;
    },

    /** A user's shipments, newest first, after the position where the previous page ended. */
    async pageOfUser(userId: string, limit: number, after?: PagePosition): Promise<StoredShipment[]> {
      return db<StoredShipment[]>`
        SELECT ${COLUMNS(db)} FROM shipments
        WHERE user_id = ${userId}
          ${after ? db`AND (created_at, order_id) < (${after.positionKey}::text::timestamptz, ${after.orderId}::uuid)` : db``}
        ORDER BY created_at DESC, order_id DESC
        LIMIT ${limit}`;
    },
  };
}

export type ShipmentsRepository = ReturnType<typeof shipmentsRepository>;
