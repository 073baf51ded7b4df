import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, EVENTS, SUBSCRIPTIONS } from '@bazaar/contracts';
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
      handleBatch: (events, tx) => useCases.onUserEvents(tx, events),
    });
    messaging.subscribe({
      name: 'order-events',
      types: [EVENT_TYPES.orderConfirmed, EVENT_TYPES.orderCancelled],
      concurrency: 1,
      // An order can overtake its customer's UserRegistered; retry for minutes, not seconds, before giving up.
      retry: { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 60_000 },
      // A batch with an unknown customer fails as a whole; the host then handles its events one by one, so
      // only that customer's events wait for the retry.
      handleBatch: (events, tx) => useCases.onOrderEvents(tx, events),
    });
    return { routes: (app, auth) => notificationRoutes(app, auth, useCases) };
  },
});
