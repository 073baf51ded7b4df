import { randomUUID } from 'node:crypto';
import type { Pool } from '@bazaar/postgres';
import { ProblemError, problems } from '@bazaar/problem';
import { productsRepository } from '../db/products-repository.js';
import { isIsoCurrency } from '../domain/money.js';
import type { Product, ProductChanges, ProductDraft } from '../domain/product.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';

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

/** The catalogue's use cases: browse and search for everyone, edits for admins (checked at the edge). */
export function products(db: Pool) {
  const repository = productsRepository(db);

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

    async get(id: string): Promise<Product> {
      const product = await repository.findById(id);
      if (!product) throw problems.notFound('No such product.');
      return product;
    },

    async create(draft: ProductDraft): Promise<Product> {
      if (!isIsoCurrency(draft.price.currency)) throw unknownCurrency(draft.price.currency);
      return repository.insert(randomUUID(), draft);
    },

    async update(id: string, changes: ProductChanges): Promise<Product> {
      if (changes.price && !isIsoCurrency(changes.price.currency))
        throw unknownCurrency(changes.price.currency);
      const product = await repository.update(id, changes);
      if (!product) throw problems.notFound('No such product.');
      return product;
    },

    seedOnce: repository.seedOnce,
  };
}

export type Products = ReturnType<typeof products>;
