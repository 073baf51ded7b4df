import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CANCELLATION_REASONS } from '@bazaar/contracts';
import {
  cancellationExplanation,
  formatMoney,
  orderCancelledMessage,
  orderConfirmedMessage,
  welcomeMessage,
} from '../src/domain/messages.js';

const ORDER_ID = '3f2b9c1e-8d4a-4c61-9a0e-5b7d2f1c8e90';

describe('welcomeMessage', () => {
  it('greets the user by name and is identified by the user, so it is sent once per user', () => {
    const message = welcomeMessage({ userId: 'u-1', name: 'Ann' });
    assert.equal(message.kind, 'welcome');
    assert.equal(message.reference, 'u-1');
    assert.match(message.body, /^Hello Ann,/);
    assert.notEqual(welcomeMessage({ userId: 'u-2', name: 'Ann' }).reference, message.reference);
  });
});

describe('formatMoney', () => {
  it('shows minor units with the decimals of their currency, never through a float', () => {
    assert.equal(formatMoney({ amount: 1999, currency: 'EUR' }), 'EUR 19.99');
    assert.equal(formatMoney({ amount: 5, currency: 'EUR' }), 'EUR 0.05');
    assert.equal(formatMoney({ amount: 0, currency: 'USD' }), 'USD 0.00');
    // 0.1 + 0.2 style errors would show here: 1,234,567.89 is not exactly representable as a float of cents.
    assert.equal(formatMoney({ amount: 123_456_789, currency: 'EUR' }), 'EUR 1,234,567.89');
  });

  it('knows currencies without minor units and with three of them', () => {
    assert.equal(formatMoney({ amount: 1500, currency: 'JPY' }), 'JPY 1,500');
    assert.equal(formatMoney({ amount: 1_234_567, currency: 'KWD' }), 'KWD 1,234.567');
  });
});

describe('orderConfirmedMessage', () => {
  it('given a confirmed order, then it tells the customer the total and is identified by the order', () => {
    const message = orderConfirmedMessage({
      orderId: ORDER_ID,
      total: { amount: 4598, currency: 'EUR' },
      recipientName: 'Ann',
    });
    assert.equal(message.kind, 'order-confirmed');
    assert.equal(message.reference, ORDER_ID, 'one confirmation per order');
    assert.match(message.subject, /3F2B9C1E is confirmed/);
    assert.match(message.body, /^Hello Ann,/);
    assert.match(message.body, /EUR 45\.98/);
    assert.ok(message.body.includes(ORDER_ID));
  });
});

describe('orderCancelledMessage', () => {
  const cancelled = (reason: (typeof CANCELLATION_REASONS)[number]) =>
    orderCancelledMessage({
      orderId: ORDER_ID,
      total: { amount: 1000, currency: 'EUR' },
      reason,
      recipientName: 'Bob',
    });

  it('given a cancelled order, then it names the order and its total and is identified by the order', () => {
    const message = cancelled('OUT_OF_STOCK');
    assert.equal(message.kind, 'order-cancelled');
    assert.equal(message.reference, ORDER_ID);
    assert.match(message.subject, /3F2B9C1E was cancelled/);
    assert.match(message.body, /^Hello Bob, your order 3F2B9C1E of EUR 10\.00 was cancelled\./);
  });

  it('explains every cancellation reason in its own human sentence', () => {
    const sentences = CANCELLATION_REASONS.map(cancellationExplanation);
    assert.equal(new Set(sentences).size, CANCELLATION_REASONS.length);
    for (const [index, reason] of CANCELLATION_REASONS.entries()) {
      const sentence = sentences[index] ?? '';
      assert.match(sentence, /^[A-Z].*\.$/, `${reason} reads as a sentence`);
      assert.ok(!sentence.includes('_'), `${reason} is not shown as a code`);
      assert.ok(cancelled(reason).body.includes(sentence));
    }
  });

  it('tells customers whether they were charged: not before payment, refunded after it', () => {
    for (const reason of [
      'OUT_OF_STOCK',
      'INVENTORY_UNAVAILABLE',
      'PAYMENT_DECLINED',
      'INSUFFICIENT_FUNDS',
    ] as const)
      assert.match(cancellationExplanation(reason), /not been charged/);
    for (const reason of ['SHIPPING_UNAVAILABLE', 'CANCELLED_BY_CUSTOMER'] as const)
      assert.match(cancellationExplanation(reason), /refunded/);
  });
});
