import type { Pool, Sql } from '@bazaar/postgres';
import type postgres from 'postgres';
import type { PageCursor } from '../application/page-cursor.js';
import type { Product, ProductChanges, ProductDraft } from '../domain/product.js';

interface ProductRow {
  id: string;
  name: string;
  description: string;
  priceAmount: number;
  currency: string;
  category: string;
  imageUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  rank?: number;
}

const COLUMNS = `id, name, description, price_amount AS "priceAmount", currency, category,
  image_url AS "imageUrl", created_at AS "createdAt", updated_at AS "updatedAt",
  version::int AS version`;

function toProduct(row: ProductRow): Product {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    price: { amount: row.priceAmount, currency: row.currency },
    category: row.category,
    imageUrl: row.imageUrl,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

export interface ListQuery {
  q?: string;
  category?: string;
  limit: number;
  after?: PageCursor;
}

export interface ListedPage {
  products: Product[];
  /** Sort key of the last row when more rows follow. */
  last?: PageCursor;
}

/** Queries fetch one row more than the page: its presence says another page follows. */
function toPage<Row extends ProductRow>(
  rows: Row[],
  limit: number,
  positionOf: (last: Row) => PageCursor,
): ListedPage {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    products: page.map(toProduct),
    ...(rows.length > limit && last ? { last: positionOf(last) } : {}),
  };
}

export function productsRepository(db: Pool) {
  const categoryFilter = (category?: string) =>
    category === undefined ? db`` : db`AND category = ${category}`;

  async function listByName(query: ListQuery): Promise<ListedPage> {
    const after = query.after?.kind === 'name' ? query.after : undefined;
    const rows = await db<ProductRow[]>`
      SELECT ${db.unsafe(COLUMNS)} FROM products
      WHERE true ${categoryFilter(query.category)}
        ${after ? db`AND (name, id) > (${after.name}, ${after.id})` : db``}
      ORDER BY name, id
      LIMIT ${query.limit + 1}`;
    return toPage(rows, query.limit, (last) => ({ kind: 'name', name: last.name, id: last.id }));
  }

  async function listByRelevance(q: string, query: ListQuery): Promise<ListedPage> {
    const after = query.after?.kind === 'rank' ? query.after : undefined;
    const rows = await db<(ProductRow & { rank: number })[]>`
      SELECT * FROM (
        SELECT ${db.unsafe(COLUMNS)}, ts_rank(search, query) AS rank
        FROM products, websearch_to_tsquery('english', ${q}) AS query
        WHERE search @@ query ${categoryFilter(query.category)}
      ) AS matches
      WHERE true ${after ? db`AND (rank < ${after.rank}::real OR (rank = ${after.rank}::real AND id > ${after.id}))` : db``}
      ORDER BY rank DESC, id
      LIMIT ${query.limit + 1}`;
    return toPage(rows, query.limit, (last) => ({ kind: 'rank', rank: last.rank, id: last.id }));
  }

  return {
    list(query: ListQuery): Promise<ListedPage> {
      return query.q === undefined ? listByName(query) : listByRelevance(query.q, query);
    },

    /** `forUpdate` locks the row until the caller's transaction ends (read-then-change without a race). */
    async findById(id: string, sql: Sql = db, forUpdate = false): Promise<Product | undefined> {
      const [row] = await sql<ProductRow[]>`
        SELECT ${sql.unsafe(COLUMNS)} FROM products WHERE id = ${id} ${forUpdate ? sql`FOR UPDATE` : sql``}`;
      return row ? toProduct(row) : undefined;
    },

    async insert(id: string, draft: ProductDraft, sql: Sql = db): Promise<Product> {
      const [row] = await sql<ProductRow[]>`
        INSERT INTO products (id, name, description, price_amount, currency, category, image_url)
        VALUES (${id}, ${draft.name}, ${draft.description}, ${draft.price.amount}, ${draft.price.currency},
                ${draft.category}, ${draft.imageUrl})
        RETURNING ${sql.unsafe(COLUMNS)}`;
      return toProduct(row!);
    },

    async update(id: string, changes: ProductChanges, sql: Sql = db): Promise<Product | undefined> {
      const set: Record<string, string | number | null> = {};
      if (changes.name !== undefined) set.name = changes.name;
      if (changes.description !== undefined) set.description = changes.description;
      if (changes.category !== undefined) set.category = changes.category;
      if (changes.imageUrl !== undefined) set.image_url = changes.imageUrl;
      if (changes.price !== undefined) {
        set.price_amount = changes.price.amount;
        set.currency = changes.price.currency;
      }
      const [row] = await sql<ProductRow[]>`
        UPDATE products SET ${sql(set)}, updated_at = now(), version = version + 1 WHERE id = ${id}
        RETURNING ${sql.unsafe(COLUMNS)}`;
      return row ? toProduct(row) : undefined;
    },

    /** Loads the demo catalogue once per database, however many instances start together. */
    async seedOnce(
      products: readonly (ProductDraft & { id: string })[],
      onSeeded: (
        tx: postgres.TransactionSql,
        products: readonly (ProductDraft & { id: string })[],
      ) => Promise<void>,
    ): Promise<number> {
      return db.begin(async (tx) => {
        await tx`LOCK TABLE catalog_seed IN EXCLUSIVE MODE`;
        const [done] = await tx`SELECT 1 FROM catalog_seed LIMIT 1`;
        if (done) return 0;
        for (const product of products) {
          await tx`
            INSERT INTO products (id, name, description, price_amount, currency, category, image_url)
            VALUES (${product.id}, ${product.name}, ${product.description}, ${product.price.amount},
                    ${product.price.currency}, ${product.category}, ${product.imageUrl})
            ON CONFLICT (id) DO NOTHING`;
        }
        await tx`INSERT INTO catalog_seed DEFAULT VALUES`;
        await onSeeded(tx, products);
        return products.length;
      });
    },
  };
}
