import type { Pool, Sql } from '@bazaar/postgres';
import { type KnownRecipient, type OutgoingMessage, recipientKey } from '../domain/mail-batch.js';

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
    /**
     * Keeps each recipient at its newest version: of a batch's versions of one user the newest (the first
     * of equals) is offered, and it replaces the stored one only if newer, as one at a time would.
     */
    async upsertRecipients(recipients: readonly Recipient[], sql: Sql): Promise<void> {
      if (recipients.length === 0) return;
      await sql`
        INSERT INTO recipients (user_id, email, name, updated_at)
        SELECT DISTINCT ON (user_id) user_id, email, name, updated_at
        FROM unnest(${recipients.map((r) => r.userId)}::uuid[], ${recipients.map((r) => r.email)}::text[],
                    ${recipients.map((r) => r.name)}::text[], ${recipients.map((r) => r.asOf)}::timestamptz[])
          WITH ORDINALITY AS r(user_id, email, name, updated_at, n)
        ORDER BY user_id, updated_at DESC, n
        ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, name = EXCLUDED.name, updated_at = EXCLUDED.updated_at
        WHERE recipients.updated_at < EXCLUDED.updated_at`;
    },

    /** The known recipients among these users, by `recipientKey` of their id. */
    async findRecipients(userIds: readonly string[], sql: Sql): Promise<Map<string, KnownRecipient>> {
      if (userIds.length === 0) return new Map();
      const rows = await sql<KnownRecipient[]>`
        SELECT user_id AS "userId", email, name FROM recipients
        WHERE user_id = ANY(${[...new Set(userIds)]}::uuid[])`;
      return new Map(rows.map((row) => [recipientKey(row.userId), row]));
    },

    /**
     * Stores the messages (one per kind and reference, in order) except those whose kind and reference
     * exist already; answers the ids of those stored.
     */
    async insertAll(messages: readonly (OutgoingMessage & { id: string })[], sql: Sql): Promise<Set<string>> {
      if (messages.length === 0) return new Set();
      const column = (pick: (message: OutgoingMessage & { id: string }) => string) => messages.map(pick);
      const rows = await sql<{ id: string }[]>`
        INSERT INTO notifications (id, recipient_id, address, kind, reference, subject, body, source_event_id)
        SELECT id, recipient_id, address, kind, reference, subject, body, source_event_id
        FROM unnest(${column((m) => m.id)}::uuid[], ${column((m) => m.recipientId)}::uuid[],
                    ${column((m) => m.address)}::text[], ${column((m) => m.kind)}::text[],
                    ${column((m) => m.reference)}::text[], ${column((m) => m.subject)}::text[],
                    ${column((m) => m.body)}::text[], ${column((m) => m.sourceEventId)}::text[])
          WITH ORDINALITY AS m(id, recipient_id, address, kind, reference, subject, body, source_event_id, n)
        ORDER BY n
        ON CONFLICT (kind, reference) DO NOTHING
        RETURNING id`;
      return new Set(rows.map((row) => row.id));
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
