import type { CancellationReason } from '@bazaar/contracts';

/** What a message is about; with its reference it identifies the message, so none is ever sent twice. */
export type MessageKind = 'welcome' | 'order-confirmed' | 'order-cancelled';

/** A message ready to be stored in a mailbox. */
export interface ComposedMessage {
  kind: MessageKind;
  /** What the message is about; with `kind` it identifies the message (never sent twice). */
  reference: string;
  subject: string;
  body: string;
}

/** Integer minor units with their ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}

/** The first message every new user gets. */
export function welcomeMessage(user: { userId: string; name: string }): ComposedMessage {
  return {
    kind: 'welcome',
    reference: user.userId,
    subject: 'Welcome to Bazaar',
    body: `Hello ${user.name}, your Bazaar account is ready. Browse the catalogue and place your first order whenever you like.`,
  };
}

/** Digits after the decimal point of a currency (2 for EUR, 0 for JPY, 3 for KWD), as the platform's ICU knows them. */
export function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * `{ amount: 123456, currency: 'EUR' }` → `EUR 1,234.56`. Built from the integer digits, never through a
 * float, so no amount is ever shown a cent off.
 */
export function formatMoney(money: Money): string {
  const digits = minorUnitDigits(money.currency);
  const sign = money.amount < 0 ? '-' : '';
  const minor = Math.abs(money.amount)
    .toString()
    .padStart(digits + 1, '0');
  const whole = minor.slice(0, minor.length - digits).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = digits > 0 ? `.${minor.slice(minor.length - digits)}` : '';
  return `${money.currency} ${sign}${whole}${fraction}`;
}

/** Order ids are UUIDs; their first block is enough for a person to tell orders apart in a message. */
const shortOrderId = (orderId: string) => orderId.slice(0, 8).toUpperCase();

export function orderConfirmedMessage(order: {
  orderId: string;
  total: Money;
  recipientName: string;
}): ComposedMessage {
  return {
    kind: 'order-confirmed',
    reference: order.orderId,
    subject: `Your order ${shortOrderId(order.orderId)} is confirmed`,
    body: `Hello ${order.recipientName}, your order ${shortOrderId(order.orderId)} is confirmed: its items are reserved, your payment of ${formatMoney(order.total)} has been received and a shipment has been arranged. Thank you for shopping at Bazaar. (Order reference: ${order.orderId})`,
  };
}

/** What a customer is told for each reason an order ends cancelled. */
const CANCELLATION_EXPLANATIONS: Record<CancellationReason, string> = {
  OUT_OF_STOCK:
    'Some of the items you ordered are out of stock, so we could not reserve them. You have not been charged.',
  INVENTORY_UNAVAILABLE:
    'Our stock system did not answer in time, so we could not reserve your items and stopped the order. You have not been charged.',
  PAYMENT_DECLINED:
    'Your card issuer declined the payment. You have not been charged; you may try again with another card.',
  INSUFFICIENT_FUNDS:
    'The payment could not be completed because the card has insufficient funds. You have not been charged.',
  PAYMENT_TIMEOUT:
    'The payment provider did not answer in time, so we stopped the order. Any amount that was taken will be refunded.',
  SHIPPING_UNAVAILABLE:
    'We are unable to ship to the address you gave. Your payment has been refunded and the items released.',
  CANCELLED_BY_CUSTOMER: 'You cancelled this order, as you asked. Any payment has been refunded.',
};

export function cancellationExplanation(reason: CancellationReason): string {
  return CANCELLATION_EXPLANATIONS[reason];
}

export function orderCancelledMessage(order: {
  orderId: string;
  total: Money;
  reason: CancellationReason;
  recipientName: string;
}): ComposedMessage {
  return {
    kind: 'order-cancelled',
    reference: order.orderId,
    subject: `Your order ${shortOrderId(order.orderId)} was cancelled`,
    body: `Hello ${order.recipientName}, your order ${shortOrderId(order.orderId)} of ${formatMoney(order.total)} was cancelled. ${cancellationExplanation(order.reason)} (Order reference: ${order.orderId})`,
  };
}
