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
}

export interface ProductDraft {
  name: string;
  description: string;
  price: Money;
  category: string;
  imageUrl: string | null;
}

export type ProductChanges = Partial<ProductDraft>;

/** What a change did, so the caller can tell PriceChanged from other edits. */
export function priceChanged(before: Product, after: Product): boolean {
  return before.price.amount !== after.price.amount || before.price.currency !== after.price.currency;
}
