import { fileURLToPath } from 'node:url';
import { loadConfig } from '@bazaar/config';
import { EVENT_TYPES, EVENTS, SUBSCRIPTIONS } from '@bazaar/contracts';
import { PoisonMessageError } from '@bazaar/messaging';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { DEMO_CATALOG } from './application/demo-catalog.js';
import { cacheMetrics, memoryCache, noCache, redisCache } from './application/product-cache.js';
import { products } from './application/products.js';
import { CatalogConfig } from './config.js';
import { catalogRoutes } from './http/routes.js';

export const catalogService = defineService({
  name: 'catalog',
  description: 'Products, prices and categories, with full-text search.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 64 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  async start(context) {
    const config = loadConfig(CatalogConfig, context.env);
    const db = requireDb(context);
    const messaging = requireMessaging(context);
    const metrics = cacheMetrics(context.metrics);
    const [row] = await db<{ database: string }[]>`SELECT current_database() AS database`;
    const database = row!.database;
    const cache =
      config.CATALOG_CACHE_SIZE === 0
        ? noCache
        : config.REDIS_URL
          ? redisCache({
              url: config.REDIS_URL,
              namespace: database,
              ttlSeconds: config.CATALOG_CACHE_TTL_SECONDS,
              log: context.log,
              metrics,
            })
          : memoryCache({ size: config.CATALOG_CACHE_SIZE, ttlSeconds: config.CATALOG_CACHE_TTL_SECONDS });
    const useCases = products(db, messaging, { cache, metrics });
    // Catalog hears its own announcements: whichever instance gets one replaces the entry by what the
    // database holds now (the shared one in Redis; without Redis, that instance's own).
    messaging.subscribe({
      name: 'product-cache',
      types: [EVENT_TYPES.productCreated, EVENT_TYPES.priceChanged],
      async handle(event) {
        if (!event.subject) throw new PoisonMessageError(`${event.type} ${event.id} names no product`);
        await useCases.refreshCached(event.subject);
      },
    });
    const seeded = await useCases.seedOnce(DEMO_CATALOG);
    if (seeded > 0) context.log.info({ products: seeded }, 'loaded the demo catalogue');
    return {
      routes: (app, auth) =>
        catalogRoutes(app, auth, useCases, { maxAgeSeconds: config.CATALOG_CACHE_MAX_AGE_SECONDS }),
      stop: () => cache.close(),
    };
  },
});
