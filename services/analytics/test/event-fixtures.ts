import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { type CancellationReason, EVENT_TYPES, EVENTS, type OrderPlaced } from '@bazaar/contracts';
import { createEnvelope, type Envelope } from '@bazaar/messaging';

/** An event as its publisher's relay would send it, stamped with the time it happened. */
export function envelopeOf(type: string, data: unknown, time: Date, subject?: string): Envelope {
  const publisher = EVENTS.get(type)?.publisher;
  assert.ok(publisher, `${type} is in the catalogue`);
  return createEnvelope({
    type,
    source: `/bazaar/${publisher}`,
    data,
    time,
    ...(subject ? { subject } : {}),
  });
}

export const topicOf = (envelope: Envelope) => EVENTS.get(envelope.type)!.topic;

export const eur = (amount: number) => ({ amount, currency: 'EUR' });

/** An order of a new user, and the events of its life. */
export function newOrder(
  lines: { productId: string; quantity: number }[] = [{ productId: randomUUID(), quantity: 1 }],
) {
  const orderId = randomUUID();
  const userId = randomUUID();
  const priced = lines.map((line) => ({ ...line, unitPrice: eur(1000) }));
  const total = eur(priced.reduce((sum, line) => sum + line.quantity * line.unitPrice.amount, 0));
  return {
    orderId,
    userId,
    placed: (time: Date): Envelope =>
      envelopeOf(
        EVENT_TYPES.orderPlaced,
        { orderId, userId, lines: priced, total, placedAt: time.toISOString() } satisfies OrderPlaced,
        time,
        orderId,
      ),
    confirmed: (time: Date, paid = total): Envelope =>
      envelopeOf(
        EVENT_TYPES.orderConfirmed,
        { orderId, userId, total: paid, confirmedAt: time.toISOString() },
        time,
        orderId,
      ),
    cancelled: (time: Date, reason: CancellationReason): Envelope =>
      envelopeOf(
        EVENT_TYPES.orderCancelled,
        { orderId, userId, reason, total, cancelledAt: time.toISOString() },
        time,
        orderId,
      ),
  };
}

export const declined = (userId: string, time: Date, orderId = randomUUID()): Envelope =>
  envelopeOf(
    EVENT_TYPES.paymentDeclined,
    { orderId, userId, amount: eur(2500), reason: 'PAYMENT_DECLINED' },
    time,
    orderId,
  );
