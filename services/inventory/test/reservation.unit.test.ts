import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Decision,
  decide,
  type FailureReason,
  type InventoryCommand,
  type Reservation,
  releasedHeldStock,
  type StockLine,
  stockNeededFor,
} from '../src/domain/reservation.js';
import type { StockLevel } from '../src/domain/stock-level.js';
import {
  committedReply as committedWith,
  failedReply as failedWith,
  held as heldBy,
  line,
  P1,
  P2,
  P3,
  releasedReply as releasedWith,
  reservedReply as reserved,
  stock,
} from './reservation-fixtures.js';

const ORDER = '10000000-0000-4000-8000-000000000001';
const held = (...lines: StockLine[]): Reservation => heldBy(ORDER, ...lines);
const reserve = (...lines: StockLine[]): InventoryCommand => ({ type: 'reserve', orderId: ORDER, lines });
const release: InventoryCommand = { type: 'release', orderId: ORDER };
const commit: InventoryCommand = { type: 'commit', orderId: ORDER };

const reservedReply = (...lines: StockLine[]) => reserved(ORDER, ...lines);
const failedReply = (reason: FailureReason, productIds: string[]) => failedWith(ORDER, reason, productIds);
const releasedReply = (released: boolean) => releasedWith(ORDER, released);
const committedReply = committedWith(ORDER);

/** Given the order's reservation and stock, when a command arrives, then this decision. */
function given(state: { reservation?: Reservation; stock?: StockLevel[] } = {}) {
  return {
    when(command: InventoryCommand) {
      const decision = () =>
        decide(command, {
          reservation: state.reservation,
          levels: new Map((state.stock ?? []).map((level) => [level.productId, level])),
        });
      return {
        thenDecides: (expected: Decision) => assert.deepEqual(decision(), expected),
        thenThrows: (pattern: RegExp) => assert.throws(decision, pattern),
      };
    },
  };
}

describe('reserving stock', () => {
  it('holds every line when all are available, and says so', () => {
    given({ stock: [stock(P1, 10), stock(P2, 2)] })
      .when(reserve(line(P2, 2), line(P1, 3)))
      .thenDecides({
        outcome: 'held',
        reservation: held(line(P2, 2), line(P1, 3)),
        levels: [stock(P1, 7, 3), stock(P2, 0, 2)],
        reply: reservedReply(line(P2, 2), line(P1, 3)),
      });
  });

  it('adds up lines that name the same product', () => {
    given({ stock: [stock(P1, 5)] })
      .when(reserve(line(P1, 2), line(P1, 3)))
      .thenDecides({
        outcome: 'held',
        reservation: held(line(P1, 2), line(P1, 3)),
        levels: [stock(P1, 0, 5)],
        reply: reservedReply(line(P1, 2), line(P1, 3)),
      });
    given({ stock: [stock(P1, 4)] })
      .when(reserve(line(P1, 2), line(P1, 3)))
      .thenDecides({
        outcome: 'failed',
        reservation: {
          orderId: ORDER,
          status: 'FAILED',
          lines: [line(P1, 2), line(P1, 3)],
          failure: { reason: 'OUT_OF_STOCK', productIds: [P1] },
        },
        levels: [],
        reply: failedReply('OUT_OF_STOCK', [P1]),
      });
  });

  it('holds nothing when one line is short, naming only the products that are short', () => {
    given({ stock: [stock(P1, 10), stock(P2, 1, 4), stock(P3, 0)] })
      .when(reserve(line(P1, 1), line(P2, 2), line(P3, 1)))
      .thenDecides({
        outcome: 'failed',
        reservation: {
          orderId: ORDER,
          status: 'FAILED',
          lines: [line(P1, 1), line(P2, 2), line(P3, 1)],
          failure: { reason: 'OUT_OF_STOCK', productIds: [P2, P3] },
        },
        levels: [],
        reply: failedReply('OUT_OF_STOCK', [P2, P3]),
      });
  });

  it('reports products without stock as unknown, before any shortage', () => {
    given({ stock: [stock(P1, 0)] })
      .when(reserve(line(P3, 1), line(P1, 1), line(P2, 1)))
      .thenDecides({
        outcome: 'failed',
        reservation: {
          orderId: ORDER,
          status: 'FAILED',
          lines: [line(P3, 1), line(P1, 1), line(P2, 1)],
          failure: { reason: 'UNKNOWN_PRODUCT', productIds: [P2, P3] },
        },
        levels: [],
        reply: failedReply('UNKNOWN_PRODUCT', [P2, P3]),
      });
  });

  it('can take the last unit', () => {
    given({ stock: [stock(P1, 1)] })
      .when(reserve(line(P1, 1)))
      .thenDecides({
        outcome: 'held',
        reservation: held(line(P1, 1)),
        levels: [stock(P1, 0, 1)],
        reply: reservedReply(line(P1, 1)),
      });
  });
});

describe('a reserve for an order already recorded', () => {
  it('answers a held or committed reservation as reserved again and holds nothing more', () => {
    for (const status of ['HELD', 'COMMITTED'] as const) {
      given({ reservation: { ...held(line(P1, 2)), status }, stock: [stock(P1, 8, 2)] })
        .when(reserve(line(P1, 2)))
        .thenDecides({ outcome: 'replayed', levels: [], reply: reservedReply(line(P1, 2)) });
    }
  });

  it('answers a failed reservation with the same failure, even if stock has come back since', () => {
    const failed: Reservation = {
      orderId: ORDER,
      status: 'FAILED',
      lines: [line(P1, 5)],
      failure: { reason: 'OUT_OF_STOCK', productIds: [P1] },
    };
    given({ reservation: failed, stock: [stock(P1, 100)] })
      .when(reserve(line(P1, 5)))
      .thenDecides({ outcome: 'replayed', levels: [], reply: failedReply('OUT_OF_STOCK', [P1]) });
  });

  it('answers with what was recorded, and notes it, when the repeat asks for other lines', () => {
    given({ reservation: held(line(P1, 2)), stock: [stock(P1, 8, 2)] })
      .when(reserve(line(P1, 3)))
      .thenDecides({
        outcome: 'replayed',
        levels: [],
        reply: reservedReply(line(P1, 2)),
        note: 'a repeated reserve asks for other lines than recorded; answered as recorded',
      });
  });

  it('holds nothing and answers nothing when the order was released first (tombstone)', () => {
    const tombstone: Reservation = { orderId: ORDER, status: 'RELEASED', lines: null, failure: null };
    given({ reservation: tombstone, stock: [stock(P1, 10)] })
      .when(reserve(line(P1, 1)))
      .thenDecides({
        outcome: 'ignored',
        levels: [],
        note: 'the order was released before this reserve arrived; nothing is held',
      });
  });

  it('holds nothing again for an order whose stock was held and released', () => {
    const decision = decide(reserve(line(P1, 1)), {
      reservation: { ...held(line(P1, 1)), status: 'RELEASED' },
      levels: new Map([[P1, stock(P1, 10)]]),
    });
    assert.equal(decision.outcome, 'ignored');
    assert.equal(decision.reply, undefined);
    assert.deepEqual(decision.levels, []);
  });
});

describe('releasing stock (compensation)', () => {
  it('puts held stock back on the shelf and says it released something', () => {
    given({ reservation: held(line(P1, 2), line(P2, 1)), stock: [stock(P1, 0, 2), stock(P2, 5, 1, 3)] })
      .when(release)
      .thenDecides({
        outcome: 'released',
        reservation: { ...held(line(P1, 2), line(P2, 1)), status: 'RELEASED' },
        levels: [stock(P1, 2), stock(P2, 6, 0, 3)],
        reply: releasedReply(true),
      });
  });

  it('records a tombstone when no reserve has arrived, so a late one holds nothing', () => {
    given()
      .when(release)
      .thenDecides({
        outcome: 'tombstoned',
        reservation: { orderId: ORDER, status: 'RELEASED', lines: null, failure: null },
        levels: [],
        reply: releasedReply(false),
      });
  });

  it('marks a failed reservation released, keeping why it failed, and says nothing was held', () => {
    const failed: Reservation = {
      orderId: ORDER,
      status: 'FAILED',
      lines: [line(P1, 5)],
      failure: { reason: 'OUT_OF_STOCK', productIds: [P1] },
    };
    given({ reservation: failed })
      .when(release)
      .thenDecides({
        outcome: 'tombstoned',
        reservation: { ...failed, status: 'RELEASED' },
        levels: [],
        reply: releasedReply(false),
      });
  });

  it('answers a repeated release as the first one was answered, and changes nothing', () => {
    given({ reservation: { ...held(line(P1, 2)), status: 'RELEASED' }, stock: [stock(P1, 10)] })
      .when(release)
      .thenDecides({ outcome: 'replayed', levels: [], reply: releasedReply(true) });
    given({ reservation: { orderId: ORDER, status: 'RELEASED', lines: null, failure: null } })
      .when(release)
      .thenDecides({ outcome: 'replayed', levels: [], reply: releasedReply(false) });
  });

  it("refuses to release a confirmed order's sold stock, and answers nothing", () => {
    given({ reservation: { ...held(line(P1, 2)), status: 'COMMITTED' }, stock: [stock(P1, 8, 0, 2)] })
      .when(release)
      .thenDecides({
        outcome: 'ignored',
        levels: [],
        note: "the order's stock is sold (committed); a confirmed order's stock is not released",
      });
  });
});

describe('committing stock', () => {
  it('sells what the order holds and says so', () => {
    given({ reservation: held(line(P2, 1), line(P1, 2)), stock: [stock(P1, 3, 2), stock(P2, 0, 1)] })
      .when(commit)
      .thenDecides({
        outcome: 'committed',
        reservation: { ...held(line(P2, 1), line(P1, 2)), status: 'COMMITTED' },
        levels: [stock(P1, 3, 0, 2), stock(P2, 0, 0, 1)],
        reply: committedReply,
      });
  });

  it('answers a repeated commit again and sells nothing more', () => {
    given({ reservation: { ...held(line(P1, 2)), status: 'COMMITTED' }, stock: [stock(P1, 3, 0, 2)] })
      .when(commit)
      .thenDecides({ outcome: 'replayed', levels: [], reply: committedReply });
  });

  it('does nothing and answers nothing when nothing is held', () => {
    const failed: Reservation = {
      orderId: ORDER,
      status: 'FAILED',
      lines: [line(P1, 1)],
      failure: { reason: 'UNKNOWN_PRODUCT', productIds: [P1] },
    };
    for (const reservation of [undefined, failed, { ...held(line(P1, 1)), status: 'RELEASED' as const }]) {
      const decision = decide(commit, { reservation, levels: new Map() });
      assert.equal(decision.outcome, 'ignored');
      assert.equal(decision.reply, undefined);
      assert.equal(decision.reservation, undefined);
      assert.ok(decision.note);
    }
  });

  it('treats held stock without its stock row as a bug', () => {
    given({ reservation: held(line(P1, 1)) })
      .when(commit)
      .thenThrows(/has no stock row/);
  });
});

describe('which stock rows a command locks', () => {
  it('locks the products of a new reservation, in product id order, each once', () => {
    assert.deepEqual(stockNeededFor(reserve(line(P3, 1), line(P1, 1), line(P3, 2)), undefined), [P1, P3]);
  });

  it('locks the held products for a release or commit, and nothing when nothing is held', () => {
    assert.deepEqual(stockNeededFor(release, held(line(P2, 1), line(P1, 1))), [P1, P2]);
    assert.deepEqual(stockNeededFor(commit, held(line(P2, 1))), [P2]);
    assert.deepEqual(stockNeededFor(release, undefined), []);
    assert.deepEqual(stockNeededFor(reserve(line(P1, 1)), held(line(P1, 1))), []);
    assert.deepEqual(stockNeededFor(commit, { ...held(line(P1, 1)), status: 'COMMITTED' }), []);
  });
});

describe('what a released reservation had held', () => {
  it('tells a release of held stock from a tombstone or a failed reservation', () => {
    assert.equal(releasedHeldStock({ ...held(line(P1, 1)), status: 'RELEASED' }), true);
    assert.equal(
      releasedHeldStock({ orderId: ORDER, status: 'RELEASED', lines: null, failure: null }),
      false,
    );
    assert.equal(
      releasedHeldStock({
        orderId: ORDER,
        status: 'RELEASED',
        lines: [line(P1, 1)],
        failure: { reason: 'OUT_OF_STOCK', productIds: [P1] },
      }),
      false,
    );
    assert.equal(releasedHeldStock(held(line(P1, 1))), false);
  });
});
