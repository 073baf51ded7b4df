import { Type } from '@sinclair/typebox';
import { MAX_LINES, MAX_QUANTITY } from '../domain/order.js';

const Text = (maxLength: number) =>
  Type.String({
    minLength: 1,
    maxLength,
    pattern: '^[^\\u0000-\\u001f\\u007f]*\\S[^\\u0000-\\u001f\\u007f]*$',
  });

export const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
export const OrderId = Type.String({ format: 'uuid' });

export const PlaceOrderBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          productId: Type.String({ format: 'uuid' }),
          quantity: Type.Integer({ minimum: 1, maximum: MAX_QUANTITY }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: MAX_LINES },
    ),
    shippingAddress: Type.Object(
      {
        name: Text(100),
        line1: Text(200),
        city: Text(100),
        postalCode: Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }),
        country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
      },
      { additionalProperties: false },
    ),
    paymentMethod: Type.Object(
      {
        type: Type.Literal('card'),
        number: Type.String({ minLength: 12, maxLength: 23, pattern: '^[0-9 -]+$' }),
      },
      { additionalProperties: false },
    ),
  },
  {
    additionalProperties: false,
    examples: [
      {
        items: [{ productId: '0b9c6a52-5d3e-4f3a-9d7e-2c1b8a4f6e10', quantity: 2 }],
        shippingAddress: {
          name: 'Ann Lee',
          line1: '5 Harbour Road',
          city: 'Hamburg',
          postalCode: '20095',
          country: 'DE',
        },
        paymentMethod: { type: 'card', number: '4242 4242 4242 4242' },
      },
    ],
  },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[\\x21-\\x7e]+$',
      description: 'replays the first response',
    }),
  ),
});

export const Accepted = Type.Object({ orderId: OrderId, status: Type.Literal('PENDING') });

const Step = Type.Object({
  name: Type.String(),
  status: Type.String(),
  at: Type.String({ format: 'date-time' }),
  detail: Type.Optional(Type.String()),
});

export const Order = Type.Object({
  id: OrderId,
  userId: Type.String(),
  status: Type.Union([Type.Literal('PENDING'), Type.Literal('CONFIRMED'), Type.Literal('CANCELLED')]),
  reason: Type.Optional(Type.String()),
  items: Type.Array(Type.Object({ productId: Type.String(), quantity: Type.Integer(), unitPrice: Money })),
  total: Money,
  shippingAddress: Type.Object({
    name: Type.String(),
    line1: Type.String(),
    city: Type.String(),
    postalCode: Type.String(),
    country: Type.String(),
  }),
  paymentMethod: Type.Object({ type: Type.Literal('card'), last4: Type.String() }),
  steps: Type.Array(Step),
  cancellationRequestedAt: Type.Optional(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const OrderParams = Type.Object({ id: OrderId });
export const OrderQuery = Type.Object(
  { asOf: Type.Optional(Type.Integer({ minimum: 1, description: 'the order as of this version' })) },
  { additionalProperties: false },
);

export const OrderEvents = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      version: Type.Integer(),
      type: Type.String(),
      schemaVersion: Type.Integer(),
      data: Type.Unknown(),
      recordedAt: Type.String({ format: 'date-time' }),
      position: Type.String({ description: 'place in the global order' }),
    }),
  ),
});

export const ListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    userId: Type.Optional(Type.String({ format: 'uuid', description: "admins: another user's orders" })),
  },
  { additionalProperties: false },
);

export const OrderPage = Type.Object({
  items: Type.Array(
    Type.Object({
      id: OrderId,
      status: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      total: Money,
      itemCount: Type.Integer(),
      version: Type.Integer(),
      createdAt: Type.String({ format: 'date-time' }),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

const Lag = { lagEvents: Type.Integer(), lagSeconds: Type.Number() };
export const ProjectionStatus = Type.Object({
  name: Type.String(),
  version: Type.Integer(),
  activeGeneration: Type.Integer(),
  checkpoint: Type.String(),
  ...Lag,
  rebuild: Type.Union([
    Type.Object({
      generation: Type.Integer(),
      version: Type.Integer(),
      checkpoint: Type.String(),
      lagEvents: Type.Integer(),
      startedAt: Type.String(),
    }),
    Type.Null(),
  ]),
});
export const ProjectionParams = Type.Object({ name: Type.String({ pattern: '^[a-z][a-z0-9_]{0,40}$' }) });
