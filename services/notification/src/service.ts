import { fileURLToPath } from 'node:url';
import {
  EVENT_TYPES,
  EVENTS,
  type OrderCancelled,
  type OrderConfirmed,
  SUBSCRIPTIONS,
  type UserRegistered,
  type UserUpdated,
} from '@bazaar/contracts';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { mailbox } from './application/mailbox.js';
import { notificationRoutes } from './http/routes.js';

export const notificationService = defineService({
  name: 'notification',
  description: 'The mailbox of messages sent to users, written in reaction to events.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 16 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  start(context) {
    const messaging = requireMessaging(context);
    const useCases = mailbox(requireDb(context), messaging);
    messaging.subscribe({
      name: 'user-events',
      types: [EVENT_TYPES.userRegistered, EVENT_TYPES.userUpdated],
      concurrency: 1,
      handle: (event, tx) =>
        event.type === EVENT_TYPES.userRegistered
          ? useCases.onUserRegistered(tx, event.data as UserRegistered, event.id)
          : useCases.onUserUpdated(tx, event.data as UserUpdated),
    });
    messaging.subscribe({
      name: 'order-events',
      types: [EVENT_TYPES.orderConfirmed, EVENT_TYPES.orderCancelled],
      concurrency: 1,
      // An order can overtake its customer's UserRegistered; retry for minutes, not seconds, before giving up.
      retry: { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 60_000 },
      handle: (event, tx) =>
        event.type === EVENT_TYPES.orderConfirmed
          ? useCases.onOrderConfirmed(tx, event.data as OrderConfirmed, event.id)
          : useCases.onOrderCancelled(tx, event.data as OrderCancelled, event.id),
    });
    return { routes: (app, auth) => notificationRoutes(app, auth, useCases) };
  },
});
