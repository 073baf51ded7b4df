import { minuteOf } from './event-time.js';
import {
  decideOrder,
  type OrderFact,
  type OrderProgress,
  type SagaOutcome,
  UNSEEN_ORDER,
} from './order-progress.js';

export interface PlacedLine {
  productId: string;
  quantity: number;
}

/** Integer minor units with their ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** One order event of a batch, at the time it happened. Ids are lower-case: they are the rows' keys. */
export interface OrderEvent {
  orderId: string;
  at: Date;
  fact: OrderFact;
  /** A placement's lines. */
  lines?: readonly PlacedLine[];
  /** A confirmation's total. */
  revenue?: Money;
}

export interface MinuteIncrement {
  minute: Date;
  placed: number;
  confirmed: number;
  cancelled: number;
}

export interface RevenueIncrement {
  minute: Date;
  currency: string;
  amount: number;
}

/**
 * What a batch of order events adds, as one row per key: written with one statement per table. Every list
 * is in key order, so two transactions writing overlapping keys lock their rows in the same order.
 */
export interface OrderBatchFigures {
  /** The orders the batch changed, as it leaves them. */
  progress: { orderId: string; progress: OrderProgress }[];
  /** Lines of orders placed in this batch, kept until their confirmation (not those counted in it). */
  keptLines: { orderId: string; lines: readonly PlacedLine[] }[];
  /** Orders whose lines an earlier batch kept and whose units count now. */
  countKeptLinesOf: string[];
  /** Units of the orders both placed and counted in this batch, by product. */
  unitsFromBatch: { productId: string; units: number }[];
  minutes: MinuteIncrement[];
  revenue: RevenueIncrement[];
  outcomes: { outcome: SagaOutcome; orders: number }[];
}

/** In key order (ids are lower-case, so their string order is PostgreSQL's uuid order). */
function sortedBy<T>(items: Iterable<T>, key: (item: T) => string | number): T[] {
  return [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

function sameProgress(a: OrderProgress, b: OrderProgress): boolean {
  return (
    a.placed === b.placed &&
    a.confirmed === b.confirmed &&
    a.cancelled === b.cancelled &&
    a.unitsCounted === b.unitsCounted
  );
}

/**
 * Folds a batch of order events, in order, into what handling them one at a time would add: each event is
 * decided against its order's progress as the events before it (earlier batches' `known`, then this batch's)
 * left it, so an order placed and confirmed in one batch is counted once, whichever came first.
 */
export function foldOrderEvents(
  known: ReadonlyMap<string, OrderProgress>,
  events: readonly OrderEvent[],
): OrderBatchFigures {
  const state = new Map(known);
  const linesOfBatch = new Map<string, readonly PlacedLine[]>();
  const countKeptLinesOf: string[] = [];
  const units = new Map<string, number>();
  const minutes = new Map<number, MinuteIncrement>();
  const revenue = new Map<string, RevenueIncrement>();
  const outcomes = new Map<SagaOutcome, number>();

  for (const event of events) {
    const decision = decideOrder(state.get(event.orderId) ?? UNSEEN_ORDER, event.fact);
    state.set(event.orderId, decision.next);
    if (decision.keepLines && event.lines) linesOfBatch.set(event.orderId, event.lines);
    if (decision.countUnits) {
      const lines = linesOfBatch.get(event.orderId);
      if (lines) {
        for (const line of lines) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
        linesOfBatch.delete(event.orderId);
      } else countKeptLinesOf.push(event.orderId);
    }
    if (decision.firstTime) {
      const minute = minuteOf(event.at);
      const row = minutes.get(minute.getTime()) ?? { minute, placed: 0, confirmed: 0, cancelled: 0 };
      row[event.fact.kind] += 1;
      minutes.set(minute.getTime(), row);
      if (event.revenue) {
        const key = `${minute.toISOString()} ${event.revenue.currency}`;
        const sum = revenue.get(key) ?? { minute, currency: event.revenue.currency, amount: 0 };
        sum.amount += event.revenue.amount;
        revenue.set(key, sum);
      }
    }
    if (decision.outcome) outcomes.set(decision.outcome, (outcomes.get(decision.outcome) ?? 0) + 1);
  }

  return {
    progress: sortedBy(
      [...state]
        .filter(([orderId, next]) => !sameProgress(next, known.get(orderId) ?? UNSEEN_ORDER))
        .map(([orderId, next]) => ({ orderId, progress: next })),
      (row) => row.orderId,
    ),
    keptLines: sortedBy(
      [...linesOfBatch]
        .filter(([, lines]) => lines.length > 0)
        .map(([orderId, lines]) => ({ orderId, lines })),
      (row) => row.orderId,
    ),
    countKeptLinesOf: sortedBy(countKeptLinesOf, (orderId) => orderId),
    unitsFromBatch: sortedBy(
      [...units].map(([productId, sum]) => ({ productId, units: sum })),
      (row) => row.productId,
    ),
    minutes: sortedBy(minutes.values(), (row) => row.minute.getTime()),
    revenue: sortedBy(revenue.values(), (row) => `${row.minute.toISOString()} ${row.currency}`),
    outcomes: sortedBy(
      [...outcomes].map(([outcome, orders]) => ({ outcome, orders })),
      (row) => row.outcome,
    ),
  };
}

/** Messages of a batch by CloudEvents type, in type order. */
export function countByType(types: readonly string[]): { type: string; seen: number }[] {
  const counts = new Map<string, number>();
  for (const type of types) counts.set(type, (counts.get(type) ?? 0) + 1);
  return sortedBy(
    [...counts].map(([type, seen]) => ({ type, seen })),
    (row) => row.type,
  );
}
