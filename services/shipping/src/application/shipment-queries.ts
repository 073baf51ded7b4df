import { problems } from '@bazaar/problem';
import { cursorFields, keysetCursor, keysetPage } from '@bazaar/service-host';
import type { ShipmentsRepository, StoredShipment } from '../db/shipments-repository.js';
import type { ShipmentStatus } from '../domain/shipment.js';

/** Who is asking: only the owner of a shipment or an admin sees it. */
export interface Caller {
  userId: string;
  role: 'customer' | 'admin';
}

export interface ShipmentView {
  orderId: string;
  shipmentId: string | null;
  status: ShipmentStatus;
  trackingNumber: string | null;
  country: string | null;
  detail?: string;
  createdAt: string;
  updatedAt: string;
}

function toView(shipment: StoredShipment): ShipmentView {
  return {
    orderId: shipment.orderId,
    shipmentId: shipment.shipmentId,
    status: shipment.status,
    trackingNumber: shipment.trackingNumber,
    country: shipment.country,
    ...(shipment.detail ? { detail: shipment.detail } : {}),
    createdAt: shipment.createdAt.toISOString(),
    updatedAt: shipment.updatedAt.toISOString(),
  };
}

// Someone else's shipment is "not found", never "forbidden": its existence is not the caller's business.
const notFound = () => problems.notFound('No shipment of yours exists for this order.');

/** Newest first by creation, to the microsecond, then order id. */
const cursor = keysetCursor(cursorFields.microsecondInstant, cursorFields.uuid);

export function shipmentQueries(repository: ShipmentsRepository) {
  return {
    async get(caller: Caller, orderId: string): Promise<ShipmentView> {
      const shipment = await repository.find(orderId);
      if (!shipment || (caller.role !== 'admin' && shipment.userId !== caller.userId)) throw notFound();
      return toView(shipment);
    },

    /** The caller's shipments, newest first; an admin may name another user. */
    async page(caller: Caller, query: { limit: number; cursor?: string; userId?: string }) {
      const userId = query.userId ?? caller.userId;
      if (userId !== caller.userId && caller.role !== 'admin') throw notFound();
      const after = query.cursor === undefined ? undefined : cursor.decode(query.cursor);
      const rows = await repository.pageOfUser(
        userId,
        query.limit + 1,
        after && { positionKey: after[0], orderId: after[1] },
      );
      const page = keysetPage(rows, query.limit, cursor, (row) => [row.positionKey, row.orderId] as const);
      return { items: page.items.map(toView), nextCursor: page.nextCursor };
    },
  };
}

export type ShipmentQueries = ReturnType<typeof shipmentQueries>;
