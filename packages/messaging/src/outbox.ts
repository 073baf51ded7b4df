import {
  afterCommit,
  beforeCommit,
  channelKey,
  coalescedNotify,
  localWakeups,
  type Pool,
  poolOf,
} from '@bazaar/postgres';
import {
  context,
  contextFromTraceparent,
  currentTracer,
  recordFailure,
  type Span,
  SpanKind,
} from '@bazaar/tracing';
import postgres from 'postgres';
import { sleeper } from './sleeper.js';
import type { OutgoingMessage, Transport } from './transport.js';

const CHANNEL = 'outbox';
const RELAY_LOCK = 'messaging:outbox-relay';

type Sql = postgres.Sql | postgres.TransactionSql;

async function insertMessages(sql: Sql, messages: readonly OutgoingMessage[]): Promise<void> {
  // One statement for any number of messages, and always the same one (a single prepared statement).
  await sql`
    INSERT INTO outbox (message_id, topic, partition_key, envelope)
    SELECT id, topic, key, envelope::jsonb
    FROM unnest(${messages.map((m) => m.envelope.id)}::text[], ${messages.map((m) => m.topic)}::text[],
                ${messages.map((m) => m.partitionKey ?? null)}::text[],
                ${messages.map((m) => JSON.stringify(m.envelope))}::text[]) AS m(id, topic, key, envelope)`;
}

const collected = new WeakMap<object, OutgoingMessage[]>();
const notifiers = new WeakMap<postgres.Sql, ReturnType<typeof coalescedNotify>>();

/** Wakes the relay of this database: in this process when it leads here, else by NOTIFY. */
function wakeRelay(pool: postgres.Sql): void {
  if (localWakeups.wake(channelKey(pool, CHANNEL))) return;
  const notifier = notifiers.get(pool) ?? coalescedNotify(pool, CHANNEL);
  notifiers.set(pool, notifier);
  notifier.send();
}

/**
 * Writes messages to the outbox inside the caller's transaction: they exist exactly if the change does.
 * Messages of one transaction are collected and written in one statement just before it commits; the
 * relay is woken once it has committed (never by a NOTIFY inside the transaction, which would hold
 * PostgreSQL's notify lock through the commit and serialise every publishing transaction on the server).
 */
export async function enqueue(
  tx: postgres.TransactionSql,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  if (messages.length === 0) return;
  const pool = poolOf(tx);
  if (!pool) {
    // Not a transaction of createPool's: written at once; the relay's poll finds it.
    await insertMessages(tx, messages);
    return;
  }
  let pending = collected.get(tx);
  if (!pending) {
    const batch: OutgoingMessage[] = [];
    pending = batch;
    collected.set(tx, batch);
    beforeCommit(tx, async () => {
      collected.delete(tx);
      await insertMessages(tx, batch);
    });
    afterCommit(tx, () => wakeRelay(pool));
  }
  pending.push(...messages);
}

/**
 * A producer span per relayed message, in the trace of the message's `traceparent` (a child of the span
 * that wrote it to the outbox): a batch carries messages of many traces, and each trace shows its own hop.
 * They start when the batch is handed to the transport and end when it confirmed.
 */
function publishSpans(rows: readonly { topic: string; envelope: OutgoingMessage['envelope'] }[]): Span[] {
  const base = context.active();
  const tracer = currentTracer(base);
  return rows.map((row) =>
    tracer.startSpan(
      `publish ${row.topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.operation.type': 'send',
          'messaging.destination.name': row.topic,
          'messaging.message.id': row.envelope.id,
          'cloudevents.event_type': row.envelope.type,
        },
      },
      contextFromTraceparent(row.envelope.traceparent, base),
    ),
  );
}

export interface OutboxRelay {
  /** Resolves once everything enqueued before the call has been published (tests, shutdown). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Publishes the outbox in id order. One relay per database runs at a time (a session advisory lock; other
 * instances stand by), so two instances never publish the same rows concurrently and order is kept. A
 * crash after publishing but before marking republishes those rows: transports drop duplicates by message
 * id and consumers' inboxes catch the rest.
 */
export async function startOutboxRelay(
  db: Pool,
  transport: Transport,
  options: { batchSize?: number; pollMs?: number; onError?: (error: unknown) => void } = {},
): Promise<OutboxRelay> {
  const batchSize = options.batchSize ?? 500;
  const pollMs = options.pollMs ?? 500;
  let stopped = false;
  let drainedWaiters: (() => void)[] = [];
  const pause = sleeper();
  const sleep = (ms: number) => pause.sleep(ms);
  const wake = () => pause.wake();
  const listener = await db.listen(CHANNEL, () => wake());
  // The lock lasts as long as the session that took it, so it gets a session of its own whose end is
  // reported: after a server restart or a network cut the relay stands down until it holds the lock again,
  // instead of publishing on alongside the instance that took over. (A reserved pool connection tells
  // nothing: postgres.js hands a dead one back to the pool, which reconnects it for other queries while the
  // reservation still points at it.)
  let leading = false;
  const lockSession = postgres({
    ...db.options,
    max: 1,
    idle_timeout: null,
    max_lifetime: null,
    fetch_types: false,
    // The loop below paces its own retries. The driver's reconnect delay grows with the failures of the
    // whole pool, to 20 s, and would keep the relay idle that long after the server is back.
    backoff: () => 0,
    onclose: () => setLeading(false),
  } as unknown as postgres.Options<Record<string, never>>);

  // While this instance leads, publishers in its process wake it directly (see wakeRelay).
  let stopListeningLocally: (() => void) | undefined;
  const setLeading = (value: boolean) => {
    leading = value;
    if (value && !stopListeningLocally)
      stopListeningLocally = localWakeups.listen(channelKey(db, CHANNEL), () => wake());
    if (!value) {
      stopListeningLocally?.();
      stopListeningLocally = undefined;
    }
  };

  // Several batches may be on their way at once: the next is read and handed over while the transport
  // confirms the last (publisher confirms, a commit), so the relay is not idle for a round trip per batch.
  // Rows on their way are left out of the next read by id — not by "after the last id read": outbox ids are
  // taken at insert, and a transaction holding a smaller one may commit later. A failure waits for the
  // others, then reads everything not marked published again.
  const MAX_IN_FLIGHT = 4;
  let inFlight: Promise<void>[] = [];
  const onTheirWay = new Set<number>();

  async function settleInFlight(): Promise<void> {
    const results = await Promise.allSettled(inFlight);
    inFlight = [];
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  async function publishBatch(): Promise<number> {
    const rows = await db<
      { id: number; topic: string; partitionKey: string | null; envelope: OutgoingMessage['envelope'] }[]
    >`
      SELECT id, topic, partition_key AS "partitionKey", envelope FROM outbox
      WHERE published_at IS NULL AND NOT (id = ANY(${[...onTheirWay]}::bigint[]))
      ORDER BY id LIMIT ${batchSize}`;
    if (rows.length === 0) {
      await settleInFlight();
      return 0;
    }
    const ids = rows.map((row) => row.id);
    for (const id of ids) onTheirWay.add(id);
    const spans = publishSpans(rows);
    const publishing = transport
      .publish(
        rows.map((row) => ({
          topic: row.topic,
          envelope: row.envelope,
          ...(row.partitionKey ? { partitionKey: row.partitionKey } : {}),
        })),
      )
      .then(async () => {
        for (const span of spans) span.end();
        await db`UPDATE outbox SET published_at = now() WHERE id = ANY(${ids}::bigint[])`;
      })
      .catch((error: unknown) => {
        for (const span of spans) {
          recordFailure(span, error);
          span.end();
        }
        throw error;
      })
      .finally(() => {
        for (const id of ids) onTheirWay.delete(id);
      });
    publishing.catch(() => {}); // observed later (settleInFlight); not an unhandled rejection meanwhile
    inFlight.push(publishing);
    if (inFlight.length >= MAX_IN_FLIGHT) {
      const oldest = inFlight.shift()!;
      await oldest.catch(async (error: unknown) => {
        inFlight.unshift(Promise.reject(error));
        await settleInFlight();
      });
    }
    return rows.length;
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        if (!leading) {
          await settleInFlight().catch(() => {});
          const [row] = await lockSession<
            { acquired: boolean }[]
          >`SELECT pg_try_advisory_lock(hashtext(${RELAY_LOCK})) AS acquired`;
          setLeading(row!.acquired);
          if (!leading) {
            await sleep(pollMs * 2);
            continue;
          }
        }
        const published = await publishBatch();
        failures = 0;
        if (published === batchSize) continue;
        if (published === 0) {
          const waiters = drainedWaiters;
          drainedWaiters = [];
          for (const resolve of waiters) resolve();
          await sleep(pollMs);
        }
      } catch (error) {
        failures++;
        options.onError?.(error);
        await sleep(Math.min(10_000, 100 * 2 ** failures) * (0.5 + Math.random()));
      }
    }
    await settleInFlight().catch(() => {});
  })();

  return {
    drained: () =>
      new Promise((resolve) => {
        drainedWaiters.push(resolve);
        wake();
      }),
    async stop() {
      stopped = true;
      wake();
      await loop;
      setLeading(false);
      for (const resolve of drainedWaiters) resolve();
      await lockSession.end({ timeout: 5 }); // ending the session releases the lock
      await listener.unlisten().catch(() => {});
    },
  };
}

/**
 * Replay: re-delivers what this service published to one consumer group, from an outbox id or an instant,
 * optionally one topic only. The outbox keeps published messages, so this works on any transport.
 * Returns how many messages were delivered.
 */
export async function replayFromOutbox(
  db: Pool,
  transport: Transport,
  options: { group: string; topic?: string; fromId?: number; since?: Date; batchSize?: number },
): Promise<number> {
  const batchSize = options.batchSize ?? 500;
  let after = (options.fromId ?? 1) - 1;
  let delivered = 0;
  for (;;) {
    const rows = await db<
      { id: number; topic: string; partitionKey: string | null; envelope: OutgoingMessage['envelope'] }[]
    >`
      SELECT id, topic, partition_key AS "partitionKey", envelope FROM outbox
      WHERE published_at IS NOT NULL AND id > ${after}
        ${options.topic === undefined ? db`` : db`AND topic = ${options.topic}`}
        ${options.since === undefined ? db`` : db`AND created_at >= ${options.since}`}
      ORDER BY id LIMIT ${batchSize}`;
    if (rows.length === 0) return delivered;
    await transport.deliverTo(
      options.group,
      rows.map((row) => ({
        topic: row.topic,
        envelope: row.envelope,
        ...(row.partitionKey ? { partitionKey: row.partitionKey } : {}),
      })),
    );
    delivered += rows.length;
    after = rows.at(-1)!.id;
  }
}
