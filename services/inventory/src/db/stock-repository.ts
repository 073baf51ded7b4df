import type { Pool, Sql } from '@bazaar/postgres';
import type { StockLevel } from '../domain/stock-level.js';

export function stockRepository(db: Pool) {
  return {
    /** Adds a product's stock unless it is known already; returns whether it was new. */
    async insertIfAbsent(level: StockLevel, sql: Sql = db): Promise<boolean> {
      const rows = await sql`
        INSERT INTO stock (product_id, received, available, reserved, committed)
        VALUES (${level.productId}, ${level.received}, ${level.available}, ${level.reserved}, ${level.committed})
        ON CONFLICT (product_id) DO NOTHING
        RETURNING 1`;
      return rows.length > 0;
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

    /** Writes new counts of rows the transaction has locked. */
    async update(levels: readonly StockLevel[], tx: Sql): Promise<void> {
      for (const level of levels) {
        const rows = await tx`
          UPDATE stock SET received = ${level.received}, available = ${level.available},
                           reserved = ${level.reserved}, committed = ${level.committed}, updated_at = now()
          WHERE product_id = ${level.productId}
          RETURNING 1`;
        if (rows.length === 0) throw new Error(`stock of ${level.productId} vanished while locked`);
      }
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
