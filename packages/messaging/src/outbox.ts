import type { Pool } from '@bazaar/postgres';
import postgres from 'postgres';
import type { OutgoingMessage, Transport } from './transport.js';

const CHANNEL = 'outbox';
const RELAY_LOCK = 'messaging:outbox-relay';

/** Writes messages to the outbox inside the caller's transaction: they exist exactly if the change does. */
export async function enqueue(
  tx: postgres.TransactionSql,
  messages: readonly OutgoingMessage[],
): Promise<void> {
  for (const message of messages) {
    await tx`
      INSERT INTO outbox (message_id, topic, partition_key, envelope)
      VALUES (${message.envelope.id}, ${message.topic}, ${message.partitionKey ?? null},
              ${tx.json(message.envelope as postgres.JSONValue)})`;
  }
  await tx`SELECT pg_notify(${CHANNEL}, '')`;
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
  const batchSize = options.batchSize ?? 100;
  const pollMs = options.pollMs ?? 500;
  let stopped = false;
  let wake: (() => void) | undefined;
  let drainedWaiters: (() => void)[] = [];
  const listener = await db.listen(CHANNEL, () => wake?.());
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
    onclose: () => {
      leading = false;
    },
  } as unknown as postgres.Options<Record<string, never>>);

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function publishBatch(): Promise<number> {
    const rows = await db<
      { id: number; topic: string; partitionKey: string | null; envelope: OutgoingMessage['envelope'] }[]
    >`
      SELECT id, topic, partition_key AS "partitionKey", envelope FROM outbox
      WHERE published_at IS NULL ORDER BY id LIMIT ${batchSize}`;
    if (rows.length === 0) return 0;
    await transport.publish(
      rows.map((row) => ({
        topic: row.topic,
        envelope: row.envelope,
        ...(row.partitionKey ? { partitionKey: row.partitionKey } : {}),
      })),
    );
    await db`UPDATE outbox SET published_at = now() WHERE id IN ${db(rows.map((row) => row.id))}`;
    return rows.length;
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopped) {
      try {
        if (!leading) {
          const [row] = await lockSession<
            { acquired: boolean }[]
          >`SELECT pg_try_advisory_lock(hashtext(${RELAY_LOCK})) AS acquired`;
          leading = row!.acquired;
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
  })();

  return {
    drained: () =>
      new Promise((resolve) => {
        drainedWaiters.push(resolve);
        wake?.();
      }),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
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
