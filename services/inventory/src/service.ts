import { fileURLToPath } from 'node:url';
import { loadConfig } from '@bazaar/config';
import { EVENT_TYPES, EVENTS, type ProductCreated, SUBSCRIPTIONS } from '@bazaar/contracts';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { COMMAND_TYPES, reservations, toCommand } from './application/reservations.js';
import { stockLevels } from './application/stock.js';
import { InventoryConfig } from './config.js';
import { inventoryRoutes } from './http/routes.js';

export const inventoryService = defineService({
  name: 'inventory',
  description: 'Stock levels per product and the stock reservations of order fulfilment.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 16 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  start(context) {
    const config = loadConfig(InventoryConfig, context.env);
    const db = requireDb(context);
    const messaging = requireMessaging(context);
    const stock = stockLevels(db, { initialStock: config.INVENTORY_INITIAL_STOCK });
    const orders = reservations(db, messaging, context.log);

    messaging.subscribe({
      name: 'catalog-events',
      types: [EVENT_TYPES.productCreated],
      concurrency: 1,
      handle: async (event, tx) => {
        const opened = await stock.onProductCreated(tx, event.data as ProductCreated);
        if (!opened) context.log.debug({ subject: event.subject }, 'product already has stock; left alone');
      },
    });
    messaging.subscribe({
      name: 'commands',
      types: COMMAND_TYPES,
      // One batch at a time per instance: a batch's transaction holds the stock rows it touched until it
      // commits, and two batches locking shared products in different orders would deadlock.
      concurrency: 1,
      handle: (event, tx) => orders.handle(tx, toCommand(event), event.id),
    });

    return { routes: (app, auth) => inventoryRoutes(app, auth, stock) };
  },
});
