import { randomUUID } from 'node:crypto';
import {
  EVENT_TYPES,
  type NotificationSent,
  type OrderCancelled,
  type OrderConfirmed,
  type UserRegistered,
  type UserUpdated,
} from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import { cursorFields, keysetCursor, keysetPage, type ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import { mailboxRepository } from '../db/mailbox-repository.js';
import {
  type ComposedMessage,
  orderCancelledMessage,
  orderConfirmedMessage,
  welcomeMessage,
} from '../domain/messages.js';

/**
 * An order event about a user whose UserRegistered has not arrived yet (the two travel on different topics,
 * so either may come first). An ordinary error on purpose: the transport retries it later instead of
 * dropping the message.
 */
export class RecipientNotKnownYetError extends Error {
  override readonly name = 'RecipientNotKnownYetError';
  constructor(readonly userId: string) {
    super(`recipient ${userId} is not known yet (its UserRegistered has not arrived); retrying later`);
  }
}

/** Newest first by the mailbox's own sequence. */
const cursor = keysetCursor(cursorFields.positiveInteger);

/** The mailbox: filled by event handlers (inside the inbox transaction), read by its owner. */
export function mailbox(db: Pool, messaging: ServiceMessaging) {
  const repository = mailboxRepository(db);

  async function send(
    tx: postgres.TransactionSql,
    recipient: { userId: string; email: string },
    message: ComposedMessage,
    sourceEventId: string,
  ): Promise<void> {
    const id = randomUUID();
    const stored = await repository.insert(
      { ...message, id, recipientId: recipient.userId, address: recipient.email, sourceEventId },
      tx,
    );
    if (!stored) return; // this message was sent before (another event about the same thing)
    const data: NotificationSent = {
      notificationId: id,
      recipientId: recipient.userId,
      kind: message.kind,
      reference: message.reference,
    };
    await messaging.publish(tx, [{ type: EVENT_TYPES.notificationSent, subject: id, data }]);
  }

  async function recipientOf(tx: postgres.TransactionSql, userId: string) {
    const recipient = await repository.findRecipient(userId, tx);
    if (!recipient) throw new RecipientNotKnownYetError(userId);
    return recipient;
  }

  return {
    /** A new user: remember how to reach them and welcome them. */
    async onUserRegistered(
      tx: postgres.TransactionSql,
      event: UserRegistered,
      eventId: string,
    ): Promise<void> {
      await repository.upsertRecipient(
        { userId: event.userId, email: event.email, name: event.name, asOf: event.registeredAt },
        tx,
      );
      await send(tx, event, welcomeMessage(event), eventId);
    },

    async onUserUpdated(tx: postgres.TransactionSql, event: UserUpdated): Promise<void> {
      await repository.upsertRecipient(
        { userId: event.userId, email: event.email, name: event.name, asOf: event.updatedAt },
        tx,
      );
    },

    /** One confirmation per order: the (kind, reference = orderId) key makes a re-sent event change nothing. */
    async onOrderConfirmed(
      tx: postgres.TransactionSql,
      event: OrderConfirmed,
      eventId: string,
    ): Promise<void> {
      const recipient = await recipientOf(tx, event.userId);
      const message = orderConfirmedMessage({
        orderId: event.orderId,
        total: event.total,
        recipientName: recipient.name,
      });
      await send(tx, recipient, message, eventId);
    },

    async onOrderCancelled(
      tx: postgres.TransactionSql,
      event: OrderCancelled,
      eventId: string,
    ): Promise<void> {
      const recipient = await recipientOf(tx, event.userId);
      const message = orderCancelledMessage({
        orderId: event.orderId,
        total: event.total,
        reason: event.reason,
        recipientName: recipient.name,
      });
      await send(tx, recipient, message, eventId);
    },

    async page(recipientId: string, query: { limit: number; cursor?: string }) {
      const before = query.cursor === undefined ? undefined : cursor.decode(query.cursor)[0];
      const rows = await repository.page(recipientId, query.limit + 1, before);
      const page = keysetPage(rows, query.limit, cursor, (row) => [row.seq] as const);
      return {
        items: page.items.map(({ seq: _seq, ...item }) => ({
          ...item,
          createdAt: item.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  };
}

export type Mailbox = ReturnType<typeof mailbox>;
