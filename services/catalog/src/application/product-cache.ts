import type { ServiceContext } from '@bazaar/service-host';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Counter, type Registry } from 'prom-client';
import type { Product } from '../domain/product.js';

/**
 * A read cache of products by id. Entries carry the product's version, and an entry never replaces a newer
 * one (compare-and-set), so a slow reader that loaded an old row cannot overwrite what a write or an event
 * put there after it. The cache never fails a read: every error is a miss (and a metric), never a throw.
 */
export interface ProductCache {
  readonly store: 'memory' | 'redis' | 'off';
  get(id: string): Promise<Product | undefined>;
  /** Stores the product unless the entry there is newer. */
  put(product: Product): Promise<void>;
  close(): Promise<void>;
}

export interface CacheMetrics {
  hits: Counter<'store'>;
  misses: Counter<'store' | 'reason'>;
  invalidations: Counter<'store' | 'reason'>;
  redisErrors: Counter<'operation'>;
}

export function cacheMetrics(registry: Registry): CacheMetrics {
  return {
    hits: new Counter({
      name: 'catalog_cache_hits_total',
      help: 'Product reads answered from the cache',
      labelNames: ['store'] as const,
      registers: [registry],
    }),
    misses: new Counter({
      name: 'catalog_cache_misses_total',
      help: 'Product reads that went to the database (absent: not cached; bypass: the caller asked for a fresh read)',
      labelNames: ['store', 'reason'] as const,
      registers: [registry],
    }),
    invalidations: new Counter({
      name: 'catalog_cache_invalidations_total',
      help: 'Cache entries replaced after a change (write: by the instance that committed it; event: by ProductCreated/PriceChanged)',
      labelNames: ['store', 'reason'] as const,
      registers: [registry],
    }),
    redisErrors: new Counter({
      name: 'catalog_cache_redis_errors_total',
      help: 'Redis commands of the product cache that failed (the read went to the database)',
      labelNames: ['operation'] as const,
      registers: [registry],
    }),
  };
}

/** Whether an entry of `incoming` version may replace the one there (equal versions are the same row). */
export function replaces(existing: number | undefined, incoming: number): boolean {
  return existing === undefined || incoming >= existing;
}

/** The stored form of an entry: its version beside the product, dates as ISO text. */
export function encodeEntry(product: Product): string {
  return JSON.stringify({
    v: product.version,
    p: { ...product, createdAt: product.createdAt.toISOString(), updatedAt: product.updatedAt.toISOString() },
  });
}

/** The product of a stored entry; undefined for anything that is not one (treated as a miss). */
export function decodeEntry(text: string): Product | undefined {
  try {
    const entry = JSON.parse(text) as { v?: unknown; p?: Record<string, unknown> };
    const p = entry.p;
    if (!p || typeof entry.v !== 'number' || p.version !== entry.v) return undefined;
    if (typeof p.id !== 'string' || typeof p.createdAt !== 'string' || typeof p.updatedAt !== 'string')
      return undefined;
    const price = p.price as { amount?: unknown; currency?: unknown } | undefined;
    if (!price || !Number.isInteger(price.amount) || typeof price.currency !== 'string') return undefined;
    return {
      ...(p as unknown as Product),
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.updatedAt),
    };
  } catch {
    return undefined;
  }
}

export const noCache: ProductCache = {
  store: 'off',
  get: async () => undefined,
  put: async () => {},
  close: async () => {},
};

/** In-process LRU: each instance its own. */
export function memoryCache(options: { size: number; ttlSeconds: number }): ProductCache {
  const entries = new LRUCache<string, Product>({ max: options.size, ttl: options.ttlSeconds * 1000 });
  return {
    store: 'memory',
    get: async (id) => entries.get(id),
    async put(product) {
      if (replaces(entries.get(product.id)?.version, product.version)) entries.set(product.id, product);
    },
    close: async () => entries.clear(),
  };
}

// Compare-and-set in one step on the server: the entry there wins when its version is newer.
const PUT_IF_NOT_OLDER = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, entry = pcall(cjson.decode, current)
  if ok and type(entry) == 'table' and tonumber(entry.v) and tonumber(entry.v) > tonumber(ARGV[1]) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

type CachingRedis = Redis & {
  putIfNotOlder(key: string, version: number, value: string, ttlMs: number): Promise<number>;
};

/**
 * Shared by every catalog instance. Commands fail fast when Redis is away (no offline queue, short
 * timeout) and the caller reads the database; the outage is logged once and counted per command.
 */
export function redisCache(options: {
  url: string;
  /** Keeps systems that share one Redis apart (the catalog's database name). */
  namespace: string;
  ttlSeconds: number;
  log: ServiceContext['log'];
  metrics: CacheMetrics;
  commandTimeoutMs?: number;
}): ProductCache {
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: 1_000,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
  }) as CachingRedis;
  redis.defineCommand('putIfNotOlder', { numberOfKeys: 1, lua: PUT_IF_NOT_OLDER });
  const key = (id: string) => `${options.namespace}:catalog:product:${id}`;
  let down = false;
  const failed = (error: unknown) => {
    if (down) return;
    down = true;
    options.log.warn(
      { err: error },
      'product cache: Redis unreachable; reading the database until it is back',
    );
  };
  const succeeded = () => {
    if (!down) return;
    down = false;
    options.log.info('product cache: Redis is back');
  };
  redis.on('error', failed);
  redis.on('ready', succeeded);
  redis.connect().catch(failed);

  return {
    store: 'redis',
    async get(id) {
      try {
        const text = await redis.get(key(id));
        succeeded();
        return text === null ? undefined : decodeEntry(text);
      } catch (error) {
        options.metrics.redisErrors.inc({ operation: 'get' });
        failed(error);
        return undefined;
      }
    },
    async put(product) {
      try {
        await redis.putIfNotOlder(
          key(product.id),
          product.version,
          encodeEntry(product),
          options.ttlSeconds * 1000,
        );
        succeeded();
      } catch (error) {
        options.metrics.redisErrors.inc({ operation: 'put' });
        failed(error);
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}
