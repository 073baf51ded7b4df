import type { FailureReason, Reservation, StockLine } from '../src/domain/reservation.js';
import type { StockLevel } from '../src/domain/stock-level.js';

/** Product ids in product id order: P1 < P2 < P3. */
export const [P1, P2, P3] = [1, 2, 3].map((n) => `00000000-0000-4000-8000-00000000000${n}`) as [
  string,
  string,
  string,
];

export const stock = (productId: string, available: number, reserved = 0, committed = 0): StockLevel => ({
  productId,
  received: available + reserved + committed,
  available,
  reserved,
  committed,
});
export const line = (productId: string, quantity: number): StockLine => ({ productId, quantity });

export const held = (orderId: string, ...lines: StockLine[]): Reservation => ({
  orderId,
  status: 'HELD',
  lines,
  failure: null,
});
export const failed = (
  orderId: string,
  reason: FailureReason,
  productIds: string[],
  ...lines: StockLine[]
): Reservation => ({ orderId, status: 'FAILED', lines, failure: { reason, productIds } });

export const reservedReply = (orderId: string, ...lines: StockLine[]) => ({
  type: 'inventory.stock-reserved' as const,
  data: { orderId, lines },
});
export const failedReply = (orderId: string, reason: FailureReason, productIds: string[]) => ({
  type: 'inventory.stock-reservation-failed' as const,
  data: { orderId, reason, productIds },
});
export const releasedReply = (orderId: string, released: boolean) => ({
  type: 'inventory.stock-released' as const,
  data: { orderId, released },
});
export const committedReply = (orderId: string) => ({
  type: 'inventory.stock-committed' as const,
  data: { orderId },
});
