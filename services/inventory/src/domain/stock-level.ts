/**
 * The stock of one product. Every unit ever received is in exactly one bucket: on the shelf and free to
 * sell (`available`), held for an order in progress (`reserved`), or sold to a confirmed order
 * (`committed`). Write-offs leave the books entirely, so `received` counts what is still accounted for.
 */
export interface StockLevel {
  productId: string;
  received: number;
  available: number;
  reserved: number;
  committed: number;
}

/** The columns are PostgreSQL `integer`s; no count may grow past them. */
export const MAX_UNITS = 2_147_483_647;

export type StockError =
  | { type: 'insufficient-stock'; available: number; requested: number }
  | { type: 'stock-limit-exceeded'; received: number; requested: number };

export type StockResult = { ok: true; level: StockLevel } | { ok: false; error: StockError };

/** Every unit is in exactly one bucket and no bucket is negative (the table checks the same). */
export function isBalanced(level: StockLevel): boolean {
  const counts = [level.received, level.available, level.reserved, level.committed];
  return (
    counts.every((count) => Number.isSafeInteger(count) && count >= 0 && count <= MAX_UNITS) &&
    level.received === level.available + level.reserved + level.committed
  );
}

/** A product the catalogue just announced: its initial units are received and free to sell. */
export function openingStock(productId: string, units: number): StockLevel {
  return checked({ productId, received: units, available: units, reserved: 0, committed: 0 });
}

/** Goods arrived: more to sell. */
export function restock(level: StockLevel, quantity: number): StockResult {
  assertQuantity(quantity);
  if (level.received + quantity > MAX_UNITS)
    return {
      ok: false,
      error: { type: 'stock-limit-exceeded', received: level.received, requested: quantity },
    };
  return {
    ok: true,
    level: checked({
      ...level,
      received: level.received + quantity,
      available: level.available + quantity,
    }),
  };
}

/** Goods lost or damaged: only what is on the shelf can go; held and sold units belong to orders. */
export function writeOff(level: StockLevel, quantity: number): StockResult {
  assertQuantity(quantity);
  if (quantity > level.available)
    return {
      ok: false,
      error: { type: 'insufficient-stock', available: level.available, requested: quantity },
    };
  return {
    ok: true,
    level: checked({
      ...level,
      received: level.received - quantity,
      available: level.available - quantity,
    }),
  };
}

/** Sets units aside for an order. The caller has checked availability; a shortfall here is a bug. */
export function hold(level: StockLevel, quantity: number): StockLevel {
  assertQuantity(quantity);
  return checked({ ...level, available: level.available - quantity, reserved: level.reserved + quantity });
}

/** Puts an order's held units back on the shelf (compensation). */
export function unhold(level: StockLevel, quantity: number): StockLevel {
  assertQuantity(quantity);
  return checked({ ...level, reserved: level.reserved - quantity, available: level.available + quantity });
}

/** The order is confirmed: its held units are sold. */
export function sell(level: StockLevel, quantity: number): StockLevel {
  assertQuantity(quantity);
  return checked({ ...level, reserved: level.reserved - quantity, committed: level.committed + quantity });
}

// Callers validate their input; a quantity that is not a positive whole number here is a bug.
function assertQuantity(quantity: number): void {
  if (!Number.isSafeInteger(quantity) || quantity <= 0)
    throw new Error(`a stock quantity must be a positive integer, got ${quantity}`);
}

function checked(level: StockLevel): StockLevel {
  if (!isBalanced(level))
    throw new Error(`stock of ${level.productId} would be unbalanced: ${JSON.stringify(level)}`);
  return level;
}
