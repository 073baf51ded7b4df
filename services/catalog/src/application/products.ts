import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type PriceChanged, type ProductCreated } from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import { ProblemError, problems } from '@bazaar/problem';
import type { PublishedEvent, ServiceMessaging } from '@bazaar/service-host';
import { productsRepository } from '../db/products-repository.js';
import { isIsoCurrency } from '../domain/money.js';
import { type Product, type ProductChanges, type ProductDraft, priceMoved } from '../domain/product.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';
import { type CacheMetrics, noCache, type ProductCache } from './product-cache.js';

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
}

const unknownCurrency = (code: string) =>
  new ProblemError(
    'unknown-currency',
    400,
    'Unknown currency',
    `'${code}' is not an ISO 4217 currency code.`,
  );

function productCreated(product: ProductDraft & { id: string }): PublishedEvent {
  const data: ProductCreated = {
    productId: product.id,
    name: product.name,
    category: product.category,
    price: product.price,
  };
  return { type: EVENT_TYPES.productCreated, subject: product.id, data };
}

function priceChanged(before: Product, after: Product): PublishedEvent {
  const data: PriceChanged = { productId: after.id, previousPrice: before.price, price: after.price };
  return { type: EVENT_TYPES.priceChanged, subject: after.id, data };
}

/**
 * The catalogue's use cases: browse and search for everyone, edits for admins (checked at the edge).
 * Every change commits with its event in the outbox. Reads by id go through the cache unless the caller
 * asks for a fresh read (ordering's pricing does); every database read refreshes the cache, and so does
 * every committed change (right after its commit) and every ProductCreated/PriceChanged (`refreshCached`).
 */
export function products(
  db: Pool,
  messaging: ServiceMessaging,
  caching: { cache: ProductCache; metrics?: CacheMetrics } = { cache: noCache },
) {
  const repository = productsRepository(db);
  const { cache, metrics } = caching;
  const store = cache.store;

  /** After a commit: the new version replaces the entry (an older one can no longer be put over it). */
  async function replaceCached(product: Product, reason: 'write' | 'event'): Promise<void> {
    if (store === 'off') return;
    await cache.put(product);
    metrics?.invalidations.inc({ store, reason });
  }

  return {
    async list(query: {
      q?: string;
      category?: string;
      limit: number;
      cursor?: string;
    }): Promise<ProductPage> {
      // Blank searches list everything rather than matching nothing.
      const q = query.q?.trim() ? query.q.trim() : undefined;
      const filter = { q, category: query.category };
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor, filter);
      const page = await repository.list({ ...filter, limit: query.limit, after });
      return { items: page.products, nextCursor: page.last ? encodeCursor(page.last, filter) : null };
    },

    /** `fresh`: read the database whatever the cache holds (pricing an order). */
    async get(id: string, options: { fresh?: boolean } = {}): Promise<Product> {
      if (store !== 'off') {
        const cached = options.fresh ? undefined : await cache.get(id);
        if (cached) {
          metrics?.hits.inc({ store });
          return cached;
        }
        metrics?.misses.inc({ store, reason: options.fresh ? 'bypass' : 'absent' });
      }
      const product = await repository.findById(id);
      if (!product) throw problems.notFound('No such product.');
      await cache.put(product);
      return product;
    },

    /** ProductCreated/PriceChanged arrived: the entry is replaced by what the database holds now. */
    async refreshCached(id: string): Promise<void> {
      if (store === 'off') return;
      const product = await repository.findById(id);
      if (product) await replaceCached(product, 'event');
    },

    async create(draft: ProductDraft): Promise<Product> {
      if (!isIsoCurrency(draft.price.currency)) throw unknownCurrency(draft.price.currency);
      const product = await db.begin(async (tx) => {
        const inserted = await repository.insert(randomUUID(), draft, tx);
        await messaging.publish(tx, [productCreated(inserted)]);
        return inserted;
      });
      await replaceCached(product, 'write');
      return product;
    },

    async update(id: string, changes: ProductChanges): Promise<Product> {
      if (changes.price && !isIsoCurrency(changes.price.currency))
        throw unknownCurrency(changes.price.currency);
      const product = await db.begin(async (tx) => {
        const before = await repository.findById(id, tx, true);
        if (!before) throw problems.notFound('No such product.');
        const after = (await repository.update(id, changes, tx))!;
        if (priceMoved(before, after)) await messaging.publish(tx, [priceChanged(before, after)]);
        return after;
      });
      await replaceCached(product, 'write');
      return product;
    },

    /** Loads the demo catalogue once, announcing each product like any other. */
    seedOnce: (catalogue: readonly (ProductDraft & { id: string })[]) =>
      repository.seedOnce(catalogue, (tx, seeded) => messaging.publish(tx, seeded.map(productCreated))),
  };
}

export type Products = ReturnType<typeof products>;
