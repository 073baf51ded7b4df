import { problems } from '@bazaar/problem';
import type { ShipmentsRepository, StoredShipment } from '../db/shipments-repository.js';
import type { ShipmentStatus } from '../domain/shipment.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

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
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = await repository.pageOfUser(userId, query.limit + 1, after);
      const items = rows.slice(0, query.limit);
      const last = items.at(-1);
      return {
        items: items.map(toView),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
      };
    },
  };
}

export type ShipmentQueries = ReturnType<typeof shipmentQueries>;
