import { type DeclineReason, providerAnswerFor } from './card-provider.js';
import { type Money, nothing } from './money.js';

export const PAYMENT_STATUSES = ['CAPTURED', 'DECLINED', 'PENDING', 'REFUNDED', 'VOIDED'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * The one payment of an order, as recorded. An order has at most one, so it is never charged twice:
 * captured money is the `amount` of CAPTURED and REFUNDED payments, refunded money their `refundedAmount`.
 * A VOIDED payment is a tombstone: a refund came first (or instead), and bars any later capture.
 */
export interface Payment {
  orderId: string;
  /** The provider's id of the charge; only a capture has one. */
  paymentId: string | null;
  /** Null on a tombstone written by a refund that found nothing (a refund does not name the user). */
  userId: string | null;
  /** What was asked for, in minor units; 0 on a tombstone. */
  amount: number;
  /** Null on a tombstone. */
  currency: string | null;
  status: PaymentStatus;
  declineReason: DeclineReason | null;
  cardLast4: string | null;
  refundedAmount: number;
}

export interface CapturePayment {
  kind: 'capture';
  orderId: string;
  userId: string;
  amount: Money;
  cardLast4: string;
}

export interface RefundPayment {
  kind: 'refund';
  orderId: string;
}

export type PaymentCommand = CapturePayment | RefundPayment;

/** The replies the saga waits for (the contract's `payment.*` events). */
export type PaymentReply =
  | { kind: 'captured'; data: { paymentId: string; orderId: string; userId: string; amount: Money } }
  | { kind: 'declined'; data: { orderId: string; userId: string; amount: Money; reason: DeclineReason } }
  | { kind: 'refunded'; data: { orderId: string; paymentId: string | null; amount: Money } };

/** What happened, for logs and metrics. */
export type PaymentOutcome =
  | 'captured'
  | 'declined'
  | 'provider-timeout'
  | 'repeated'
  | 'barred-by-refund'
  | 'refunded'
  | 'voided';

export interface PaymentDecision {
  outcome: PaymentOutcome;
  /** The order's payment after the command, when it changed (inserted if there was none). */
  next?: Payment;
  /** Nothing when the saga must hear nothing (the provider never answered, or the order is refunded). */
  reply?: PaymentReply;
}

/**
 * Decides a command against the order's payment as recorded (or none). A repeated command gets the
 * recorded outcome again and changes nothing; that is how a saga that re-sends after a timeout is served.
 */
export function decide(
  current: Payment | undefined,
  command: PaymentCommand,
  fresh: { paymentId: string },
): PaymentDecision {
  return command.kind === 'capture' ? decideCapture(current, command, fresh) : decideRefund(current, command);
}

function decideCapture(
  current: Payment | undefined,
  command: CapturePayment,
  fresh: { paymentId: string },
): PaymentDecision {
  if (current) return repeatCapture(current);
  const asked = {
    orderId: command.orderId,
    userId: command.userId,
    amount: command.amount.amount,
    currency: command.amount.currency,
    cardLast4: command.cardLast4,
    declineReason: null,
    refundedAmount: 0,
  };
  const answer = providerAnswerFor(command.cardLast4);
  switch (answer.kind) {
    case 'approved': {
      const next: Payment = { ...asked, paymentId: fresh.paymentId, status: 'CAPTURED' };
      return { outcome: 'captured', next, reply: capturedReply(next) };
    }
    case 'declined': {
      const next: Payment = { ...asked, paymentId: null, status: 'DECLINED', declineReason: answer.reason };
      return { outcome: 'declined', next, reply: declinedReply(next) };
    }
    case 'no-answer':
      return { outcome: 'provider-timeout', next: { ...asked, paymentId: null, status: 'PENDING' } };
  }
}

function repeatCapture(current: Payment): PaymentDecision {
  switch (current.status) {
    case 'CAPTURED':
      return { outcome: 'repeated', reply: capturedReply(current) };
    case 'DECLINED':
      return { outcome: 'repeated', reply: declinedReply(current) };
    case 'PENDING':
      // Asking again would not make the provider answer; the saga's timeout already owns this order.
      return { outcome: 'repeated' };
    case 'REFUNDED':
    case 'VOIDED':
      return { outcome: 'barred-by-refund' };
  }
}

function decideRefund(current: Payment | undefined, command: RefundPayment): PaymentDecision {
  if (!current) {
    const tombstone: Payment = {
      orderId: command.orderId,
      paymentId: null,
      userId: null,
      amount: 0,
      currency: null,
      status: 'VOIDED',
      declineReason: null,
      cardLast4: null,
      refundedAmount: 0,
    };
    return { outcome: 'voided', next: tombstone, reply: refundedReply(tombstone) };
  }
  switch (current.status) {
    case 'CAPTURED': {
      const next: Payment = { ...current, status: 'REFUNDED', refundedAmount: current.amount };
      return { outcome: 'refunded', next, reply: refundedReply(next) };
    }
    case 'PENDING':
    case 'DECLINED': {
      // Nothing was charged (or the charge is in doubt): the tombstone makes sure nothing ever will be.
      const next: Payment = { ...current, status: 'VOIDED' };
      return { outcome: 'voided', next, reply: refundedReply(next) };
    }
    case 'REFUNDED':
    case 'VOIDED':
      return { outcome: 'repeated', reply: refundedReply(current) };
  }
}

function capturedReply(payment: Payment): PaymentReply {
  return {
    kind: 'captured',
    data: {
      paymentId: payment.paymentId!,
      orderId: payment.orderId,
      userId: payment.userId!,
      amount: askedAmount(payment),
    },
  };
}

function declinedReply(payment: Payment): PaymentReply {
  return {
    kind: 'declined',
    data: {
      orderId: payment.orderId,
      userId: payment.userId!,
      amount: askedAmount(payment),
      reason: payment.declineReason!,
    },
  };
}

function refundedReply(payment: Payment): PaymentReply {
  const refunded = payment.status === 'REFUNDED';
  return {
    kind: 'refunded',
    data: {
      orderId: payment.orderId,
      paymentId: refunded ? payment.paymentId : null,
      amount: refunded ? { amount: payment.refundedAmount, currency: payment.currency! } : nothing,
    },
  };
}

function askedAmount(payment: Payment): Money {
  return { amount: payment.amount, currency: payment.currency! };
}

/** The money of a payment as the API shows it; a tombstone has no currency of its own. */
export function paymentMoney(payment: Payment): { amount: Money; refunded: Money } {
  const currency = payment.currency ?? nothing.currency;
  return {
    amount: { amount: payment.amount, currency },
    refunded: { amount: payment.refundedAmount, currency },
  };
}
