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

/** What public product reads say about caching; documented on their responses (OpenAPI `headers`). */
const CACHE_CONTROL_HEADER = {
  type: 'string',
  description:
    'How long shared and private caches may reuse the answer: `public, max-age=<CATALOG_CACHE_MAX_AGE_SECONDS>`',
} as const;
const ETAG_HEADER = {
  type: 'string',
  description:
    'Strong validator of this version of the product (it changes with every change); send it back as If-None-Match',
} as const;

export const ProductRead = {
  ...Product,
  headers: { ETag: ETAG_HEADER, 'Cache-Control': CACHE_CONTROL_HEADER },
};
export const ProductPageRead = { ...ProductPage, headers: { 'Cache-Control': CACHE_CONTROL_HEADER } };
export const NotModified = {
  type: 'null',
  description: 'Not modified: If-None-Match names the current ETag; there is no body',
  headers: { ETag: ETAG_HEADER, 'Cache-Control': CACHE_CONTROL_HEADER },
} as const;

export const ProductReadHeaders = Type.Object({
  'if-none-match': Type.Optional(
    Type.String({
      maxLength: 1024,
      description: 'ETags the caller holds: when one is current the answer is 304 without a body',
    }),
  ),
  'cache-control': Type.Optional(
    Type.String({
      maxLength: 256,
      description:
        "`no-cache` (or `max-age=0`) reads the database rather than the catalog's cache; ordering prices orders so",
    }),
  ),
});
