import { analyticsService } from '@bazaar/analytics';
import { catalogService } from '@bazaar/catalog';
import { gatewayService, gatewayServiceWith } from '@bazaar/gateway';
import { identityService } from '@bazaar/identity';
import { inventoryService } from '@bazaar/inventory';
import { notificationService } from '@bazaar/notification';
import { orderingService } from '@bazaar/ordering';
import { paymentService } from '@bazaar/payment';
import type { ServiceDefinition } from '@bazaar/service-host';
import { shippingService } from '@bazaar/shipping';

/**
 * Every server the CLI runs, by the name `serve` takes. Its own module so the CLI loads the services'
 * code only once it knows it needs it (solo mode starts PostgreSQL meanwhile).
 */
export const SERVICES = {
  identity: identityService,
  catalog: catalogService,
  inventory: inventoryService,
  payment: paymentService,
  shipping: shippingService,
  ordering: orderingService,
  notification: notificationService,
  analytics: analyticsService,
  gateway: gatewayService,
} satisfies Record<string, ServiceDefinition>;

/**
 * The gateway of a system whose databases this process can reach (solo mode, the local cluster): it runs the
 * invariant checker for POST /api/admin/invariants. Elsewhere the gateway has no such access.
 */
export const gatewayCheckingInvariants = (databaseServerUrl: string, prefix: string) =>
  gatewayServiceWith({
    checkInvariants: async () => (await import('./invariants.js')).checkInvariants(databaseServerUrl, prefix),
  });
