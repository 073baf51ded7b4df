import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Decision,
  decide,
  type InventoryCommand,
  type Reservation,
  type StockLine,
} from '../src/domain/reservation.js';
import {
  type BatchDecision,
  type BatchStep,
  decideBatch,
  stockNeededForBatch,
} from '../src/domain/reservation-batch.js';
import type { StockLevel } from '../src/domain/stock-level.js';
import {
  committedReply,
  failed,
  failedReply,
  held,
  line,
  P1,
  P2,
  P3,
  releasedReply,
  reservedReply,
  stock,
} from './reservation-fixtures.js';

const [A, B, C] = [1, 2, 3].map((n) => `10000000-0000-4000-8000-00000000000${n}`) as [string, string, string];

const reserve = (orderId: string, ...lines: StockLine[]): InventoryCommand => ({
  type: 'reserve',
  orderId,
  lines,
});
const release = (orderId: string): InventoryCommand => ({ type: 'release', orderId });
const commit = (orderId: string): InventoryCommand => ({ type: 'commit', orderId });
const byId = <T extends { productId: string }>(levels: readonly T[]) =>
  new Map(levels.map((level) => [level.productId, level]));

/**
 * The same commands handled one at a time, each against what the ones before it stored: the reference a
 * batch must agree with (the reservations and rows it ends with, and every decision).
 */
function oneAtATime(
  commands: readonly InventoryCommand[],
  recorded: readonly Reservation[],
  levels: readonly StockLevel[],
) {
  const reservations = new Map(recorded.map((reservation) => [reservation.orderId, reservation]));
  const rows = byId(levels);
  const decisions = commands.map((command) => {
    const decision = decide(command, { reservation: reservations.get(command.orderId), levels: rows });
    if (decision.reservation) reservations.set(command.orderId, decision.reservation);
    for (const level of decision.levels) rows.set(level.productId, level);
    return decision;
  });
  return { decisions, reservations, rows };
}

/** Given what is recorded, when a batch of commands arrives, then these decisions and writes. */
function given(state: { reservations?: Reservation[]; stock?: StockLevel[] } = {}) {
  const recorded = state.reservations ?? [];
  const levels = state.stock ?? [];
  return {
    when(...commands: InventoryCommand[]) {
      const decideIt = () =>
        decideBatch(commands, {
          reservations: new Map(recorded.map((reservation) => [reservation.orderId, reservation])),
          levels: byId(levels),
        });
      return {
        thenDecides(expected: BatchDecision) {
          const batch = decideIt();
          assert.deepEqual(batch, expected);
          // And it is what handling the commands one at a time would have come to.
          const reference = oneAtATime(commands, recorded, levels);
          assert.deepEqual(
            batch.steps.map((step) => step.decision),
            reference.decisions,
          );
          for (const reservation of batch.reservations)
            assert.deepEqual(reservation, reference.reservations.get(reservation.orderId));
          for (const level of batch.levels) assert.deepEqual(level, reference.rows.get(level.productId));
        },
        thenThrows: (pattern: RegExp) => assert.throws(decideIt, pattern),
      };
    },
  };
}

/** A command's step whose reservation afterwards is the one it decided to store (or, if none, this one). */
const step = (decision: Decision, reservation = decision.reservation): BatchStep => ({
  decision,
  reservation,
});

describe('a batch of reserves on the same product', () => {
  it('serves them in batch order from what the ones before left, and stores each row once', () => {
    const short = failed(B, 'OUT_OF_STOCK', [P1], line(P1, 3));
    given({ stock: [stock(P1, 5)] })
      .when(reserve(A, line(P1, 3)), reserve(B, line(P1, 3)), reserve(C, line(P1, 2)))
      .thenDecides({
        steps: [
          step({
            outcome: 'held',
            reservation: held(A, line(P1, 3)),
            levels: [stock(P1, 2, 3)],
            reply: reservedReply(A, line(P1, 3)),
          }),
          step({
            outcome: 'failed',
            reservation: short,
            levels: [],
            reply: failedReply(B, 'OUT_OF_STOCK', [P1]),
          }),
          step({
            outcome: 'held',
            reservation: held(C, line(P1, 2)),
            levels: [stock(P1, 0, 5)],
            reply: reservedReply(C, line(P1, 2)),
          }),
        ],
        reservations: [held(A, line(P1, 3)), short, held(C, line(P1, 2))],
        levels: [stock(P1, 0, 5)],
      });
  });

  it('reports a product without stock as unknown, whatever else the batch holds', () => {
    const batch = decideBatch([reserve(A, line(P1, 1)), reserve(B, line(P1, 1), line(P3, 1))], {
      reservations: new Map(),
      levels: byId([stock(P1, 10)]),
    });
    assert.deepEqual(
      batch.steps.map(({ decision }) => decision.reply),
      [reservedReply(A, line(P1, 1)), failedReply(B, 'UNKNOWN_PRODUCT', [P3])],
    );
    assert.deepEqual(batch.levels, [stock(P1, 9, 1)]);
  });
});

describe('the same order twice in a batch', () => {
  it('gives back on release what the reserve before it held, and stores only the end state', () => {
    const releasedA: Reservation = { ...held(A, line(P2, 1), line(P1, 4)), status: 'RELEASED' };
    const short = failed(B, 'OUT_OF_STOCK', [P1], line(P1, 1));
    given({ stock: [stock(P1, 4), stock(P2, 1)] })
      .when(
        reserve(A, line(P2, 1), line(P1, 4)),
        reserve(B, line(P1, 1)),
        release(A),
        reserve(C, line(P1, 4)),
      )
      .thenDecides({
        steps: [
          step({
            outcome: 'held',
            reservation: held(A, line(P2, 1), line(P1, 4)),
            levels: [stock(P1, 0, 4), stock(P2, 0, 1)],
            reply: reservedReply(A, line(P2, 1), line(P1, 4)),
          }),
          step({
            outcome: 'failed',
            reservation: short,
            levels: [],
            reply: failedReply(B, 'OUT_OF_STOCK', [P1]),
          }),
          step({
            outcome: 'released',
            reservation: releasedA,
            levels: [stock(P1, 4), stock(P2, 1)],
            reply: releasedReply(A, true),
          }),
          step({
            outcome: 'held',
            reservation: held(C, line(P1, 4)),
            levels: [stock(P1, 0, 4)],
            reply: reservedReply(C, line(P1, 4)),
          }),
        ],
        reservations: [releasedA, short, held(C, line(P1, 4))],
        levels: [stock(P1, 0, 4), stock(P2, 1)],
      });
  });

  it('answers a repeated reserve as the first one was answered and holds nothing more', () => {
    const sold: Reservation = { ...held(A, line(P1, 2)), status: 'COMMITTED' };
    given({ stock: [stock(P1, 10)] })
      .when(reserve(A, line(P1, 2)), reserve(A, line(P1, 2)), commit(A), commit(A), release(A))
      .thenDecides({
        steps: [
          step({
            outcome: 'held',
            reservation: held(A, line(P1, 2)),
            levels: [stock(P1, 8, 2)],
            reply: reservedReply(A, line(P1, 2)),
          }),
          step(
            { outcome: 'replayed', levels: [], reply: reservedReply(A, line(P1, 2)) },
            held(A, line(P1, 2)),
          ),
          step({
            outcome: 'committed',
            reservation: sold,
            levels: [stock(P1, 8, 0, 2)],
            reply: committedReply(A),
          }),
          step({ outcome: 'replayed', levels: [], reply: committedReply(A) }, sold),
          step(
            {
              outcome: 'ignored',
              levels: [],
              note: "the order's stock is sold (committed); a confirmed order's stock is not released",
            },
            sold,
          ),
        ],
        reservations: [sold],
        levels: [stock(P1, 8, 0, 2)],
      });
  });

  it('leaves a tombstone for a release before the reserve, so the reserve holds nothing', () => {
    const tombstone: Reservation = { orderId: A, status: 'RELEASED', lines: null, failure: null };
    given({ stock: [stock(P1, 10)] })
      .when(release(A), reserve(A, line(P1, 1)))
      .thenDecides({
        steps: [
          step({ outcome: 'tombstoned', reservation: tombstone, levels: [], reply: releasedReply(A, false) }),
          step(
            {
              outcome: 'ignored',
              levels: [],
              note: 'the order was released before this reserve arrived; nothing is held',
            },
            tombstone,
          ),
        ],
        reservations: [tombstone],
        levels: [],
      });
  });
});

describe('a batch over reservations recorded before it', () => {
  it('releases and commits what they hold, and stores nothing for what changes nothing', () => {
    const releasedA: Reservation = { ...held(A, line(P1, 2)), status: 'RELEASED' };
    const soldB: Reservation = { ...held(B, line(P1, 3), line(P2, 1)), status: 'COMMITTED' };
    given({
      reservations: [held(A, line(P1, 2)), held(B, line(P1, 3), line(P2, 1))],
      stock: [stock(P1, 5, 5), stock(P2, 0, 1)],
    })
      .when(commit(C), release(A), reserve(B, line(P1, 3), line(P2, 1)), commit(B))
      .thenDecides({
        steps: [
          step({
            outcome: 'ignored',
            levels: [],
            note: 'no reservation exists for the order; nothing to commit',
          }),
          step({
            outcome: 'released',
            reservation: releasedA,
            levels: [stock(P1, 7, 3)],
            reply: releasedReply(A, true),
          }),
          step(
            { outcome: 'replayed', levels: [], reply: reservedReply(B, line(P1, 3), line(P2, 1)) },
            held(B, line(P1, 3), line(P2, 1)),
          ),
          step({
            outcome: 'committed',
            reservation: soldB,
            levels: [stock(P1, 7, 0, 3), stock(P2, 0, 0, 1)],
            reply: committedReply(B),
          }),
        ],
        reservations: [releasedA, soldB],
        levels: [stock(P1, 7, 0, 3), stock(P2, 0, 0, 1)],
      });
  });

  it('decides nothing and writes nothing for an empty batch', () => {
    given().when().thenDecides({ steps: [], reservations: [], levels: [] });
  });

  it('treats held stock without its stock row as a bug, failing the whole batch', () => {
    given({ reservations: [held(A, line(P1, 1))], stock: [stock(P2, 1)] })
      .when(reserve(B, line(P2, 1)), commit(A))
      .thenThrows(/has no stock row/);
  });
});

describe('which stock rows a batch locks', () => {
  it('locks the products of reserves that find no reservation, in product id order, each once', () => {
    assert.deepEqual(
      stockNeededForBatch([reserve(A, line(P3, 1), line(P1, 1)), reserve(B, line(P3, 2))], new Map()),
      [P1, P3],
    );
  });

  it('locks what recorded held reservations hold for their release or commit, not for a repeated reserve', () => {
    const recorded = new Map([
      [A, held(A, line(P2, 1))],
      [B, held(B, line(P3, 1))],
      [C, { ...held(C, line(P1, 1)), status: 'COMMITTED' as const }],
    ]);
    assert.deepEqual(
      stockNeededForBatch([release(A), reserve(B, line(P3, 1)), release(C), commit(C)], recorded),
      [P2],
    );
    assert.deepEqual(stockNeededForBatch([commit(B), release(B)], recorded), [P3]);
  });

  it('locks nothing more for commands after the first reserve or release of an unrecorded order', () => {
    // The reserve's lines are locked; a repeat with other lines and the release touch only those.
    assert.deepEqual(
      stockNeededForBatch([reserve(A, line(P1, 1)), reserve(A, line(P2, 1)), release(A)], new Map()),
      [P1],
    );
    // A release first leaves a tombstone: the reserve after it holds nothing, so it locks nothing.
    assert.deepEqual(stockNeededForBatch([release(A), reserve(A, line(P1, 1))], new Map()), []);
    // A commit of an unknown order records nothing: the reserve after it still finds none.
    assert.deepEqual(stockNeededForBatch([commit(A), reserve(A, line(P1, 1))], new Map()), [P1]);
  });

  it('locks exactly the rows the batch decides to change, or fewer when reserves fail', () => {
    const commands = [
      reserve(A, line(P1, 2), line(P2, 1)),
      reserve(B, line(P1, 9)),
      release(A),
      reserve(C, line(P3, 1)),
      commit(C),
    ];
    const needed = stockNeededForBatch(commands, new Map());
    assert.deepEqual(needed, [P1, P2, P3]);
    const batch = decideBatch(commands, {
      reservations: new Map(),
      levels: byId([stock(P1, 2), stock(P2, 1), stock(P3, 1)]),
    });
    assert.deepEqual(
      batch.levels.map((level) => level.productId),
      [P1, P2, P3],
    );
    assert.deepEqual(batch.levels, [stock(P1, 2), stock(P2, 1), stock(P3, 0, 0, 1)]);
  });
});
