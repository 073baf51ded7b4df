import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, EVENTS, SUBSCRIPTIONS, type UserRegistered, type UserUpdated } from '@bazaar/contracts';
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
      concurrency: 4,
      handle: (event, tx) =>
        event.type === EVENT_TYPES.userRegistered
          ? useCases.onUserRegistered(tx, event.data as UserRegistered, event.id)
          : useCases.onUserUpdated(tx, event.data as UserUpdated),
    });
    return { routes: (app, auth) => notificationRoutes(app, auth, useCases) };
  },
});
