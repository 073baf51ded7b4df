import { type Static, Type } from '@sinclair/typebox';

export const OrderingConfig = Type.Object({
  CATALOG_URL: Type.String({
    format: 'uri',
    pattern: '^https?://',
    description: 'catalog base URL (prices at order time)',
  }),
  CATALOG_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 2_000 }),
  ORDER_SNAPSHOT_EVERY: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 20,
    description: 'snapshot an order every N events; 0 = never',
  }),
});
export type OrderingConfig = Static<typeof OrderingConfig>;
