import { Type } from '@sinclair/typebox';
import { SHIPMENT_STATUSES } from '../domain/shipment.js';

const Uuid = Type.String({ format: 'uuid' });

export const Shipment = Type.Object({
  orderId: Uuid,
  shipmentId: Type.Union([Uuid, Type.Null()], { description: 'null unless a shipment was created' }),
  status: Type.Union(SHIPMENT_STATUSES.map((status) => Type.Literal(status))),
  trackingNumber: Type.Union([Type.String({ pattern: '^BZ[A-Z0-9]{10}$' }), Type.Null()]),
  country: Type.Union([
    Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    Type.Null(),
  ]),
  detail: Type.Optional(Type.String({ description: 'why it failed or how it ended' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ShipmentPage = Type.Object({
  items: Type.Array(Shipment),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    userId: Type.Optional(Type.String({ format: 'uuid', description: "admin: another user's shipments" })),
  },
  { additionalProperties: false },
);

export const ShipmentParams = Type.Object({ orderId: Uuid }, { additionalProperties: false });
