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
