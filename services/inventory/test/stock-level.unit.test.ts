import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  hold,
  isBalanced,
  MAX_UNITS,
  openingStock,
  restock,
  type StockLevel,
  sell,
  unhold,
  writeOff,
} from '../src/domain/stock-level.js';

const P = '00000000-0000-4000-8000-000000000001';
const level = (counts: Partial<StockLevel> = {}): StockLevel => {
  const available = counts.available ?? 10;
  const reserved = counts.reserved ?? 0;
  const committed = counts.committed ?? 0;
  return { productId: P, received: available + reserved + committed, available, reserved, committed };
};

describe('opening stock', () => {
  it('receives the initial units and makes all of them available', () => {
    assert.deepEqual(openingStock(P, 100), level({ available: 100 }));
    assert.deepEqual(openingStock(P, 0), level({ available: 0 }));
  });
});

describe('restocking', () => {
  it('adds the units to what was received and to what is available', () => {
    const given = level({ available: 2, reserved: 3, committed: 5 });
    assert.deepEqual(restock(given, 7), {
      ok: true,
      level: { productId: P, received: 17, available: 9, reserved: 3, committed: 5 },
    });
  });

  it('refuses to grow the books past what the columns hold', () => {
    const given = level({ available: MAX_UNITS - 5 });
    assert.deepEqual(restock(given, 6), {
      ok: false,
      error: { type: 'stock-limit-exceeded', received: MAX_UNITS - 5, requested: 6 },
    });
    assert.equal(restock(given, 5).ok, true);
  });
});

describe('writing off', () => {
  it('removes units from the shelf and from the books', () => {
    assert.deepEqual(writeOff(level({ available: 5, reserved: 2 }), 5), {
      ok: true,
      level: { productId: P, received: 2, available: 0, reserved: 2, committed: 0 },
    });
  });

  it('never takes units that orders hold or bought', () => {
    assert.deepEqual(writeOff(level({ available: 3, reserved: 4, committed: 9 }), 4), {
      ok: false,
      error: { type: 'insufficient-stock', available: 3, requested: 4 },
    });
  });
});

describe('moving units between buckets', () => {
  it('holds, releases and sells without ever changing what was received', () => {
    const held = hold(level({ available: 10 }), 4);
    assert.deepEqual(held, level({ available: 6, reserved: 4 }));
    assert.deepEqual(unhold(held, 1), level({ available: 7, reserved: 3 }));
    assert.deepEqual(sell(held, 4), level({ available: 6, committed: 4 }));
  });

  it('treats a move that would make a bucket negative as a bug, not an outcome', () => {
    assert.throws(() => hold(level({ available: 2 }), 3), /unbalanced/);
    assert.throws(() => unhold(level({ reserved: 1 }), 2), /unbalanced/);
    assert.throws(() => sell(level({ reserved: 0 }), 1), /unbalanced/);
  });

  it('accepts only positive whole quantities', () => {
    for (const quantity of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => hold(level(), quantity), /positive integer/);
      assert.throws(() => restock(level(), quantity), /positive integer/);
      assert.throws(() => writeOff(level(), quantity), /positive integer/);
    }
  });
});

describe('balance', () => {
  it('holds when every received unit is in exactly one bucket and none is negative', () => {
    assert.equal(isBalanced(level({ available: 1, reserved: 2, committed: 3 })), true);
    assert.equal(isBalanced({ ...level(), received: 11 }), false);
    assert.equal(isBalanced({ productId: P, received: 0, available: -1, reserved: 1, committed: 0 }), false);
  });
});
