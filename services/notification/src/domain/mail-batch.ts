import type { CancellationReason } from '@bazaar/contracts';
import {
  type ComposedMessage,
  type Money,
  orderCancelledMessage,
  orderConfirmedMessage,
} from './messages.js';

/** A message with where it goes and which event caused it. */
export interface OutgoingMessage extends ComposedMessage {
  recipientId: string;
  address: string;
  sourceEventId: string;
}

export interface KnownRecipient {
  userId: string;
  email: string;
  name: string;
}

/** An order event a customer is told about. */
export type OrderNotice = { eventId: string; userId: string; orderId: string; total: Money } & (
  | { kind: 'confirmed' }
  | { kind: 'cancelled'; reason: CancellationReason }
);

/** User ids are UUIDs: one spelling, so a batch finds the recipients it read by id. */
export const recipientKey = (userId: string) => userId.toLowerCase();

/**
 * One message per kind and reference, the first of the batch: one at a time, the later ones would find it
 * stored and send nothing.
 */
export function firstOfEachMessage<T extends ComposedMessage>(messages: readonly T[]): T[] {
  const seen = new Set<string>();
  return messages.filter((message) => {
    const key = `${message.kind} ${message.reference}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The messages a batch of order events sends, given the recipients known (by `recipientKey`), and the users
 * who are not known yet: their UserRegistered has not arrived, so their events must wait and be retried.
 */
export function orderMail(
  notices: readonly OrderNotice[],
  recipients: ReadonlyMap<string, KnownRecipient>,
): { messages: OutgoingMessage[]; unknownRecipients: string[] } {
  const messages: OutgoingMessage[] = [];
  const unknown = new Set<string>();
  for (const notice of notices) {
    const recipient = recipients.get(recipientKey(notice.userId));
    if (!recipient) {
      unknown.add(notice.userId);
      continue;
    }
    const order = { orderId: notice.orderId, total: notice.total, recipientName: recipient.name };
    const message =
      notice.kind === 'confirmed'
        ? orderConfirmedMessage(order)
        : orderCancelledMessage({ ...order, reason: notice.reason });
    messages.push({
      ...message,
      recipientId: recipient.userId,
      address: recipient.email,
      sourceEventId: notice.eventId,
    });
  }
  return { messages: firstOfEachMessage(messages), unknownRecipients: [...unknown] };
}
