import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decide,
  type Payment,
  type PaymentCommand,
  type PaymentDecision,
  paymentMoney,
} from '../src/domain/payment.js';
import { capture, EARLIER_PAYMENT_ID, ORDER, recorded, refund, USER } from './payment-fixtures.js';

const NEW_PAYMENT_ID = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f';

const captured = recorded({ status: 'CAPTURED', paymentId: EARLIER_PAYMENT_ID });

/** Given the order's recorded payment (or none), when a command arrives, then this decision. */
const given = (current: Payment | undefined) => ({
  when: (command: PaymentCommand) => ({
    thenDecides: (expected: PaymentDecision) =>
      assert.deepEqual(decide(current, command, { paymentId: NEW_PAYMENT_ID }), expected),
  }),
});

const nothingRefunded = {
  kind: 'refunded' as const,
  data: { orderId: ORDER, paymentId: null, amount: { amount: 0, currency: 'XXX' } },
};

describe('capturing an order’s payment', () => {
  it('charges a good card once, with a new payment id, and tells the saga', () => {
    const next = recorded({ status: 'CAPTURED', paymentId: NEW_PAYMENT_ID });
    given(undefined)
      .when(capture())
      .thenDecides({
        outcome: 'captured',
        next,
        reply: {
          kind: 'captured',
          data: {
            paymentId: NEW_PAYMENT_ID,
            orderId: ORDER,
            userId: USER,
            amount: { amount: 4999, currency: 'EUR' },
          },
        },
      });
  });

  it('records a declined card and replies with the reason', () => {
    given(undefined)
      .when(capture('0002'))
      .thenDecides({
        outcome: 'declined',
        next: recorded({ status: 'DECLINED', declineReason: 'PAYMENT_DECLINED', cardLast4: '0002' }),
        reply: {
          kind: 'declined',
          data: {
            orderId: ORDER,
            userId: USER,
            amount: { amount: 4999, currency: 'EUR' },
            reason: 'PAYMENT_DECLINED',
          },
        },
      });
  });

  it('records insufficient funds as a decline with that reason', () => {
    const decision = decide(undefined, capture('9995'), { paymentId: NEW_PAYMENT_ID });
    assert.equal(decision.next?.declineReason, 'INSUFFICIENT_FUNDS');
    assert.equal(decision.reply?.kind === 'declined' && decision.reply.data.reason, 'INSUFFICIENT_FUNDS');
  });

  it('records a charge in doubt as PENDING and replies nothing when the provider never answers', () => {
    given(undefined)
      .when(capture('0341'))
      .thenDecides({ outcome: 'provider-timeout', next: recorded({ status: 'PENDING', cardLast4: '0341' }) });
  });

  it('answers a repeated capture with the recorded charge and charges nothing new', () => {
    given(captured)
      .when(capture())
      .thenDecides({
        outcome: 'repeated',
        reply: {
          kind: 'captured',
          data: {
            paymentId: EARLIER_PAYMENT_ID,
            orderId: ORDER,
            userId: USER,
            amount: { amount: 4999, currency: 'EUR' },
          },
        },
      });
  });

  it('answers a repeated capture of a declined card with the recorded decline', () => {
    const declined = recorded({ status: 'DECLINED', declineReason: 'INSUFFICIENT_FUNDS', cardLast4: '9995' });
    const decision = decide(declined, capture('9995'), { paymentId: NEW_PAYMENT_ID });
    assert.equal(decision.next, undefined);
    assert.deepEqual(decision.reply, {
      kind: 'declined',
      data: {
        orderId: ORDER,
        userId: USER,
        amount: { amount: 4999, currency: 'EUR' },
        reason: 'INSUFFICIENT_FUNDS',
      },
    });
  });

  it('keeps silent on a repeated capture whose charge is still in doubt', () => {
    given(recorded({ status: 'PENDING', cardLast4: '0341' }))
      .when(capture('0341'))
      .thenDecides({ outcome: 'repeated' });
  });

  it('charges nothing and replies nothing when the refund came first', () => {
    given(recorded({ status: 'VOIDED', userId: null, amount: 0, currency: null, cardLast4: null }))
      .when(capture())
      .thenDecides({ outcome: 'barred-by-refund' });
    given(recorded({ status: 'REFUNDED', paymentId: EARLIER_PAYMENT_ID, refundedAmount: 4999 }))
      .when(capture())
      .thenDecides({ outcome: 'barred-by-refund' });
  });
});

describe('refunding an order’s payment', () => {
  it('refunds a captured payment in full and says how much', () => {
    given(captured)
      .when(refund())
      .thenDecides({
        outcome: 'refunded',
        next: { ...captured, status: 'REFUNDED', refundedAmount: 4999 },
        reply: {
          kind: 'refunded',
          data: { orderId: ORDER, paymentId: EARLIER_PAYMENT_ID, amount: { amount: 4999, currency: 'EUR' } },
        },
      });
  });

  it('leaves a tombstone when nothing was ever asked for, so a late capture is refused', () => {
    given(undefined)
      .when(refund())
      .thenDecides({
        outcome: 'voided',
        next: {
          orderId: ORDER,
          paymentId: null,
          userId: null,
          amount: 0,
          currency: null,
          status: 'VOIDED',
          declineReason: null,
          cardLast4: null,
          refundedAmount: 0,
        },
        reply: nothingRefunded,
      });
  });

  it('voids a charge in doubt or a declined one, refunding nothing', () => {
    for (const current of [
      recorded({ status: 'PENDING', cardLast4: '0341' }),
      recorded({ status: 'DECLINED', declineReason: 'PAYMENT_DECLINED', cardLast4: '0002' }),
    ]) {
      given(current)
        .when(refund())
        .thenDecides({ outcome: 'voided', next: { ...current, status: 'VOIDED' }, reply: nothingRefunded });
    }
  });

  it('answers a repeated refund with the same reply and changes nothing', () => {
    given({ ...captured, status: 'REFUNDED', refundedAmount: 4999 })
      .when(refund())
      .thenDecides({
        outcome: 'repeated',
        reply: {
          kind: 'refunded',
          data: { orderId: ORDER, paymentId: EARLIER_PAYMENT_ID, amount: { amount: 4999, currency: 'EUR' } },
        },
      });
    given(recorded({ status: 'VOIDED' }))
      .when(refund())
      .thenDecides({ outcome: 'repeated', reply: nothingRefunded });
  });
});

describe('money of a payment', () => {
  it('shows what was asked for and what went back, in the payment’s currency', () => {
    assert.deepEqual(paymentMoney({ ...captured, status: 'REFUNDED', refundedAmount: 4999 }), {
      amount: { amount: 4999, currency: 'EUR' },
      refunded: { amount: 4999, currency: 'EUR' },
    });
  });

  it('shows a tombstone’s money in no currency', () => {
    assert.deepEqual(paymentMoney(recorded({ status: 'VOIDED', amount: 0, currency: null })), {
      amount: { amount: 0, currency: 'XXX' },
      refunded: { amount: 0, currency: 'XXX' },
    });
  });
});
