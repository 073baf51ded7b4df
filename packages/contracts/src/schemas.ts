import { Type } from '@sinclair/typebox';

/** Building blocks of event schemas, shared so every event spells ids, instants and money alike. */
export const Id = Type.String({ format: 'uuid' });
export const Instant = Type.String({ format: 'date-time' });
export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, description: 'minor units' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);
export const Quantity = Type.Integer({ minimum: 1, maximum: 1000 });
export const StockLine = Type.Object({ productId: Id, quantity: Quantity }, { additionalProperties: false });
export const StockLines = Type.Array(StockLine, { minItems: 1, maxItems: 50 });
export const PricedLine = Type.Object(
  { productId: Id, quantity: Quantity, unitPrice: Money },
  { additionalProperties: false },
);
export const Address = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    line1: Type.String({ minLength: 1, maxLength: 200 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    postalCode: Type.String({ minLength: 1, maxLength: 20 }),
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
  },
  { additionalProperties: false },
);
