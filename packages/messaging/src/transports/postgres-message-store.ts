import { randomInt, randomUUID } from 'node:crypto';
import { channelKey, coalescedNotify, localWakeups, type Pool } from '@bazaar/postgres';
import postgres from 'postgres';
import type { Counter } from 'prom-client';
import { type Envelope, isEnvelope } from '../envelope.js';
import type { MessagingMetrics } from '../metrics.js';
import { sleeper } from '../sleeper.js';
import {
  backoffMs,
  type Consumer,
  type ConsumerOptions,
  DEFAULT_RETRY,
  type DeadLetter,
  failureOf,
  handleMessages,
  type IncomingMessage,
  type OutgoingMessage,
  PoisonMessageError,
  type Transport,
} from '../transport.js';

const CHANNEL = 'bus_messages';
/** First key of the advisory locks that mark live claimers (the second is the claimer's own number). */
const CLAIMER_LOCK_SPACE = 51_723_001;

interface ClaimedRow {
  position: number;
  topic: string;
  envelope: unknown;
  attempts: number;
}

/**
 * Transport on a shared PostgreSQL database. Publishing stores a batch of messages and a delivery row
 * for each group subscribed to each message's topic, in one statement. Consumers of a group claim up to a
 * batch of deliveries at once with `FOR UPDATE SKIP LOCKED`, handle them outside any transaction, then
 * delete the handled ones in one statement and schedule retries (or dead letters) for the failed ones.
 *
 * A claim belongs to its claimer: each transport holds a session advisory lock under a number of its own
 * and stamps its claims with it. When the process dies its session ends, the lock goes, and any other
 * transport's reaper (at its start and every few seconds) hands those deliveries back at once, instead of
 * after the lease (which stays, as the bound for a live consumer that hangs). At-least-once; consumers
 * make effects exactly-once with the inbox.
 *
 * Wake-ups: consumers in the publisher's own process are woken directly; only groups without a local
 * consumer cost a (coalesced) NOTIFY, whose payload names them.
 */
export function postgresMessageStore(
  db: Pool,
  options: {
    pollMs?: number;
    metrics?: MessagingMetrics;
    /** How long a claimed delivery is reserved for a consumer that still lives; a handler must finish within it. */
    leaseMs?: number;
    /** How often deliveries held by claimers whose session has ended are handed back. */
    reapEveryMs?: number;
  } = {},
): Transport {
  const pollMs = options.pollMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const reapEveryMs = options.reapEveryMs ?? 5_000;
  const consumers = new Set<{ stop(): Promise<void> }>();
  const groupKey = (group: string) => channelKey(db, `${CHANNEL}/${group}`);
  const remote = coalescedNotify(db, CHANNEL);
  const metric = (labels: { transport: string; group: string }, name: keyof MessagingMetrics, n = 1) => {
    if (n > 0) (options.metrics?.[name] as Counter<string> | undefined)?.inc(labels, n);
  };

  /** Wakes consumers of these groups: directly where they live in this process, by NOTIFY elsewhere. */
  function wakeGroups(groups: Iterable<string>): void {
    const elsewhere: string[] = [];
    for (const group of new Set(groups)) if (!localWakeups.wake(groupKey(group))) elsewhere.push(group);
    if (elsewhere.length > 0) remote.send(elsewhere);
  }

  // --- claimer identity: a session advisory lock that lives exactly as long as this transport's session ---
  let claimer: number | undefined;
  let claimerSession: postgres.Sql | undefined;
  let claiming: Promise<number> | undefined;
  let reaper: NodeJS.Timeout | undefined;

  async function reapDeadClaims(): Promise<number> {
    const released = await db<{ group: string }[]>`
      WITH live AS (
        SELECT objid::bigint AS claimer FROM pg_locks
        WHERE locktype = 'advisory' AND classid = ${CLAIMER_LOCK_SPACE}::oid AND objsubid = 2 AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      )
      UPDATE bus_deliveries SET claim_id = NULL, claimed_by = NULL, locked_until = NULL
      WHERE claimed_by IS NOT NULL AND claimed_by NOT IN (SELECT claimer FROM live)
      RETURNING group_name AS group`;
    if (released.length > 0) wakeGroups(released.map((row) => row.group));
    return released.length;
  }

  function claimerNumber(): Promise<number> {
    if (claimer !== undefined) return Promise.resolve(claimer);
    claiming ??= (async () => {
      try {
        claimerSession ??= postgres({
          ...db.options,
          max: 1,
          idle_timeout: null,
          max_lifetime: null,
          fetch_types: false,
          backoff: () => 0,
          // The session ended (server restart, network cut): its lock is gone, so are its claims' owner.
          onclose: () => {
            claimer = undefined;
          },
        } as unknown as postgres.Options<Record<string, never>>);
        for (;;) {
          const candidate = randomInt(1, 2 ** 31 - 1);
          const [row] = await claimerSession<{ acquired: boolean }[]>`
            SELECT pg_try_advisory_lock(${CLAIMER_LOCK_SPACE}, ${candidate}) AS acquired`;
          if (row?.acquired) {
            claimer = candidate;
            break;
          }
        }
        // Deliveries a dead process had claimed come back now, not after their lease.
        await reapDeadClaims();
        reaper ??= setInterval(() => void reapDeadClaims().catch(() => {}), reapEveryMs);
        reaper.unref();
        return claimer;
      } finally {
        claiming = undefined;
      }
    })();
    return claiming;
  }

  // --- remote wake-ups: one LISTEN per transport, started with its first consumer ---
  let listening: Promise<{ unlisten(): Promise<void> }> | undefined;
  const listen = () => {
    listening ??= db.listen(CHANNEL, (payload) => {
      for (const group of payload.split(',')) if (group) localWakeups.wake(groupKey(group));
    });
    return listening;
  };

  async function storeAndRoute(
    messages: readonly OutgoingMessage[],
  ): Promise<{ topics: string[]; groups: string[] }> {
    const [row] = await db<{ topics: string[] | null; groups: string[] | null }[]>`
      WITH stored AS (
        INSERT INTO bus_messages (message_id, topic, partition_key, envelope)
        SELECT id, topic, key, envelope::jsonb
        FROM unnest(${messages.map((m) => m.envelope.id)}::text[], ${messages.map((m) => m.topic)}::text[],
                    ${messages.map((m) => m.partitionKey ?? null)}::text[],
                    ${messages.map((m) => JSON.stringify(m.envelope))}::text[]) WITH ORDINALITY
             AS m(id, topic, key, envelope, n)
        ORDER BY n
        -- A publisher retry of a message already stored is a no-op: no second delivery.
        ON CONFLICT (message_id) DO NOTHING
        RETURNING position, topic
      ), delivered AS (
        INSERT INTO bus_deliveries (group_name, position)
        SELECT s.group_name, stored.position FROM stored JOIN bus_subscriptions s ON s.topic = stored.topic
        ORDER BY stored.position
        RETURNING group_name
      )
      SELECT (SELECT array_agg(topic) FROM stored) AS topics,
             (SELECT array_agg(DISTINCT group_name) FROM delivered) AS groups`;
    return { topics: row?.topics ?? [], groups: row?.groups ?? [] };
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
      const { topics, groups } = await storeAndRoute(messages);
      for (const topic of topics) options.metrics?.published.inc({ transport: 'postgres', topic });
      wakeGroups(groups);
    },

    async consume(consumerOptions: ConsumerOptions): Promise<Consumer> {
      const { group } = consumerOptions;
      const retry = consumerOptions.retry ?? DEFAULT_RETRY;
      const concurrency = consumerOptions.concurrency ?? 1;
      const maxBatch = consumerOptions.maxBatch ?? 50;
      const labels = { transport: 'postgres', group };
      for (const topic of consumerOptions.topics) {
        await db`INSERT INTO bus_subscriptions (group_name, topic) VALUES (${group}, ${topic})
                 ON CONFLICT DO NOTHING`;
      }
      await listen();
      await claimerNumber();
      let stopped = false;
      const pause = sleeper();
      const stopListening = localWakeups.listen(groupKey(group), () => pause.wakeOne());

      async function claim(claimId: string, by: number): Promise<ClaimedRow[]> {
        // The attempt counts at the claim, so a message that crashes its consumer every time ends up
        // dead-lettered rather than looping forever.
        const rows = await db<ClaimedRow[]>`
          UPDATE bus_deliveries d
          SET attempts = d.attempts + 1, claim_id = ${claimId}, claimed_by = ${by},
              locked_until = now() + ${`${leaseMs} milliseconds`}::interval
          FROM (
            SELECT position FROM bus_deliveries
            WHERE group_name = ${group} AND status = 'ready' AND available_at <= now()
              AND (locked_until IS NULL OR locked_until < now())
            ORDER BY available_at, position
            LIMIT ${maxBatch}
            FOR UPDATE SKIP LOCKED
          ) AS next, bus_messages m
          WHERE d.group_name = ${group} AND d.position = next.position AND m.position = d.position
          RETURNING d.position, m.topic, m.envelope, d.attempts`;
        return rows.sort((a, b) => a.position - b.position);
      }

      /** Claims and handles one batch; returns how many messages it held. */
      async function handleBatch(): Promise<number> {
        const claimId = randomUUID();
        const claimed = await claim(claimId, await claimerNumber());
        if (claimed.length === 0) return 0;
        metric(labels, 'delivered', claimed.length);
        const incoming: { row: ClaimedRow; message: IncomingMessage }[] = [];
        const failures: { row: ClaimedRow; error: Error }[] = [];
        for (const row of claimed) {
          if (isEnvelope(row.envelope))
            incoming.push({
              row,
              message: { topic: row.topic, envelope: row.envelope as Envelope, attempt: row.attempts },
            });
          else failures.push({ row, error: new PoisonMessageError('not a CloudEvents envelope') });
        }
        const results =
          incoming.length > 0
            ? await handleMessages(
                consumerOptions,
                incoming.map((entry) => entry.message),
              )
            : [];
        const handled: number[] = [];
        results.forEach((error, index) => {
          const { row } = incoming[index]!;
          if (error) failures.push({ row, error });
          else handled.push(row.position);
        });
        // A handled message whose acknowledgement does not reach the database is no failure of the
        // message (counting it as one could dead-letter it): the lease, or the reaper, brings it back and
        // the consumer's inbox absorbs the repeat. So acknowledgements are not retried as failures here.
        if (handled.length > 0) {
          await db`
            DELETE FROM bus_deliveries
            WHERE group_name = ${group} AND claim_id = ${claimId} AND position = ANY(${handled}::bigint[])`;
          metric(labels, 'handled', handled.length);
        }
        for (const { row, error } of failures) {
          const { reason, dead } = failureOf(error, row.attempts, retry);
          metric(labels, dead ? 'deadLettered' : 'retried');
          await db`
            UPDATE bus_deliveries SET last_error = ${reason}, claim_id = NULL, claimed_by = NULL, locked_until = NULL,
              status = ${dead ? 'dead' : 'ready'}, dead_at = ${dead ? new Date() : null},
              available_at = now() + ${`${backoffMs(retry, row.attempts)} milliseconds`}::interval
            WHERE group_name = ${group} AND position = ${row.position} AND claim_id = ${claimId}`;
        }
        return claimed.length;
      }

      async function worker(): Promise<void> {
        let failures = 0;
        while (!stopped) {
          try {
            const handled = await handleBatch();
            failures = 0;
            // A full batch means more may wait: look again, and let a sibling worker help. A smaller one
            // emptied the queue at its claim; whatever was published since has woken this pause already.
            if (handled === maxBatch) {
              pause.wakeOne();
              continue;
            }
          } catch {
            failures++; // the database is unreachable: back off, then try again
          }
          await pause.sleep(failures > 0 ? Math.min(5_000, 100 * 2 ** failures) : pollMs);
        }
      }

      const workers = Array.from({ length: concurrency }, () => worker());
      const consumer = {
        async stop() {
          stopped = true;
          pause.wake();
          consumers.delete(consumer);
          await Promise.all(workers);
          stopListening();
        },
      };
      consumers.add(consumer);
      return consumer;
    },

    async deliverTo(group, messages) {
      if (messages.length === 0) return;
      await db`
        WITH stored AS (
          INSERT INTO bus_messages (message_id, topic, partition_key, envelope)
          SELECT id, topic, key, envelope::jsonb
          FROM unnest(${messages.map((m) => m.envelope.id)}::text[], ${messages.map((m) => m.topic)}::text[],
                      ${messages.map((m) => m.partitionKey ?? null)}::text[],
                      ${messages.map((m) => JSON.stringify(m.envelope))}::text[]) AS m(id, topic, key, envelope)
          ON CONFLICT (message_id) DO NOTHING
          RETURNING position
        ), positions AS (
          SELECT position FROM stored
          UNION
          SELECT position FROM bus_messages WHERE message_id = ANY(${messages.map((m) => m.envelope.id)}::text[])
        )
        INSERT INTO bus_deliveries (group_name, position)
        SELECT ${group}, position FROM positions ORDER BY position
        ON CONFLICT (group_name, position) DO UPDATE
          SET status = 'ready', attempts = 0, available_at = now(), dead_at = NULL, last_error = NULL,
              claim_id = NULL, claimed_by = NULL, locked_until = NULL`;
      wakeGroups([group]);
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
        UPDATE bus_deliveries SET status = 'ready', attempts = 0, available_at = now(), dead_at = NULL,
          claim_id = NULL, claimed_by = NULL, locked_until = NULL
        WHERE group_name = ${group} AND position = ${Number(deadLetterId)} AND status = 'dead'`;
      if (result.count > 0) wakeGroups([group]);
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
      if (reaper) clearInterval(reaper);
      await (await listening?.catch(() => undefined))?.unlisten().catch(() => {});
      // Ending the session releases the claimer's lock: anything still claimed goes to others at once.
      await claimerSession?.end({ timeout: 5 });
    },
  };
}
