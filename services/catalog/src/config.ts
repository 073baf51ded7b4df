import { type Static, Type } from '@sinclair/typebox';

export const CatalogConfig = Type.Object({
  CATALOG_CACHE_SIZE: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    default: 10_000,
    description: 'products kept in the read cache (in-process LRU, or in Redis with REDIS_URL); 0 = no cache',
  }),
  CATALOG_CACHE_TTL_SECONDS: Type.Integer({
    minimum: 1,
    maximum: 86_400,
    default: 300,
    description: 'how long a cache entry lives at most (bounds a missed invalidation)',
  }),
  CATALOG_CACHE_MAX_AGE_SECONDS: Type.Integer({
    minimum: 0,
    maximum: 3_600,
    default: 5,
    description: 'max-age of Cache-Control on public product reads',
  }),
  REDIS_URL: Type.Optional(
    Type.String({
      format: 'uri',
      pattern: '^rediss?://',
      description: 'Redis for a cache shared by every catalog instance; unset = in-process cache',
    }),
  ),
});
export type CatalogConfig = Static<typeof CatalogConfig>;
