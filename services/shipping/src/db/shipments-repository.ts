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
    /** The order's shipment, locked until the caller's transaction ends (concurrent commands queue here). */
    async lock(orderId: string, tx: Sql): Promise<StoredShipment | undefined> {
      const [row] = await tx<StoredShipment[]>`
        SELECT ${COLUMNS(tx)} FROM shipments WHERE order_id = ${orderId} FOR UPDATE`;
      return row;
    },

    /** Inserts the order's first shipment; false when another transaction recorded one first. */
    async insertIfAbsent(shipment: Shipment, tx: Sql): Promise<boolean> {
      const rows = await tx`
        INSERT INTO shipments (order_id, shipment_id, user_id, tracking_number, status, country, detail)
        VALUES (${shipment.orderId}, ${shipment.shipmentId}, ${shipment.userId}, ${shipment.trackingNumber},
                ${shipment.status}, ${shipment.country}, ${shipment.detail})
        ON CONFLICT (order_id) DO NOTHING
        RETURNING 1`;
      return rows.length > 0;
    },

    /** Writes the new state of a shipment the caller holds locked. */
    async update(shipment: Shipment, tx: Sql): Promise<void> {
      await tx`
        UPDATE shipments
        SET status = ${shipment.status}, detail = ${shipment.detail}, updated_at = now()
        WHERE order_id = ${shipment.orderId}`;
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
