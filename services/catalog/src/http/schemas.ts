import { Type } from '@sinclair/typebox';
import { MAX_PRICE_MINOR_UNITS } from '../domain/money.js';

const SingleLine = (options: { minLength?: number; maxLength: number }) =>
  Type.String({
    minLength: options.minLength ?? 1,
    maxLength: options.maxLength,
    pattern: '^[^\\u0000-\\u001f\\u007f]*\\S[^\\u0000-\\u001f\\u007f]*$',
  });

export const Money = Type.Object(
  {
    amount: Type.Integer({ minimum: 0, maximum: MAX_PRICE_MINOR_UNITS, description: 'integer minor units' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  },
  { additionalProperties: false },
);

export const ProductId = Type.String({ format: 'uuid' });
const Category = Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z0-9][a-z0-9-]*$' });
const ImageUrl = Type.Union([
  Type.String({ format: 'uri', maxLength: 2048, pattern: '^https?://' }),
  Type.Null(),
]);
const Description = Type.String({ maxLength: 4000 });

export const Product = Type.Object({
  id: ProductId,
  name: Type.String(),
  description: Type.String(),
  price: Money,
  category: Type.String(),
  imageUrl: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const ProductPage = Type.Object({
  items: Type.Array(Product),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'full-text search (web search syntax)' })),
    category: Type.Optional(Category),
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
  },
  { additionalProperties: false },
);

export const ProductParams = Type.Object({ id: ProductId });

export const NewProduct = Type.Object(
  {
    name: SingleLine({ maxLength: 200 }),
    description: Type.Optional(Description),
    price: Money,
    category: Category,
    imageUrl: Type.Optional(ImageUrl),
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Enamel camping mug',
        description: 'A 350 ml steel mug with a white enamel finish.',
        price: { amount: 1299, currency: 'EUR' },
        category: 'outdoor',
      },
    ],
  },
);

export const ProductPatch = Type.Object(
  {
    name: Type.Optional(SingleLine({ maxLength: 200 })),
    description: Type.Optional(Description),
    price: Type.Optional(Money),
    category: Type.Optional(Category),
    imageUrl: Type.Optional(ImageUrl),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ price: { amount: 1099, currency: 'EUR' } }] },
);
