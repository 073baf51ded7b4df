import { ENDPOINT_LIST_PATTERN } from '@bazaar/load-balancer';
import { type Static, Type } from '@sinclair/typebox';

export const OrderingConfig = Type.Object({
  CATALOG_URL: Type.String({
    pattern: ENDPOINT_LIST_PATTERN,
    description: "catalog base URL (prices at order time), or a comma-separated list of its instances' URLs",
  }),
  CATALOG_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 2_000 }),
  ORDER_SNAPSHOT_EVERY: Type.Integer({
    minimum: 0,
    maximum: 10_000,
    default: 20,
    description: 'snapshot an order every N events; 0 = never',
  }),
  INVENTORY_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5_000,
    description: 'saga: wait for inventory before sending the reservation again (3 tries)',
  }),
  PAYMENT_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5_000,
    description: 'saga: wait for the payment before sending it again (2 tries), then PAYMENT_TIMEOUT',
  }),
  SHIPPING_TIMEOUT_MS: Type.Integer({
    minimum: 100,
    maximum: 600_000,
    default: 5_000,
    description: 'saga: wait for shipping before sending again (3 tries)',
  }),
  SAGA_COMPENSATION_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 5_000 }),
  SAGA_COMPENSATION_ATTEMPTS: Type.Integer({
    minimum: 1,
    maximum: 100,
    default: 5,
    description: 'sends of a compensation before the saga is parked as NEEDS_ATTENTION',
  }),
  SAGA_TIMER_POLL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 250 }),
  SAGA_CRASH_AT: Type.Optional(
    Type.String({
      pattern:
        '^(step-started|step-completed|step-failed|compensation-started|step-compensated):[a-z][a-z-]*(:[0-9]{1,5})?$',
      description:
        'fault injection for crash tests: the process kills itself (SIGKILL) during this saga transition, e.g. step-completed:capture-payment (optionally :<delay ms>, to die just after the commit instead)',
    }),
  ),
});
export type OrderingConfig = Static<typeof OrderingConfig>;
