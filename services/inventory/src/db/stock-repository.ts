import type { Pool, Sql } from '@bazaar/postgres';
import type { StockLevel } from '../domain/stock-level.js';

export function stockRepository(db: Pool) {
  return {
    /** Adds these products' stock where it is not known already; returns the ids that were new. */
    async insertIfAbsent(levels: readonly StockLevel[], sql: Sql = db): Promise<Set<string>> {
      if (levels.length === 0) return new Set();
      const rows = await sql<{ productId: string }[]>`
        INSERT INTO stock (product_id, received, available, reserved, committed)
        SELECT * FROM unnest(${levels.map((l) => l.productId)}::uuid[], ${levels.map((l) => l.received)}::int[],
                             ${levels.map((l) => l.available)}::int[], ${levels.map((l) => l.reserved)}::int[],
                             ${levels.map((l) => l.committed)}::int[])
        ON CONFLICT (product_id) DO NOTHING
        RETURNING product_id AS "productId"`;
      return new Set(rows.map((row) => row.productId));
    },

    /**
     * Reads and locks the rows of these products until the transaction ends. Rows are locked in product id
     * order (the sort runs below the lock), the one order every writer follows, so writers never deadlock.
     */
    async lock(productIds: readonly string[], tx: Sql): Promise<Map<string, StockLevel>> {
      if (productIds.length === 0) return new Map();
      const rows = await tx<StockLevel[]>`
        SELECT product_id AS "productId", received, available, reserved, committed FROM stock
        WHERE product_id = ANY(${productIds as string[]}::uuid[])
        ORDER BY product_id
        FOR UPDATE`;
      return new Map(rows.map((row) => [row.productId, row]));
    },

    /** Writes new counts of rows the transaction has locked (each product once), in one statement. */
    async update(levels: readonly StockLevel[], tx: Sql): Promise<void> {
      if (levels.length === 0) return;
      const rows = await tx`
        UPDATE stock SET received = v.received, available = v.available, reserved = v.reserved,
                         committed = v.committed, updated_at = now()
        FROM unnest(${levels.map((l) => l.productId)}::uuid[], ${levels.map((l) => l.received)}::int[],
                    ${levels.map((l) => l.available)}::int[], ${levels.map((l) => l.reserved)}::int[],
                    ${levels.map((l) => l.committed)}::int[])
          AS v(product_id, received, available, reserved, committed)
        WHERE stock.product_id = v.product_id
        RETURNING 1`;
      if (rows.length !== levels.length)
        throw new Error(`stock vanished while locked: ${levels.length} rows to update, ${rows.length} found`);
    },

    async find(productId: string): Promise<StockLevel | undefined> {
      const [row] = await db<StockLevel[]>`
        SELECT product_id AS "productId", received, available, reserved, committed FROM stock WHERE product_id = ${productId}`;
      return row;
    },

    async findMany(productIds: readonly string[]): Promise<StockLevel[]> {
      return db<StockLevel[]>`
        SELECT product_id AS "productId", received, available, reserved, committed FROM stock
        WHERE product_id = ANY(${productIds as string[]}::uuid[])
        ORDER BY product_id`;
    },
  };
}

export type StockRepository = ReturnType<typeof stockRepository>;
