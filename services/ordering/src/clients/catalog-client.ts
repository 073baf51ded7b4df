import { ProblemError, problems } from '@bazaar/problem';
import { Pool } from 'undici';
import type { Money } from '../domain/money.js';

export interface PriceList {
  /** Current unit price per product; products that do not exist are absent. */
  prices(productIds: readonly string[]): Promise<Map<string, Money>>;
  close(): Promise<void>;
}

/**
 * Prices come from the catalog at order time, over HTTP like any other caller would get them. Each
 * lookup has a deadline: a slow catalog turns into a 503/504 for the order, never a hung request.
 * `Cache-Control: no-cache` makes the catalog read its database, not its cache: an order is priced by the
 * last price change committed before the lookup, never by a cache entry that missed it.
 */
export function catalogPriceList(baseUrl: string, options: { timeoutMs: number }): PriceList {
  const pool = new Pool(baseUrl, {
    connections: 16,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });

  async function price(productId: string): Promise<Money | undefined> {
    let response: Awaited<ReturnType<Pool['request']>>;
    try {
      response = await pool.request({
        method: 'GET',
        path: `/api/products/${encodeURIComponent(productId)}`,
        headers: { accept: 'application/json', 'cache-control': 'no-cache' },
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (error) {
      const code = (error as { code?: string; name?: string }).code ?? (error as { name?: string }).name;
      throw code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'TimeoutError' || code === 'AbortError'
        ? problems.upstreamTimeout('catalog')
        : problems.upstreamUnavailable('catalog');
    }
    if (response.statusCode === 404) {
      await response.body.dump();
      return undefined;
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw problems.upstreamUnavailable('catalog');
    }
    const product = (await response.body.json()) as { price?: Money };
    if (!product.price || !Number.isInteger(product.price.amount)) {
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
