import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideOrder,
  type OrderFact,
  type OrderProgress,
  UNSEEN_ORDER,
} from '../src/domain/order-progress.js';

/** Given these facts of one order already seen, when this one arrives, then this decision. */
function given(...facts: OrderFact[]) {
  const progress = facts.reduce<OrderProgress>((state, fact) => decideOrder(state, fact).next, UNSEEN_ORDER);
  return { when: (fact: OrderFact) => decideOrder(progress, fact) };
}

const placed: OrderFact = { kind: 'placed' };
const confirmed: OrderFact = { kind: 'confirmed' };
const cancelled: OrderFact = { kind: 'cancelled', reason: 'PAYMENT_DECLINED' };

describe('counting one order whatever the order its events arrive in', () => {
  it('keeps the lines of a placed order until it is confirmed, and counts the placement', () => {
    const decision = given().when(placed);
    assert.equal(decision.firstTime, true);
    assert.equal(decision.keepLines, true);
    assert.equal(decision.countUnits, false);
    assert.equal(decision.outcome, undefined);
  });

  it('counts the units and a CONFIRMED outcome when the confirmation follows the placement', () => {
    const decision = given(placed).when(confirmed);
    assert.equal(decision.countUnits, true);
    assert.equal(decision.outcome, 'CONFIRMED');
    assert.equal(decision.next.unitsCounted, true);
  });

  it('counts the units when the placement arrives after its confirmation', () => {
    const early = given().when(confirmed);
    assert.equal(early.countUnits, false, 'no lines yet');
    assert.equal(early.outcome, 'CONFIRMED');
    const late = given(confirmed).when(placed);
    assert.equal(late.keepLines, true);
    assert.equal(late.countUnits, true);
    assert.equal(late.outcome, undefined, 'the outcome was counted with the confirmation');
  });

  it('counts nothing again when a fact of the order is re-sent under a new message id', () => {
    for (const fact of [placed, confirmed]) {
      const again = given(placed, confirmed).when(fact);
      assert.deepEqual(
        { firstTime: again.firstTime, keepLines: again.keepLines, countUnits: again.countUnits },
        { firstTime: false, keepLines: false, countUnits: false },
      );
      assert.equal(again.outcome, undefined);
    }
    assert.equal(given(placed, cancelled).when(cancelled).outcome, undefined);
  });

  it('counts a cancellation by its reason, once, and never counts units for it', () => {
    const decision = given(placed).when({ kind: 'cancelled', reason: 'OUT_OF_STOCK' });
    assert.equal(decision.outcome, 'OUT_OF_STOCK');
    assert.equal(decision.firstTime, true);
    assert.equal(decision.countUnits, false);
  });
});
