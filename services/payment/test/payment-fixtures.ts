import type { CapturePayment, Payment, RefundPayment } from '../src/domain/payment.js';

// The orders, commands and recorded payments the domain's unit tests are told in.
export const ORDER = '6f1d7a52-8a44-4a53-9d8c-0b2c1f0e9a01';
export const OTHER_ORDER = '7a2e8b63-9b55-4b64-8e9d-1c3d2f1f0b12';
export const USER = '0e7c8f1b-3b9e-4c55-8f57-5d8f0c6e2b11';
export const EARLIER_PAYMENT_ID = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

export const capture = (cardLast4 = '4242', orderId = ORDER): CapturePayment => ({
  kind: 'capture',
  orderId,
  userId: USER,
  amount: { amount: 4999, currency: 'EUR' },
  cardLast4,
});
export const refund = (orderId = ORDER): RefundPayment => ({ kind: 'refund', orderId });

/** A payment of ORDER as recorded: PENDING with a good card, unless told otherwise. */
export const recorded = (fields: Partial<Payment>): Payment => ({
  orderId: ORDER,
  paymentId: null,
  userId: USER,
  amount: 4999,
  currency: 'EUR',
  status: 'PENDING',
  declineReason: null,
  cardLast4: '4242',
  refundedAmount: 0,
  ...fields,
});
