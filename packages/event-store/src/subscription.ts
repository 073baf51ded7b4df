import type postgres from 'postgres';
import type { EventStore, Sql } from './event-store.js';
import { START } from './position.js';
import type { GlobalPosition, StoredEvent } from './types.js';
import type { Wakeup } from './wakeup.js';

export async function loadCheckpoint(sql: Sql, subscriptionId: string): Promise<GlobalPosition> {
  const [row] = await sql<{ transactionId: string; position: number }[]>`
    SELECT transaction_id::text AS "transactionId", position FROM es_checkpoints WHERE subscription_id = ${subscriptionId}`;
  return row ?? START;
}

export async function saveCheckpoint(
  sql: Sql,
  subscriptionId: string,
  position: GlobalPosition,
): Promise<void> {
  await sql`
    INSERT INTO es_checkpoints (subscription_id, transaction_id, position)
    VALUES (${subscriptionId}, ${position.transactionId}::xid8, ${position.position})
    ON CONFLICT (subscription_id) DO UPDATE
      SET transaction_id = EXCLUDED.transaction_id, position = EXCLUDED.position, updated_at = now()`;
}

export interface CatchUpOptions {
  subscriptionId: string;
  /** Handles a batch; its writes commit in the same transaction as the new checkpoint. */
  handle(events: StoredEvent[], tx: postgres.TransactionSql): Promise<void>;
  /** Called each time the subscription has read everything there is; return 'stop' to end it. */
  onCaughtUp?(position: GlobalPosition): Promise<'stop' | undefined> | 'stop' | undefined;
  onError?(error: unknown): void;
  wakeup?: Wakeup;
  batchSize?: number;
  /** Longest wait between reads when idle and no notification arrives. */
  idlePollMs?: number;
}

export interface Subscription {
  readonly subscriptionId: string;
  /** The last position whose effects are committed. */
  position(): GlobalPosition;
  /** Resolves the next time the subscription has handled every committed event (or when it ends). */
  caughtUp(): Promise<GlobalPosition>;
  /** Resolves when the loop has ended (after stop(), or when onCaughtUp said stop). */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * A catch-up subscription: reads the global order from its checkpoint in batches, handles each batch and
 * moves the checkpoint in one transaction (so a crash re-handles at most the batch in flight, and never
 * half of one), then goes live: it waits for an append notification or the poll interval.
 */
export function subscribe(store: EventStore, options: CatchUpOptions): Subscription {
  const batchSize = options.batchSize ?? 500;
  const idlePollMs = options.idlePollMs ?? 500;
  let position = START;
  let stopped = false;
  let caughtUpWaiters: ((position: GlobalPosition) => void)[] = [];
  let interrupt: (() => void) | undefined;
  // Waits for the poll interval, an append notification, or stop(), whichever comes first.
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      // stop() may have come while the loop was reading, when there was no wait to interrupt yet.
      if (stopped) return resolve();
      const timer = setTimeout(finish, ms);
      function finish() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = finish;
      options.wakeup?.wait(ms).then(finish);
    });

  // Committed events after `after` that readAll still holds back because an older transaction is running
  // (in any database of the server: transaction ids are server-wide). Their notification has come and gone.
  async function heldBack(after: GlobalPosition): Promise<boolean> {
    // ORDER BY … LIMIT 1 walks the global-order index from `after`; a bare EXISTS got a generic plan that
    // scanned the whole log when nothing was held back (the usual case), about 2 ms per call and growing.
    const rows = await store.db`
      SELECT 1 FROM es_events
      WHERE (transaction_id, position) > (${after.transactionId}::xid8, ${after.position})
      ORDER BY transaction_id, position LIMIT 1`;
    return rows.length > 0;
  }

  async function loop(): Promise<void> {
    position = await loadCheckpoint(store.db, options.subscriptionId);
    let failures = 0;
    let heldBackPolls = 0;
    // While a full batch is being applied, the next one is already read (on another connection): reading and
    // applying overlap when there is a backlog. It starts from the end of the batch in flight, which is where
    // the next read would start anyway; if that batch fails, the read-ahead is dropped.
    let ahead: Promise<StoredEvent[]> | undefined;
    while (!stopped) {
      const readAhead = ahead !== undefined;
      try {
        const events = await (ahead ?? store.readAll({ after: position, limit: batchSize }));
        ahead = undefined;
        if (events.length > 0) {
          const last = events.at(-1)!.globalPosition;
          if (events.length === batchSize) {
            ahead = store.readAll({ after: last, limit: batchSize });
            ahead.catch(() => {}); // awaited (and its error handled) by the next turn, unless dropped
          }
          try {
            await store.db.begin(async (tx) => {
              await options.handle(events, tx);
              await saveCheckpoint(tx, options.subscriptionId, last);
            });
          } catch (error) {
            ahead = undefined;
            throw error;
          }
          position = last;
          failures = 0;
          if (events.length === batchSize) continue;
        }
        // A read-ahead ran beside this loop's own open transaction, which holds back the transactions that
        // started after it: read once more before concluding anything.
        if (readAhead) continue;
        if (events.length > 0) heldBackPolls = 0;
        // Committed events that an older running transaction still hides: not caught up yet, and no second
        // notification will come for them, so look again soon (backing off) rather than after idlePollMs.
        if (await heldBack(position)) {
          await sleep(Math.min(idlePollMs, 10 * 2 ** Math.min(heldBackPolls++, 10)));
          continue;
        }
        const waiters = caughtUpWaiters;
        caughtUpWaiters = [];
        for (const resolve of waiters) resolve(position);
        if ((await options.onCaughtUp?.(position)) === 'stop') return;
        if (events.length === 0) await sleep(idlePollMs);
      } catch (error) {
        ahead = undefined;
        failures++;
        options.onError?.(error);
        // Exponential backoff with jitter: a database outage must not turn into a busy loop.
        await sleep(Math.min(5_000, 50 * 2 ** failures) * (0.5 + Math.random()));
      }
    }
  }

  const done = loop().finally(() => {
    stopped = true;
    // Whoever waits for this loop to catch up learns it has ended rather than waiting forever.
    for (const resolve of caughtUpWaiters) resolve(position);
    caughtUpWaiters = [];
  });
  return {
    subscriptionId: options.subscriptionId,
    position: () => position,
    caughtUp: () =>
      stopped ? Promise.resolve(position) : new Promise((resolve) => caughtUpWaiters.push(resolve)),
    done,
    async stop() {
      stopped = true;
      interrupt?.();
      await done;
    },
  };
}
