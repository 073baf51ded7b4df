import type { Pool } from '@bazaar/postgres';

/** The most messages one read returns: a tail asks again for the next ones. */
export const MAX_PUBLISHED_PAGE = 200;

/**
 * An event's `data` whose JSON is longer than this (in characters) is cut to it: a read of 200 messages
 * stays small whatever a publisher put in one.
 */
export const MAX_PUBLISHED_DATA_CHARS = 8_192;

/** One message as it went onto the transport: where it sits in the outbox, and its CloudEvents fields. */
export interface PublishedMessage {
  /** Position in this service's outbox (ascending in the order the relay publishes). */
  outboxId: number;
  topic: string;
  publishedAt: Date;
  id: string;
  type: string;
  source: string;
  subject?: string;
  time: string;
  traceparent?: string;
  /**
   * The envelope's `data`; when its JSON is longer than MAX_PUBLISHED_DATA_CHARS, a string holding the
   * first MAX_PUBLISHED_DATA_CHARS characters of that JSON instead (and `dataTruncated` is true).
   */
  data: unknown;
  dataTruncated: boolean;
}

interface PublishedRow extends Omit<PublishedMessage, 'subject' | 'traceparent'> {
  subject: string | null;
  traceparent: string | null;
}

/**
 * Messages this service's outbox relay has published, in outbox id order: those after `after`, or without
 * it the latest `limit` (a tail that starts now). The outbox keeps every published row, so this is the
 * record of what went onto the transport on either transport and from every instance of the service.
 *
 * Only rows below the oldest row still waiting to be published are returned: the relay publishes batches
 * concurrently, so a row can be marked published before one with a smaller id is. A reader that moved its
 * position past such a gap would never see the late row; held back, it sees both once the gap closes. (A
 * transaction still committing its outbox insert is invisible here and to the relay alike; one that takes
 * its id before a later row is published and commits after this read is the one gap left — the insert
 * runs just before its commit, so that window is the length of a commit.)
 */
export async function listPublishedMessages(
  db: Pool,
  options: { after?: number; limit: number },
): Promise<PublishedMessage[]> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit)), MAX_PUBLISHED_PAGE);
  const after = options.after;
  // The horizon is a scalar subquery so that it bounds the primary-key scan (an index condition).
  const rows = await db<PublishedRow[]>`
    WITH page AS (
      SELECT id, topic, published_at, envelope,
             coalesce(length((envelope->'data')::text) > ${MAX_PUBLISHED_DATA_CHARS}, false) AS truncated
      FROM outbox
      WHERE published_at IS NOT NULL
        AND id < coalesce((SELECT min(id) FROM outbox WHERE published_at IS NULL), ${Number.MAX_SAFE_INTEGER})
        ${after === undefined ? db`` : db`AND id > ${after}`}
      ORDER BY id ${after === undefined ? db`DESC` : db`ASC`}
      LIMIT ${limit}
    )
    SELECT id AS "outboxId", topic, published_at AS "publishedAt",
           envelope->>'id' AS id, envelope->>'type' AS type, envelope->>'source' AS source,
           envelope->>'subject' AS subject, envelope->>'time' AS time,
           envelope->>'traceparent' AS traceparent,
           CASE WHEN truncated THEN to_jsonb(left((envelope->'data')::text, ${MAX_PUBLISHED_DATA_CHARS}))
                ELSE envelope->'data' END AS data,
           truncated AS "dataTruncated"
    FROM page ORDER BY "outboxId"`;
  return rows.map(({ subject, traceparent, ...row }) => ({
    ...row,
    ...(subject === null ? {} : { subject }),
    ...(traceparent === null ? {} : { traceparent }),
  }));
}
