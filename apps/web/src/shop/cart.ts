import { useEffect, useState } from 'preact/hooks';
import type { Money, Product } from '../common/types';

// The cart lives in localStorage: it survives reloads and is shared by the tabs of one browser. Each line
// keeps the name and price seen when it was added; the order's prices come from the catalogue at checkout.

export interface CartLine {
  productId: string;
  name: string;
  price: Money;
  quantity: number;
}

const KEY = 'bazaar.cart';
const listeners = new Set<() => void>();

function read(): CartLine[] {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(lines) ? lines.filter((line) => line && typeof line.productId === 'string') : [];
  } catch {
    return [];
  }
}

function write(lines: CartLine[]) {
  localStorage.setItem(KEY, JSON.stringify(lines.filter((line) => line.quantity > 0)));
  for (const listener of listeners) listener();
}

export function addToCart(product: Product, quantity = 1) {
  const lines = read();
  const line = lines.find((candidate) => candidate.productId === product.id);
  if (line) line.quantity += quantity;
  else lines.push({ productId: product.id, name: product.name, price: product.price, quantity });
  write(lines);
}

export function setQuantity(productId: string, quantity: number) {
  write(read().map((line) => (line.productId === productId ? { ...line, quantity } : line)));
}

export function clearCart() {
  write([]);
}

export function cartTotal(lines: CartLine[]): Money | undefined {
  if (lines.length === 0) return undefined;
  return {
    amount: lines.reduce((sum, line) => sum + line.price.amount * line.quantity, 0),
    currency: lines[0]!.price.currency,
  };
}

export function useCart(): CartLine[] {
  const [lines, setLines] = useState(read);
  useEffect(() => {
    const listener = () => setLines(read());
    listeners.add(listener);
    const storage = (event: StorageEvent) => event.key === KEY && listener();
    addEventListener('storage', storage);
    return () => {
      listeners.delete(listener);
      removeEventListener('storage', storage);
    };
  }, []);
  return lines;
}
