import { randomUUID } from 'node:crypto';
import type { Pool } from '@bazaar/postgres';
import type postgres from 'postgres';
import { type Envelope, isEnvelope } from '../envelope.js';
import type { MessagingMetrics } from '../metrics.js';
import {
  backoffMs,
  type Consumer,
  type ConsumerOptions,
  DEFAULT_RETRY,
  type DeadLetter,
  type OutgoingMessage,
  PoisonMessageError,
  type Transport,
} from '../transport.js';

const CHANNEL = 'bus_messages';

interface ClaimedRow {
  position: number;
  topic: string;
  envelope: unknown;
  attempts: number;
}

/**
 * Transport on a shared PostgreSQL database. Publishing stores the message once and a delivery row for
 * each group subscribed to its topic, in one transaction. Consumers of a group claim a delivery with
 * `FOR UPDATE SKIP LOCKED` and a lease, handle it outside any transaction, then delete it (success) or
 * schedule a retry with backoff (or mark it dead after the last attempt). A consumer that dies leaves its
 * lease to run out, and the delivery is claimed again. At-least-once; consumers make effects exactly-once
 * with the inbox.
 */
export function postgresMessageStore(
  db: Pool,
  options: {
    pollMs?: number;
    metrics?: MessagingMetrics;
    /** How long a claimed delivery is reserved for its consumer; a handler must finish within it. */
    leaseMs?: number;
  } = {},
): Transport {
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const consumers = new Set<{ stop(): Promise<void> }>();

  async function notify() {
    await db`SELECT pg_notify(${CHANNEL}, '')`.catch(() => {});
  }

  return {
    name: 'postgres',

    async declare(subscriptions) {
      const rows = subscriptions.flatMap(({ group, topics }) =>
        topics.map((topic) => ({ group_name: group, topic })),
      );
      if (rows.length > 0)
        await db`INSERT INTO bus_subscriptions ${db(rows, 'group_name', 'topic')} ON CONFLICT DO NOTHING`;
    },

    async publish(messages: readonly OutgoingMessage[]) {
      if (messages.length === 0) return;
      await db.begin(async (tx) => {
        for (const message of messages) {
          const [row] = await tx<{ position: number }[]>`
            INSERT INTO bus_messages (message_id, topic, partition_key, envelope)
            VALUES (${message.envelope.id}, ${message.topic}, ${message.partitionKey ?? null},
                    ${tx.json(message.envelope as postgres.JSONValue)})
            ON CONFLICT (message_id) DO NOTHING
            RETURNING position`;
          // A publisher retry of a message already stored is a no-op: no second delivery.
          if (!row) continue;
          options.metrics?.published.inc({ transport: 'postgres', topic: message.topic });
          await tx`
            INSERT INTO bus_deliveries (group_name, position)
            SELECT group_name, ${row.position} FROM bus_subscriptions WHERE topic = ${message.topic}`;
        }
      });
      await notify();
    },

    async consume(consumerOptions: ConsumerOptions): Promise<Consumer> {
      const retry = consumerOptions.retry ?? DEFAULT_RETRY;
      const concurrency = consumerOptions.concurrency ?? 1;
      for (const topic of consumerOptions.topics) {
        await db`INSERT INTO bus_subscriptions (group_name, topic) VALUES (${consumerOptions.group}, ${topic})
                 ON CONFLICT DO NOTHING`;
      }
      let stopped = false;
      let wake: (() => void) | undefined;
      const listener = await db.listen(CHANNEL, () => wake?.());

      /** Claims and handles one delivery; false when there was none ready. */
      async function handleOne(): Promise<boolean> {
        // Claim in a short transaction: the lease keeps other consumers off it; if this process dies, the
        // lease runs out and the delivery is claimed again (the attempt still counts, so a message that
        // crashes its consumer every time ends up dead-lettered rather than looping forever).
        const claimId = randomUUID();
        const [claimed] = await db<ClaimedRow[]>`
          UPDATE bus_deliveries d
          SET attempts = d.attempts + 1, claim_id = ${claimId},
              locked_until = now() + ${`${leaseMs} milliseconds`}::interval
          FROM (
            SELECT position FROM bus_deliveries
            WHERE group_name = ${consumerOptions.group} AND status = 'ready' AND available_at <= now()
              AND (locked_until IS NULL OR locked_until < now())
            ORDER BY available_at, position
            LIMIT 1
            FOR UPDATE SKIP LOCKED
          ) AS next, bus_messages m
          WHERE d.group_name = ${consumerOptions.group} AND d.position = next.position AND m.position = d.position
          RETURNING d.position, m.topic, m.envelope, d.attempts`;
        if (!claimed) return false;
        const attempt = claimed.attempts;
        const labels = { transport: 'postgres', group: consumerOptions.group };
        const mine = db`group_name = ${consumerOptions.group} AND position = ${claimed.position} AND claim_id = ${claimId}`;
        options.metrics?.delivered.inc(labels);
        let handled = false;
        try {
          if (!isEnvelope(claimed.envelope)) throw new PoisonMessageError('not a CloudEvents envelope');
          await consumerOptions.handle({
            topic: claimed.topic,
            envelope: claimed.envelope as Envelope,
            attempt,
          });
          handled = true;
          await db`DELETE FROM bus_deliveries WHERE ${mine}`;
          options.metrics?.handled.inc(labels);
        } catch (error) {
          // The handler succeeded but the acknowledgement did not reach the database: that is no failure of
          // the message (counting it as one could dead-letter a handled message). The lease brings it back
          // and the consumer's inbox absorbs the repeat.
          if (handled) throw error;
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          const dead = error instanceof PoisonMessageError || attempt >= retry.maxAttempts;
          (dead ? options.metrics?.deadLettered : options.metrics?.retried)?.inc(labels);
          await db`
            UPDATE bus_deliveries SET last_error = ${reason.slice(0, 2000)}, claim_id = NULL, locked_until = NULL,
              status = ${dead ? 'dead' : 'ready'}, dead_at = ${dead ? new Date() : null},
              available_at = now() + ${`${backoffMs(retry, attempt)} milliseconds`}::interval
            WHERE ${mine}`;
        }
        return true;
      }

      async function worker(): Promise<void> {
        let failures = 0;
        while (!stopped) {
          try {
            if (await handleOne()) {
              failures = 0;
              continue;
            }
          } catch {
            failures++; // the database is unreachable: back off, then try again
          }
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, failures > 0 ? Math.min(5_000, 100 * 2 ** failures) : pollMs);
            function done() {
              clearTimeout(timer);
              resolve();
            }
            wake = done;
          });
        }
      }

      const workers = Array.from({ length: concurrency }, () => worker());
      const consumer = {
        async stop() {
          stopped = true;
          wake?.();
          consumers.delete(consumer);
          await Promise.all(workers);
          await listener.unlisten().catch(() => {});
        },
      };
      consumers.add(consumer);
      return consumer;
    },

    async deliverTo(group, messages) {
      if (messages.length === 0) return;
      await db.begin(async (tx) => {
        for (const message of messages) {
          await tx`
            INSERT INTO bus_messages (message_id, topic, partition_key, envelope)
            VALUES (${message.envelope.id}, ${message.topic}, ${message.partitionKey ?? null},
                    ${tx.json(message.envelope as postgres.JSONValue)})
            ON CONFLICT (message_id) DO NOTHING`;
          await tx`
            INSERT INTO bus_deliveries (group_name, position)
            SELECT ${group}, position FROM bus_messages WHERE message_id = ${message.envelope.id}
            ON CONFLICT (group_name, position) DO UPDATE
              SET status = 'ready', attempts = 0, available_at = now(), dead_at = NULL, last_error = NULL,
                  claim_id = NULL, locked_until = NULL`;
        }
      });
      await notify();
    },

    async backlog(group) {
      const [row] = await db<{ waiting: number; dead: number }[]>`
        SELECT count(*) FILTER (WHERE status = 'ready')::int AS waiting, count(*) FILTER (WHERE status = 'dead')::int AS dead
        FROM bus_deliveries WHERE group_name = ${group}`;
      return row!;
    },

    async deadLetters(group, { limit = 100 } = {}) {
      const rows = await db<(Omit<DeadLetter, 'id'> & { position: number })[]>`
        SELECT d.position, d.group_name AS group, m.topic, m.envelope, d.attempts, d.last_error AS "lastError",
               d.dead_at AS "deadAt"
        FROM bus_deliveries d JOIN bus_messages m ON m.position = d.position
        WHERE d.group_name = ${group} AND d.status = 'dead'
        ORDER BY d.dead_at, d.position LIMIT ${limit}`;
      return rows.map(({ position, ...rest }) => ({ id: String(position), ...rest }));
    },

    async redrive(group, deadLetterId) {
      if (!/^\d{1,15}$/.test(deadLetterId)) return false;
      const result = await db`
        UPDATE bus_deliveries SET status = 'ready', attempts = 0, available_at = now(), dead_at = NULL, claim_id = NULL, locked_until = NULL
        WHERE group_name = ${group} AND position = ${Number(deadLetterId)} AND status = 'dead'`;
      if (result.count > 0) await notify();
      return result.count > 0;
    },

    async discard(group, deadLetterId) {
      if (!/^\d{1,15}$/.test(deadLetterId)) return false;
      const result = await db`
        DELETE FROM bus_deliveries WHERE group_name = ${group} AND position = ${Number(deadLetterId)} AND status = 'dead'`;
      return result.count > 0;
    },

    async close() {
      await Promise.all([...consumers].map((consumer) => consumer.stop()));
    },
  };
}
