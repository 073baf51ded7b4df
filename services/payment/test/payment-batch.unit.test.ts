import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Payment, PaymentCommand, PaymentOutcome, PaymentReply } from '../src/domain/payment.js';
import { decideBatch } from '../src/domain/payment-batch.js';
import {
  capture,
  EARLIER_PAYMENT_ID,
  ORDER,
  OTHER_ORDER,
  recorded,
  refund,
  USER,
} from './payment-fixtures.js';

/** The provider's id of a new charge, one per order, so expectations can name it. */
const chargeOf = (orderId: string) => `c1d2e3f4-a5b6-4c7d-8e9f-${orderId.slice(-12)}`;

const tombstone = (orderId = ORDER): Payment =>
  recorded({ orderId, userId: null, amount: 0, currency: null, status: 'VOIDED', cardLast4: null });

const capturedReply = (orderId: string, paymentId: string): PaymentReply => ({
  kind: 'captured',
  data: { paymentId, orderId, userId: USER, amount: { amount: 4999, currency: 'EUR' } },
});
const refundedReply = (orderId: string, paymentId: string): PaymentReply => ({
  kind: 'refunded',
  data: { orderId, paymentId, amount: { amount: 4999, currency: 'EUR' } },
});
const nothingRefunded = (orderId = ORDER): PaymentReply => ({
  kind: 'refunded',
  data: { orderId, paymentId: null, amount: { amount: 0, currency: 'XXX' } },
});

interface Expected {
  outcomes: PaymentOutcome[];
  /** One per command; undefined where the saga hears nothing. */
  replies: (PaymentReply | undefined)[];
  inserted: Payment[];
  updated: Payment[];
}

/** Given the orders' recorded payments, when a batch of commands arrives, then these decisions and writes. */
const given = (...recorded: Payment[]) => ({
  when: (...commands: PaymentCommand[]) => ({
    thenDecides: (expected: Expected) => {
      const decided = decideBatch(new Map(recorded.map((p) => [p.orderId, p])), commands, (command) => ({
        paymentId: chargeOf(command.orderId),
      }));
      assert.deepEqual(
        {
          outcomes: decided.decisions.map((decision) => decision.outcome),
          replies: decided.decisions.map((decision) => decision.reply),
          inserted: decided.inserted,
          updated: decided.updated,
        },
        expected,
      );
    },
  }),
});

describe('a batch of payment commands', () => {
  it('charges and refunds an order whose capture and refund arrive together, and writes it once', () => {
    const charge = chargeOf(ORDER);
    given()
      .when(capture(), refund())
      .thenDecides({
        outcomes: ['captured', 'refunded'],
        replies: [capturedReply(ORDER, charge), refundedReply(ORDER, charge)],
        inserted: [recorded({ status: 'REFUNDED', paymentId: charge, refundedAmount: 4999 })],
        updated: [],
      });
  });

  it('leaves a tombstone when the refund comes before the capture in the batch, and charges nothing', () => {
    given()
      .when(refund(), capture(), refund())
      .thenDecides({
        outcomes: ['voided', 'barred-by-refund', 'repeated'],
        replies: [nothingRefunded(), undefined, nothingRefunded()],
        inserted: [tombstone()],
        updated: [],
      });
  });

  it('answers a capture repeated within the batch with the first one’s charge', () => {
    const charge = chargeOf(ORDER);
    given()
      .when(capture(), capture())
      .thenDecides({
        outcomes: ['captured', 'repeated'],
        replies: [capturedReply(ORDER, charge), capturedReply(ORDER, charge)],
        inserted: [recorded({ status: 'CAPTURED', paymentId: charge })],
        updated: [],
      });
  });

  it('answers a repeat of a recorded capture from the record and writes nothing', () => {
    const captured = recorded({ status: 'CAPTURED', paymentId: EARLIER_PAYMENT_ID });
    given(captured)
      .when(capture())
      .thenDecides({
        outcomes: ['repeated'],
        replies: [capturedReply(ORDER, EARLIER_PAYMENT_ID)],
        inserted: [],
        updated: [],
      });
  });

  it('updates the recorded payments it changes and inserts the new ones', () => {
    const captured = recorded({ status: 'CAPTURED', paymentId: EARLIER_PAYMENT_ID });
    const charge = chargeOf(OTHER_ORDER);
    given(captured)
      .when(capture('4242', OTHER_ORDER), refund())
      .thenDecides({
        outcomes: ['captured', 'refunded'],
        replies: [capturedReply(OTHER_ORDER, charge), refundedReply(ORDER, EARLIER_PAYMENT_ID)],
        inserted: [recorded({ orderId: OTHER_ORDER, status: 'CAPTURED', paymentId: charge })],
        updated: [{ ...captured, status: 'REFUNDED', refundedAmount: 4999 }],
      });
  });

  it('records a declined card and voids it when the refund follows in the same batch', () => {
    given()
      .when(capture('0002'), refund())
      .thenDecides({
        outcomes: ['declined', 'voided'],
        replies: [
          {
            kind: 'declined',
            data: {
              orderId: ORDER,
              userId: USER,
              amount: { amount: 4999, currency: 'EUR' },
              reason: 'PAYMENT_DECLINED',
            },
          },
          nothingRefunded(),
        ],
        inserted: [recorded({ status: 'VOIDED', declineReason: 'PAYMENT_DECLINED', cardLast4: '0002' })],
        updated: [],
      });
  });

  it('keeps silent about a charge in doubt, however often it is asked for', () => {
    given()
      .when(capture('0341'), capture('0341'))
      .thenDecides({
        outcomes: ['provider-timeout', 'repeated'],
        replies: [undefined, undefined],
        inserted: [recorded({ status: 'PENDING', cardLast4: '0341' })],
        updated: [],
      });
  });

  it('decides each order against its own payment', () => {
    const captured = recorded({ orderId: OTHER_ORDER, status: 'CAPTURED', paymentId: EARLIER_PAYMENT_ID });
    given(captured)
      .when(capture('9995'), capture('4242', OTHER_ORDER), refund(OTHER_ORDER), refund(ORDER))
      .thenDecides({
        outcomes: ['declined', 'repeated', 'refunded', 'voided'],
        replies: [
          {
            kind: 'declined',
            data: {
              orderId: ORDER,
              userId: USER,
              amount: { amount: 4999, currency: 'EUR' },
              reason: 'INSUFFICIENT_FUNDS',
            },
          },
          capturedReply(OTHER_ORDER, EARLIER_PAYMENT_ID),
          refundedReply(OTHER_ORDER, EARLIER_PAYMENT_ID),
          nothingRefunded(ORDER),
        ],
        inserted: [recorded({ status: 'VOIDED', declineReason: 'INSUFFICIENT_FUNDS', cardLast4: '9995' })],
        updated: [{ ...captured, status: 'REFUNDED', refundedAmount: 4999 }],
      });
  });

  it('decides nothing and writes nothing for an empty batch', () => {
    given().when().thenDecides({ outcomes: [], replies: [], inserted: [], updated: [] });
  });
});
