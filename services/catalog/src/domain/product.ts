import type { Money } from './money.js';

export interface Product {
  id: string;
  name: string;
  description: string;
  price: Money;
  category: string;
  imageUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** 1 when created, one more with every change: the ETag and the order of cache entries. */
  version: number;
}

export interface ProductDraft {
  name: string;
  description: string;
  price: Money;
  category: string;
  imageUrl: string | null;
}

export type ProductChanges = Partial<ProductDraft>;

/** Whether a change of a product moved its price (amount or currency): what PriceChanged announces. */
export function priceMoved(before: Pick<Product, 'price'>, after: Pick<Product, 'price'>): boolean {
  return before.price.amount !== after.price.amount || before.price.currency !== after.price.currency;
}
