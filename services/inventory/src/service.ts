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
      // The products announced together open their stock in one statement.
      async handleBatch(events, tx) {
        const known = await stock.onProductsCreated(
          tx,
          events.map((event) => event.data as ProductCreated),
        );
        for (const productId of known)
          context.log.debug({ productId }, 'product already has stock; left alone');
      },
    });
    messaging.subscribe({
      name: 'commands',
      types: COMMAND_TYPES,
      // One batch at a time per instance: a batch's transaction holds the stock rows it touched until it
      // commits. Batches of two instances lock their orders, then their products, each in one sorted order,
      // so they wait for each other but never deadlock.
      concurrency: 1,
      // The commands waiting together are applied together, in a fixed number of statements (see
      // reservations): the same rows and replies as one command at a time, in order.
      handleBatch: (events, tx) =>
        orders.handleBatch(
          tx,
          events.map((event) => ({ command: toCommand(event), messageId: event.id })),
        ),
    });

    return { routes: (app, auth) => inventoryRoutes(app, auth, stock) };
  },
});
