import { Type } from '@sinclair/typebox';

export const AnalyticsQuery = Type.Object(
  {
    minutes: Type.Integer({
      minimum: 1,
      maximum: 1440,
      default: 60,
      description: 'how many one-minute windows, up to the current one, ordersPerMinute covers',
    }),
  },
  { additionalProperties: false },
);

const Money = Type.Object({
  amount: Type.Integer({ description: 'minor units' }),
  currency: Type.String({ description: 'ISO 4217' }),
});
const Instant = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });

export const AnalyticsFigures = Type.Object({
  ordersPerMinute: Type.Array(
    Type.Object({
      minute: Instant,
      placed: Count,
      confirmed: Count,
      cancelled: Count,
      revenue: Type.Array(Money, { description: 'confirmed revenue, one entry per currency' }),
    }),
    { description: 'minutes with any order event, oldest first, by event time' },
  ),
  topProducts: Type.Array(Type.Object({ productId: Type.String({ format: 'uuid' }), unitsSold: Count }), {
    description: 'the 10 products with most units in confirmed orders',
  }),
  sagaOutcomes: Type.Record(Type.String(), Count, {
    description: 'orders by how their saga ended: CONFIRMED or the cancellation reason',
  }),
  fraudAlerts: Type.Array(
    Type.Object({
      userId: Type.String({ format: 'uuid' }),
      declinedPayments: Count,
      windowStart: Instant,
      windowEnd: Instant,
      raisedAt: Instant,
    }),
    { description: 'the latest 50, newest first' },
  ),
  eventsSeen: Type.Record(Type.String(), Count, { description: 'messages handled, by event type' }),
});
