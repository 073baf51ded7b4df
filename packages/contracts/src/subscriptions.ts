import type { Subscription } from '@bazaar/messaging';
import { TOPICS } from './events.js';

/**
 * The system's wiring: which consumer group receives which topics. Every service declares all of it with
 * the transport when it starts, so an event published before its consumer's first start waits for it
 * (on RabbitMQ a message that reaches no queue is gone). A group is `<service>.<consumer>`.
 */
export const SUBSCRIPTIONS: readonly Subscription[] = [
  { group: 'notification.user-events', topics: [TOPICS.users] },
  { group: 'notification.order-events', topics: [TOPICS.orders] },
  // Catalog hears its own product events to refresh its product cache (see services/catalog).
  { group: 'catalog.product-cache', topics: [TOPICS.products] },
  { group: 'inventory.catalog-events', topics: [TOPICS.products] },
  { group: 'inventory.commands', topics: [TOPICS.inventoryCommands] },
  { group: 'payment.commands', topics: [TOPICS.paymentCommands] },
  { group: 'shipping.commands', topics: [TOPICS.shippingCommands] },
  { group: 'ordering.saga-replies', topics: [TOPICS.stock, TOPICS.payments, TOPICS.shipments] },
  // Analytics sees everything but commands (it counts what happened, not what was asked).
  {
    group: 'analytics.all-events',
    topics: [
      TOPICS.users,
      TOPICS.products,
      TOPICS.notifications,
      TOPICS.orders,
      TOPICS.stock,
      TOPICS.payments,
      TOPICS.shipments,
      TOPICS.alerts,
    ],
  },
];
