import { BalancedPool, type EndpointSource } from '@bazaar/load-balancer';
import { ProblemError, problems } from '@bazaar/problem';
import type { UpstreamPolicy } from '@bazaar/resilience';
import type { Registry } from 'prom-client';
import type { Money } from '../domain/money.js';

export interface PriceList {
  /** Current unit price per product; products that do not exist are absent. */
  prices(productIds: readonly string[]): Promise<Map<string, Money>>;
  close(): Promise<void>;
}

/**
 * Prices come from the catalog at order time, over HTTP like any other caller would get them, under the
 * catalog's resilience policy (UPSTREAM_POLICIES): each lookup has a deadline, a catalog that keeps failing
 * opens the breaker (orders are refused at once with 503 circuit-open, nothing stored), a bulkhead caps the
 * lookups in flight, and a failed lookup (a read) is retried within the retry budget.
 * `Cache-Control: no-cache` makes the catalog read its database, not its cache: an order is priced by the
 * last price change committed before the lookup, never by a cache entry that missed it.
 */
export function catalogPriceList(
  endpoints: EndpointSource,
  options: { policy: UpstreamPolicy; metrics?: Registry },
): PriceList {
  const { policy } = options;
  const transportTimeoutMs = policy.config.timeoutMs + 1_000;
  // Every catalog instance, least pending first; a lookup whose connection fails moves to another one.
  const pool = new BalancedPool('catalog', endpoints, {
    connections: 16,
    headersTimeout: transportTimeoutMs,
    bodyTimeout: transportTimeoutMs,
    metrics: options.metrics,
  });

  type Lookup = { status: number; product?: { price?: Money } };
  const lookup = async (productId: string, signal: AbortSignal): Promise<Lookup> => {
    const response = await pool.request(
      {
        method: 'GET',
        path: `/api/products/${encodeURIComponent(productId)}`,
        headers: { accept: 'application/json', 'cache-control': 'no-cache' },
        signal,
      },
      { idempotent: true },
    );
    if (response.statusCode !== 200) {
      await response.body.dump();
      return { status: response.statusCode };
    }
    return { status: 200, product: (await response.body.json()) as { price?: Money } };
  };

  async function price(productId: string): Promise<Money | undefined> {
    let result: Lookup;
    try {
      result = await policy.execute((signal) => lookup(productId, signal), {
        idempotent: true,
        failed: (answer) => answer.status >= 500,
      });
    } catch (error) {
      if (error instanceof ProblemError) throw error; // circuit open, bulkhead full, timeout
      throw problems.upstreamUnavailable('catalog');
    }
    if (result.status === 404) return undefined;
    if (result.status !== 200) throw problems.upstreamUnavailable('catalog');
    const product = result.product;
    if (!product?.price || !Number.isInteger(product.price.amount)) {
      throw new ProblemError(
        'upstream-invalid',
        502,
        'Bad upstream answer',
        'The catalog answered without a valid price.',
      );
    }
    return product.price;
  }

  return {
    async prices(productIds) {
      const unique = [...new Set(productIds)];
      const found = await Promise.all(unique.map(async (id) => [id, await price(id)] as const));
      return new Map(found.filter((entry): entry is readonly [string, Money] => entry[1] !== undefined));
    },
    close: () => pool.close(),
  };
}
