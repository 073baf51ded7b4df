import { Type } from '@sinclair/typebox';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const MAX_PRODUCTS_PER_QUERY = 100;

export const StockLevel = Type.Object({
  productId: Type.String({ format: 'uuid' }),
  available: Type.Integer({ minimum: 0, description: 'free to sell' }),
  reserved: Type.Integer({ minimum: 0, description: 'held for orders in progress' }),
  committed: Type.Integer({ minimum: 0, description: 'sold to confirmed orders' }),
  received: Type.Integer({ minimum: 0, description: 'available + reserved + committed' }),
});

export const StockLevelList = Type.Object({ items: Type.Array(StockLevel) });

export const ProductParams = Type.Object(
  { productId: Type.String({ format: 'uuid' }) },
  { additionalProperties: false },
);

export const StockQuery = Type.Object(
  {
    productIds: Type.String({
      minLength: 36,
      // 100 uuids and the commas between them.
      maxLength: MAX_PRODUCTS_PER_QUERY * 37 - 1,
      pattern: `^${UUID}(,${UUID})*$`,
      description: `comma-separated product ids, at most ${MAX_PRODUCTS_PER_QUERY}`,
    }),
  },
  { additionalProperties: false },
);

export const Adjustment = Type.Object(
  { quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false, examples: [{ quantity: 25 }] },
);
