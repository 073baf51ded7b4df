import type { CancellationReason } from '@bazaar/contracts';

/**
 * What analytics knows of one order, whatever order its events arrived in. Events of one order travel as
 * separate messages, so a confirmation may overtake its placement, and a publisher may send an event again
 * under a new message id (the inbox only catches the same id): counting per order, not per message,
 * keeps every figure exact.
 */
export interface OrderProgress {
  placed: boolean;
  confirmed: boolean;
  cancelled: boolean;
  /** The order's units were added to the products' sales (needs both its lines and its confirmation). */
  unitsCounted: boolean;
}

export type OrderFact =
  | { kind: 'placed' }
  | { kind: 'confirmed' }
  | { kind: 'cancelled'; reason: CancellationReason };

/** How a saga ended: CONFIRMED or the reason it was cancelled. */
export type SagaOutcome = 'CONFIRMED' | CancellationReason;

export interface OrderDecision {
  next: OrderProgress;
  /** The fact is new for this order: count it in the minute it happened (and, if an outcome, by outcome). */
  firstTime: boolean;
  /** Keep the placement's lines until the confirmation arrives. */
  keepLines: boolean;
  /** Both the lines and the confirmation are known now: add the units to the products' sales, once. */
  countUnits: boolean;
  outcome?: SagaOutcome;
}

export const UNSEEN_ORDER: OrderProgress = {
  placed: false,
  confirmed: false,
  cancelled: false,
  unitsCounted: false,
};

export function decideOrder(progress: OrderProgress, fact: OrderFact): OrderDecision {
  const firstTime = !progress[fact.kind];
  const seen = { ...progress, [fact.kind]: true };
  const countUnits = seen.placed && seen.confirmed && !seen.unitsCounted;
  return {
    next: { ...seen, unitsCounted: seen.unitsCounted || countUnits },
    firstTime,
    keepLines: fact.kind === 'placed' && firstTime,
    countUnits,
    ...(firstTime && fact.kind === 'confirmed' ? { outcome: 'CONFIRMED' as const } : {}),
    ...(firstTime && fact.kind === 'cancelled' ? { outcome: fact.reason } : {}),
  };
}
