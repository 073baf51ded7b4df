import type { ProductCreated } from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import { ProblemError, problems } from '@bazaar/problem';
import type postgres from 'postgres';
import { stockRepository } from '../db/stock-repository.js';
import { canonicalId } from '../domain/ids.js';
import {
  openingStock,
  restock,
  type StockError,
  type StockLevel,
  type StockResult,
  writeOff,
} from '../domain/stock-level.js';

const unknownProduct = (productId: string) => problems.notFound(`No stock is kept for product ${productId}.`);

function toProblem(error: StockError): ProblemError {
  switch (error.type) {
    case 'insufficient-stock':
      return new ProblemError(
        'insufficient-stock',
        409,
        'Not enough stock',
        `Only ${error.available} units are available; ${error.requested} were asked for. Held and sold units belong to orders.`,
        { available: error.available, requested: error.requested },
      );
    case 'stock-limit-exceeded':
      return new ProblemError(
        'stock-limit-exceeded',
        409,
        'Stock limit exceeded',
        `${error.received} units are on the books; ${error.requested} more would pass the limit.`,
        { received: error.received, requested: error.requested },
      );
  }
}

/** Stock levels: opened from the catalogue's events, read by anyone, corrected by admins. */
export function stockLevels(db: Pool, options: { initialStock: number }) {
  const repository = stockRepository(db);

  /** Applies an admin correction to one locked row; unknown products and refused changes are problems. */
  async function adjust(
    requestedId: string,
    change: (level: StockLevel) => StockResult,
  ): Promise<StockLevel> {
    const productId = canonicalId(requestedId);
    return db.begin(async (tx) => {
      const level = (await repository.lock([productId], tx)).get(productId);
      if (!level) throw unknownProduct(productId);
      const result = change(level);
      if (!result.ok) throw toProblem(result.error);
      await repository.update([result.level], tx);
      return result.level;
    });
  }

  return {
    /**
     * New catalogue products get their opening stock, in one statement; a product known already keeps its
     * counts. Returns the products that were known already (or named twice: the first one opened them).
     */
    async onProductsCreated(
      tx: postgres.TransactionSql,
      events: readonly ProductCreated[],
    ): Promise<string[]> {
      const productIds = events.map((event) => canonicalId(event.productId));
      const unique = [...new Set(productIds)];
      const opened = await repository.insertIfAbsent(
        unique.map((productId) => openingStock(productId, options.initialStock)),
        tx,
      );
      return productIds.filter((productId) => !opened.delete(productId));
    },

    async get(productId: string): Promise<StockLevel> {
      const level = await repository.find(productId);
      if (!level) throw unknownProduct(productId);
      return level;
    },

    /** The known products among these, in product id order; unknown ones are left out. */
    async getMany(productIds: readonly string[]): Promise<StockLevel[]> {
      return repository.findMany([...new Set(productIds.map(canonicalId))]);
    },

    restock: (productId: string, quantity: number) => adjust(productId, (level) => restock(level, quantity)),

    writeOff: (productId: string, quantity: number) =>
      adjust(productId, (level) => writeOff(level, quantity)),
  };
}

export type StockLevels = ReturnType<typeof stockLevels>;
