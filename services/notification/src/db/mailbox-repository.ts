import type { Pool, Sql } from '@bazaar/postgres';
import type { ComposedMessage } from '../domain/messages.js';

export interface Recipient {
  userId: string;
  email: string;
  name: string;
  /** When identity made this version; an older version never overwrites a newer one (events may race). */
  asOf: string;
}

export interface StoredNotification {
  id: string;
  seq: number;
  kind: string;
  reference: string;
  subject: string;
  body: string;
  address: string;
  createdAt: Date;
}

export function mailboxRepository(db: Pool) {
  return {
    async upsertRecipient(recipient: Recipient, sql: Sql = db): Promise<void> {
      await sql`
        INSERT INTO recipients (user_id, email, name, updated_at)
        VALUES (${recipient.userId}, ${recipient.email}, ${recipient.name}, ${recipient.asOf})
        ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
        WHERE recipients.updated_at < EXCLUDED.updated_at`;
    },

    async findRecipient(userId: string, sql: Sql = db): Promise<Omit<Recipient, 'asOf'> | undefined> {
      const [row] = await sql<Omit<Recipient, 'asOf'>[]>`
        SELECT user_id AS "userId", email, name FROM recipients WHERE user_id = ${userId}`;
      return row;
    },

    /** Stores the message unless one of its kind and reference exists; returns whether it was new. */
    async insert(
      message: ComposedMessage & { id: string; recipientId: string; address: string; sourceEventId: string },
      sql: Sql = db,
    ): Promise<boolean> {
      const rows = await sql`
        INSERT INTO notifications (id, recipient_id, address, kind, reference, subject, body, source_event_id)
        VALUES (${message.id}, ${message.recipientId}, ${message.address}, ${message.kind}, ${message.reference},
                ${message.subject}, ${message.body}, ${message.sourceEventId})
        ON CONFLICT (kind, reference) DO NOTHING
        RETURNING 1`;
      return rows.length > 0;
    },

    /** Newest first; `before` is the `seq` the previous page ended at. */
    async page(recipientId: string, limit: number, before?: number): Promise<StoredNotification[]> {
      return db<StoredNotification[]>`
        SELECT id, seq, kind, reference, subject, body, address, created_at AS "createdAt"
        FROM notifications
        WHERE recipient_id = ${recipientId} ${before === undefined ? db`` : db`AND seq < ${before}`}
        ORDER BY seq DESC LIMIT ${limit}`;
    },
  };
}
