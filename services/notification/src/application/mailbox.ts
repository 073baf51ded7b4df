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
import { mailboxRepository, type Recipient } from '../db/mailbox-repository.js';
import {
  firstOfEachMessage,
  type OrderNotice,
  type OutgoingMessage,
  orderMail,
} from '../domain/mail-batch.js';
import { welcomeMessage } from '../domain/messages.js';

/**
 * Order events about users whose UserRegistered has not arrived yet (the two travel on different topics,
 * so either may come first). An ordinary error on purpose: the transport retries it later instead of
 * dropping the message.
 */
export class RecipientNotKnownYetError extends Error {
  override readonly name = 'RecipientNotKnownYetError';
  constructor(readonly userIds: readonly string[]) {
    super(
      `recipient ${userIds.join(', ')} is not known yet (its UserRegistered has not arrived); retrying later`,
    );
  }
}

/** What the handlers read of an event's envelope. */
interface ConsumedEvent {
  id: string;
  type: string;
  data: unknown;
}

/** Newest first by the mailbox's own sequence. */
const cursor = keysetCursor(cursorFields.positiveInteger);

function noticeOf(event: ConsumedEvent): OrderNotice {
  if (event.type === EVENT_TYPES.orderConfirmed) {
    const confirmed = event.data as OrderConfirmed;
    const { orderId, userId, total } = confirmed;
    return { kind: 'confirmed', eventId: event.id, orderId, userId, total };
  }
  const cancelled = event.data as OrderCancelled;
  const { orderId, userId, total, reason } = cancelled;
  return { kind: 'cancelled', eventId: event.id, orderId, userId, total, reason };
}

/**
 * The mailbox: filled by event handlers a batch at a time (inside the batch's inbox transaction), in a fixed
 * number of statements per batch; read by its owner.
 */
export function mailbox(db: Pool, messaging: ServiceMessaging) {
  const repository = mailboxRepository(db);

  /** Stores the messages and announces those that are new (another event may have sent one before). */
  async function send(tx: postgres.TransactionSql, messages: readonly OutgoingMessage[]): Promise<void> {
    const withIds = messages.map((message) => ({ ...message, id: randomUUID() }));
    const stored = await repository.insertAll(withIds, tx);
    await messaging.publish(
      tx,
      withIds
        .filter((message) => stored.has(message.id))
        .map((message) => {
          const data: NotificationSent = {
            notificationId: message.id,
            recipientId: message.recipientId,
            kind: message.kind,
            reference: message.reference,
          };
          return { type: EVENT_TYPES.notificationSent, subject: message.id, data };
        }),
    );
  }

  return {
    /** New users and changed ones: remember how to reach each, and welcome the new ones. */
    async onUserEvents(tx: postgres.TransactionSql, events: readonly ConsumedEvent[]): Promise<void> {
      const versions: Recipient[] = [];
      const welcomes: OutgoingMessage[] = [];
      for (const event of events) {
        if (event.type === EVENT_TYPES.userRegistered) {
          const registered = event.data as UserRegistered;
          const { userId, email, name } = registered;
          versions.push({ userId, email, name, asOf: registered.registeredAt });
          welcomes.push({
            ...welcomeMessage(registered),
            recipientId: userId,
            address: email,
            sourceEventId: event.id,
          });
        } else {
          const updated = event.data as UserUpdated;
          const { userId, email, name } = updated;
          versions.push({ userId, email, name, asOf: updated.updatedAt });
        }
      }
      await repository.upsertRecipients(versions, tx);
      await send(tx, firstOfEachMessage(welcomes));
    },

    /**
     * One confirmation or cancellation per order: the (kind, reference = orderId) key makes a re-sent event
     * change nothing. One lookup finds every recipient of the batch; if any is not known yet, the batch
     * fails before writing anything, and the host then handles each event alone: the others commit, and only
     * the events of unknown customers are retried.
     */
    async onOrderEvents(tx: postgres.TransactionSql, events: readonly ConsumedEvent[]): Promise<void> {
      const notices = events.map(noticeOf);
      const recipients = await repository.findRecipients(
        notices.map((notice) => notice.userId),
        tx,
      );
      const { messages, unknownRecipients } = orderMail(notices, recipients);
      if (unknownRecipients.length > 0) throw new RecipientNotKnownYetError(unknownRecipients);
      await send(tx, messages);
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
