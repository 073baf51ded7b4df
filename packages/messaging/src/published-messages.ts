import type { Pool } from '@bazaar/postgres';

/** The most messages one read returns: a tail asks again for the next ones. */
export const MAX_PUBLISHED_PAGE = 200;

/**
 * An event's `data` whose JSON is longer than this (in characters) is cut to it: a read of 200 messages
 * stays small whatever a publisher put in one.
 */
export const MAX_PUBLISHED_DATA_CHARS = 8_192;

/** How long a published row waits before it is listed (see listPublishedMessages). */
export const PUBLISHED_SETTLE_MS = 500;

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

/** A read of the published messages, and where the next read continues. */
export interface PublishedPage {
  messages: PublishedMessage[];
  /** The outbox id to read after next time: the last message's, or where this read stopped. */
  next: number;
}

interface CandidateRow extends Omit<PublishedMessage, 'subject' | 'traceparent' | 'publishedAt'> {
  publishedAt: Date | null;
  settled: boolean;
  subject: string | null;
  traceparent: string | null;
}

/**
 * Messages this service's outbox relay has published, in outbox id order: those after `after`, or without
 * it the latest `limit` (a tail that starts now). The outbox keeps every published row, so this is the
 * record of what went onto the transport on either transport and from every instance of the service.
 *
 * A reader continues after `next`, so a read never lists a row above one that a later read could list. It
 * stops before the first row in its range that is
 * - not published yet: the relay publishes batches concurrently, so a row can be marked published before
 *   one with a smaller id is;
 * - published less than `settledMs` ago: a transaction takes its outbox id at its insert, just before it
 *   commits, and a later row may be published before it commits; the row is invisible (to the relay too)
 *   until then. Waiting lets such a commit land first, and the rows above wait behind it as above. Only a
 *   commit slower than `settledMs` can still be passed over.
 */
export async function listPublishedMessages(
  db: Pool,
  options: { after?: number; limit: number; settledMs?: number },
): Promise<PublishedPage> {
  const limit = Math.min(Math.max(1, Math.trunc(options.limit)), MAX_PUBLISHED_PAGE);
  const { after } = options;
  const settledMs = options.settledMs ?? PUBLISHED_SETTLE_MS;
  // After a position: the next rows whatever their state (a waiting one stops the read). The latest: those
  // below the oldest waiting row, found by a scalar subquery so that it bounds the primary-key scan.
  const candidates = await db<CandidateRow[]>`
    WITH candidate AS (
      SELECT id, topic, published_at, envelope,
             coalesce(length((envelope->'data')::text) > ${MAX_PUBLISHED_DATA_CHARS}, false) AS truncated
      FROM outbox
      WHERE ${
        after === undefined
          ? db`id < coalesce((SELECT min(id) FROM outbox WHERE published_at IS NULL), ${Number.MAX_SAFE_INTEGER})`
          : db`id > ${after}`
      }
      ORDER BY id ${after === undefined ? db`DESC` : db`ASC`}
      LIMIT ${limit}
    )
    SELECT id AS "outboxId", topic, published_at AS "publishedAt",
           coalesce(published_at < now() - ${settledMs} * interval '1 millisecond', false) AS settled,
           envelope->>'id' AS id, envelope->>'type' AS type, envelope->>'source' AS source,
           envelope->>'subject' AS subject, envelope->>'time' AS time,
           envelope->>'traceparent' AS traceparent,
           CASE WHEN truncated THEN to_jsonb(left((envelope->'data')::text, ${MAX_PUBLISHED_DATA_CHARS}))
                ELSE envelope->'data' END AS data,
           truncated AS "dataTruncated"
    FROM candidate ORDER BY "outboxId"`;
  const stop = candidates.findIndex((row) => !row.settled);
  const listed = stop === -1 ? candidates : candidates.slice(0, stop);
  const messages = listed.map(({ settled: _, subject, traceparent, publishedAt, ...row }) => ({
    ...row,
    publishedAt: publishedAt!,
    ...(subject === null ? {} : { subject }),
    ...(traceparent === null ? {} : { traceparent }),
  }));
  // Nothing listed from the latest: continue before the first candidate (none: nothing is below the oldest
  // waiting row, so from the start).
  const next = messages.at(-1)?.outboxId ?? after ?? (candidates[0] ? candidates[0].outboxId - 1 : 0);
  return { messages, next };
}
