import { api } from '../common/session';
import type { StockLevel } from '../common/types';

/** Stock of these products from inventory (public, ≤ 100 ids a call), by product id. */
export async function stockOf(productIds: string[]): Promise<Map<string, StockLevel>> {
  if (productIds.length === 0) return new Map();
  const { data } = await api.GET('/api/inventory', {
    params: { query: { productIds: productIds.join(',') } },
  });
  return new Map((data?.items ?? []).map((level) => [level.productId, level]));
}

export function stockText(level: StockLevel | undefined): string {
  if (!level) return 'Stock unknown';
  if (level.available === 0) return 'Out of stock';
  return level.available < 5 ? `Only ${level.available} left` : `${level.available} in stock`;
}
