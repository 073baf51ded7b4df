import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countByType,
  foldOrderEvents,
  type OrderBatchFigures,
  type OrderEvent,
  type PlacedLine,
} from '../src/domain/figures-batch.js';
import { type OrderProgress, UNSEEN_ORDER } from '../src/domain/order-progress.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const at = (minutes: number, seconds = 0) => new Date(T0 + minutes * 60_000 + seconds * 1000);
const minute = (minutes: number) => at(minutes);

const A = 'aaaaaaaa-0000-4000-8000-000000000000';
const B = 'bbbbbbbb-0000-4000-8000-000000000000';
const C = 'cccccccc-0000-4000-8000-000000000000';
const LAMP = '11111111-0000-4000-8000-000000000000';
const CHAIR = '22222222-0000-4000-8000-000000000000';

const lines = (...entries: [string, number][]): PlacedLine[] =>
  entries.map(([productId, quantity]) => ({ productId, quantity }));
const placed = (orderId: string, when: Date, placedLines = lines([LAMP, 1])): OrderEvent => ({
  orderId,
  at: when,
  fact: { kind: 'placed' },
  lines: placedLines,
});
const confirmed = (orderId: string, when: Date, amount = 1000, currency = 'EUR'): OrderEvent => ({
  orderId,
  at: when,
  fact: { kind: 'confirmed' },
  revenue: { amount, currency },
});
const cancelled = (orderId: string, when: Date): OrderEvent => ({
  orderId,
  at: when,
  fact: { kind: 'cancelled', reason: 'PAYMENT_DECLINED' },
});

const progress = (flags: Partial<OrderProgress>): OrderProgress => ({ ...UNSEEN_ORDER, ...flags });

const NOTHING: OrderBatchFigures = {
  progress: [],
  keptLines: [],
  countKeptLinesOf: [],
  unitsFromBatch: [],
  minutes: [],
  revenue: [],
  outcomes: [],
};

/**
 * The same events one at a time: each folded alone against the progress the ones before it left, the
 * increments added up per key, and the kept lines of a placement dropped when a later event counts them.
 */
function oneAtATime(known: ReadonlyMap<string, OrderProgress>, events: readonly OrderEvent[]) {
  const state = new Map(known);
  const kept = new Map<string, readonly PlacedLine[]>();
  const countedFromKept = new Set<string>();
  const units = new Map<string, number>();
  const sums = new Map<string, Map<string, Record<string, unknown>>>();
  const add = (table: string, key: string, row: object, counters: string[]) => {
    const fields = row as Record<string, unknown>;
    const rows = sums.get(table) ?? new Map<string, Record<string, unknown>>();
    const sum = rows.get(key) ?? { ...fields, ...Object.fromEntries(counters.map((name) => [name, 0])) };
    for (const name of counters) sum[name] = (sum[name] as number) + (fields[name] as number);
    rows.set(key, sum);
    sums.set(table, rows);
  };
  for (const event of events) {
    const alone = foldOrderEvents(state, [event]);
    for (const row of alone.progress) state.set(row.orderId, row.progress);
    for (const row of alone.keptLines) kept.set(row.orderId, row.lines);
    for (const row of alone.unitsFromBatch)
      units.set(row.productId, (units.get(row.productId) ?? 0) + row.units);
    for (const orderId of alone.countKeptLinesOf) {
      const keptLines = kept.get(orderId);
      if (!keptLines) countedFromKept.add(orderId);
      for (const line of keptLines ?? [])
        units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
      kept.delete(orderId);
    }
    for (const row of alone.minutes)
      add('minutes', row.minute.toISOString(), row, ['placed', 'confirmed', 'cancelled']);
    for (const row of alone.revenue)
      add('revenue', `${row.minute.toISOString()} ${row.currency}`, row, ['amount']);
    for (const row of alone.outcomes) add('outcomes', row.outcome, row, ['orders']);
  }
  const sorted = (table: string) =>
    [...(sums.get(table) ?? new Map()).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
  return {
    progress: [...state]
      .filter(
        ([orderId, next]) => JSON.stringify(next) !== JSON.stringify(known.get(orderId) ?? UNSEEN_ORDER),
      )
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([orderId, next]) => ({ orderId, progress: next })),
    keptLines: [...kept]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([orderId, kept]) => ({ orderId, lines: kept })),
    countKeptLinesOf: [...countedFromKept].sort(),
    unitsFromBatch: [...units]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([productId, sum]) => ({ productId, units: sum })),
    minutes: sorted('minutes'),
    revenue: sorted('revenue'),
    outcomes: sorted('outcomes'),
  };
}

/** Given the orders' progress before the batch, when its events arrive together, then these increments. */
const given = (known: Record<string, OrderProgress> = {}) => ({
  when: (...events: OrderEvent[]) => {
    const before = new Map(Object.entries(known));
    const folded = foldOrderEvents(before, events);
    return {
      thenAdds(expected: Partial<OrderBatchFigures>) {
        assert.deepEqual(folded, { ...NOTHING, ...expected });
        assert.deepEqual(folded, oneAtATime(before, events), 'the batch adds what one event at a time adds');
      },
    };
  },
});

describe('a batch of order events, folded into one increment per row', () => {
  it('counts an order placed and confirmed in one batch once, with its units taken from the batch', () => {
    given()
      .when(placed(A, at(0, 5), lines([LAMP, 2], [CHAIR, 1])), confirmed(A, at(1, 5), 4999))
      .thenAdds({
        progress: [{ orderId: A, progress: progress({ placed: true, confirmed: true, unitsCounted: true }) }],
        unitsFromBatch: [
          { productId: LAMP, units: 2 },
          { productId: CHAIR, units: 1 },
        ],
        minutes: [
          { minute: minute(0), placed: 1, confirmed: 0, cancelled: 0 },
          { minute: minute(1), placed: 0, confirmed: 1, cancelled: 0 },
        ],
        revenue: [{ minute: minute(1), currency: 'EUR', amount: 4999 }],
        outcomes: [{ outcome: 'CONFIRMED', orders: 1 }],
      });
  });

  it('counts the units when the confirmation comes first in the batch and the placement after it', () => {
    given()
      .when(confirmed(A, at(1)), placed(A, at(0), lines([LAMP, 3])))
      .thenAdds({
        progress: [{ orderId: A, progress: progress({ placed: true, confirmed: true, unitsCounted: true }) }],
        unitsFromBatch: [{ productId: LAMP, units: 3 }],
        minutes: [
          { minute: minute(0), placed: 1, confirmed: 0, cancelled: 0 },
          { minute: minute(1), placed: 0, confirmed: 1, cancelled: 0 },
        ],
        revenue: [{ minute: minute(1), currency: 'EUR', amount: 1000 }],
        outcomes: [{ outcome: 'CONFIRMED', orders: 1 }],
      });
  });

  it('keeps the lines of a placement whose confirmation has not come, and counts lines kept by an earlier batch', () => {
    given({ [B]: progress({ placed: true }) })
      .when(placed(A, at(0), lines([CHAIR, 4])), confirmed(B, at(0, 30)))
      .thenAdds({
        progress: [
          { orderId: A, progress: progress({ placed: true }) },
          { orderId: B, progress: progress({ placed: true, confirmed: true, unitsCounted: true }) },
        ],
        keptLines: [{ orderId: A, lines: lines([CHAIR, 4]) }],
        countKeptLinesOf: [B],
        minutes: [{ minute: minute(0), placed: 1, confirmed: 1, cancelled: 0 }],
        revenue: [{ minute: minute(0), currency: 'EUR', amount: 1000 }],
        outcomes: [{ outcome: 'CONFIRMED', orders: 1 }],
      });
  });

  it('counts nothing again for events re-sent in the batch or already known from earlier batches', () => {
    given({ [B]: progress({ placed: true, confirmed: true, unitsCounted: true }) })
      .when(
        placed(A, at(0)),
        placed(A, at(0)),
        confirmed(A, at(1)),
        confirmed(A, at(1)),
        placed(A, at(0)),
        placed(B, at(0)),
        confirmed(B, at(1)),
      )
      .thenAdds({
        progress: [{ orderId: A, progress: progress({ placed: true, confirmed: true, unitsCounted: true }) }],
        unitsFromBatch: [{ productId: LAMP, units: 1 }],
        minutes: [
          { minute: minute(0), placed: 1, confirmed: 0, cancelled: 0 },
          { minute: minute(1), placed: 0, confirmed: 1, cancelled: 0 },
        ],
        revenue: [{ minute: minute(1), currency: 'EUR', amount: 1000 }],
        outcomes: [{ outcome: 'CONFIRMED', orders: 1 }],
      });
  });

  it('adds up many orders per minute, per currency and per outcome, in key order', () => {
    given()
      .when(
        confirmed(C, at(2, 10), 300, 'USD'),
        cancelled(B, at(2, 50)),
        confirmed(A, at(2, 40), 200),
        placed(C, at(1, 59)),
        confirmed(B, at(0, 1), 100),
        cancelled(A, at(2, 1)),
      )
      .thenAdds({
        progress: [
          { orderId: A, progress: progress({ confirmed: true, cancelled: true }) },
          { orderId: B, progress: progress({ confirmed: true, cancelled: true }) },
          { orderId: C, progress: progress({ placed: true, confirmed: true, unitsCounted: true }) },
        ],
        unitsFromBatch: [{ productId: LAMP, units: 1 }],
        minutes: [
          { minute: minute(0), placed: 0, confirmed: 1, cancelled: 0 },
          { minute: minute(1), placed: 1, confirmed: 0, cancelled: 0 },
          { minute: minute(2), placed: 0, confirmed: 2, cancelled: 2 },
        ],
        revenue: [
          { minute: minute(0), currency: 'EUR', amount: 100 },
          { minute: minute(2), currency: 'EUR', amount: 200 },
          { minute: minute(2), currency: 'USD', amount: 300 },
        ],
        outcomes: [
          { outcome: 'CONFIRMED', orders: 3 },
          { outcome: 'PAYMENT_DECLINED', orders: 2 },
        ],
      });
  });

  it('changes nothing for a batch of what is known already', () => {
    given({ [A]: progress({ placed: true, cancelled: true }) })
      .when(placed(A, at(0)), cancelled(A, at(1)))
      .thenAdds({});
  });
});

describe('events seen', () => {
  it('counts a batch by type, in type order', () => {
    assert.deepEqual(countByType(['b.two', 'a.one', 'b.two', 'c.three', 'b.two']), [
      { type: 'a.one', seen: 1 },
      { type: 'b.two', seen: 3 },
      { type: 'c.three', seen: 1 },
    ]);
    assert.deepEqual(countByType([]), []);
  });
});
