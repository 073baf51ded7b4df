import { Type } from '@sinclair/typebox';
import { PAYMENT_STATUSES } from '../domain/payment.js';

const Uuid = Type.String({ format: 'uuid' });

export const Money = Type.Object({
  amount: Type.Integer({ minimum: 0, description: 'minor units' }),
  currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217; XXX when there is none' }),
});

export const Payment = Type.Object({
  orderId: Uuid,
  paymentId: Type.Union([Uuid, Type.Null()], { description: 'the charge; null unless captured' }),
  status: Type.Union(PAYMENT_STATUSES.map((status) => Type.Literal(status))),
  amount: Money,
  refunded: Money,
  declineReason: Type.Optional(
    Type.Union([Type.Literal('PAYMENT_DECLINED'), Type.Literal('INSUFFICIENT_FUNDS')]),
  ),
  cardLast4: Type.Optional(Type.String({ pattern: '^[0-9]{4}$' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const PaymentPage = Type.Object({
  items: Type.Array(Payment),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    userId: Type.Optional(Type.String({ format: 'uuid', description: "admin: another user's payments" })),
  },
  { additionalProperties: false },
);

export const PaymentParams = Type.Object({ orderId: Uuid }, { additionalProperties: false });
