import { fileURLToPath } from 'node:url';
import { EVENTS, SUBSCRIPTIONS } from '@bazaar/contracts';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { DEMO_CATALOG } from './application/demo-catalog.js';
import { products } from './application/products.js';
import { catalogRoutes } from './http/routes.js';

export const catalogService = defineService({
  name: 'catalog',
  description: 'Products, prices and categories, with full-text search.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 64 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  async start(context) {
    const useCases = products(requireDb(context), requireMessaging(context));
    const seeded = await useCases.seedOnce(DEMO_CATALOG);
    if (seeded > 0) context.log.info({ products: seeded }, 'loaded the demo catalogue');
    return { routes: (app, auth) => catalogRoutes(app, auth, useCases) };
  },
});
