import { randomUUID } from 'node:crypto';
import type { Pool } from '@bazaar/postgres';
import type postgres from 'postgres';
import { ConcurrencyConflictError, TransactionOrderConflictError } from './errors.js';
import { START } from './position.js';
import type { AppendResult, ExpectedVersion, GlobalPosition, NewEvent, StoredEvent } from './types.js';
import { type Upcasters, upcast } from './upcasting.js';

/** A connection or a transaction: appends can join the caller's transaction (outbox, idempotency keys). */
export type Sql = postgres.Sql | postgres.TransactionSql;

interface EventRow {
  id: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recordedAt: Date;
  transactionId: string;
  position: number;
}

const EVENT_COLUMNS = `event_id AS id, stream_id AS "streamId", stream_version AS version, event_type AS type,
  schema_version AS "schemaVersion", data, metadata, recorded_at AS "recordedAt",
  transaction_id::text AS "transactionId", position`;

export interface ReadStreamOptions {
  fromVersion?: number;
  toVersion?: number;
  /** Only events recorded at or before this instant (to the millisecond, as JS dates go): the stream as it was then. */
  asOf?: Date;
}

export interface EventStore {
  readonly db: Pool;
  append(
    streamId: string,
    events: readonly NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult>;
  /** The same, inside the caller's transaction: the events commit or roll back with the caller's other writes. */
  appendWith(
    sql: Sql,
    streamId: string,
    events: readonly NewEvent[],
    /** `notify` (default true) wakes live subscriptions at commit; see notifyAppended. */
    options: { expectedVersion: ExpectedVersion; notify?: boolean },
  ): Promise<AppendResult>;
  /**
   * Wakes live subscriptions in every process (NOTIFY). `append` calls it after its commit: a NOTIFY inside
   * the transaction holds PostgreSQL's cluster-wide notify lock through the commit's WAL flush, which
   * serialises every notifying commit on the server. Concurrent calls coalesce into one.
   */
  notifyAppended(): void;
  /** Pass `sql` to read inside a transaction (and on its connection). */
  readStream(streamId: string, options?: ReadStreamOptions, sql?: Sql): Promise<StoredEvent[]>;
  /** Current version of a stream; 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /**
   * Events after `after` in the global order, oldest first. Only transactions older than every running one
   * are read, so a later call never returns an event that belongs before one already returned.
   */
  readAll(options: { after?: GlobalPosition; limit: number }, sql?: Sql): Promise<StoredEvent[]>;
  /** The newest position a reader can see now. */
  head(sql?: Sql): Promise<GlobalPosition>;
  /** How many readable events lie after `after`. */
  countAfter(after: GlobalPosition, sql?: Sql): Promise<number>;
  readonly upcasters: Upcasters;
}

export const NOTIFY_CHANNEL = 'es_events';

function matches(expected: ExpectedVersion, previous: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return previous === 0;
  if (expected === 'stream-exists') return previous > 0;
  return previous === expected;
}

export function createEventStore(db: Pool, options: { upcasters?: Upcasters } = {}): EventStore {
  const upcasters = options.upcasters ?? {};

  const toEvent = (row: EventRow): StoredEvent => {
    const current = upcast(upcasters, row.type, row.schemaVersion, row.data);
    return {
      id: row.id,
      streamId: row.streamId,
      version: row.version,
      type: row.type,
      schemaVersion: current.schemaVersion,
      data: current.data,
      metadata: row.metadata,
      recordedAt: row.recordedAt,
      globalPosition: { transactionId: row.transactionId, position: row.position },
    };
  };

  async function appendWith(
    sql: Sql,
    streamId: string,
    events: readonly NewEvent[],
    { expectedVersion, notify = true }: { expectedVersion: ExpectedVersion; notify?: boolean },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    // Reserves the versions and takes the stream's row lock in one statement: concurrent writers of the
    // same stream queue here; a rollback gives the versions back.
    // Writers of one stream queue on a lock that does not give them a transaction id, so one that has
    // not written yet gets its id only after the previous writer committed: ids then rise with versions.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${streamId}, 0))`;
    // A transaction that wrote something else before (its id is older) may still come after a newer
    // writer: then the update is skipped (no row returned), see TransactionOrderConflictError.
    const [stream] = await sql<{ version: number }[]>`
      INSERT INTO es_streams (stream_id, version, last_transaction_id)
      VALUES (${streamId}, ${events.length}, pg_current_xact_id())
      ON CONFLICT (stream_id) DO UPDATE
        SET version = es_streams.version + ${events.length}, updated_at = now(),
            last_transaction_id = pg_current_xact_id()
        WHERE es_streams.last_transaction_id IS NULL OR es_streams.last_transaction_id <= pg_current_xact_id()
      RETURNING version`;
    if (!stream) throw new TransactionOrderConflictError(streamId);
    const previous = stream!.version - events.length;
    if (!matches(expectedVersion, previous))
      throw new ConcurrencyConflictError(streamId, expectedVersion, previous);
    const rows = events.map((event, index) => ({
      stream_id: streamId,
      stream_version: previous + index + 1,
      event_id: event.id ?? randomUUID(),
      event_type: event.type,
      schema_version: event.schemaVersion ?? 1,
      data: sql.json(event.data as postgres.JSONValue),
      metadata: sql.json((event.metadata ?? {}) as postgres.JSONValue),
    }));
    const inserted = await sql<{ transactionId: string; position: number }[]>`
      INSERT INTO es_events ${sql(rows)}
      RETURNING transaction_id::text AS "transactionId", position`;
    if (notify) await sql`SELECT pg_notify(${NOTIFY_CHANNEL}, '')`;
    const last = inserted.reduce((a, b) => (b.position > a.position ? b : a));
    return { nextExpectedVersion: stream!.version, lastPosition: last };
  }

  // At most one NOTIFY in flight; appends meanwhile ask for exactly one more after it.
  let notifying = false;
  let notifyAgain = false;
  function notifyAppended(): void {
    if (notifying) {
      notifyAgain = true;
      return;
    }
    notifying = true;
    db`SELECT pg_notify(${NOTIFY_CHANNEL}, '')`
      .catch(() => {}) // subscriptions poll as well; a lost wake-up only costs latency
      .finally(() => {
        notifying = false;
        if (notifyAgain) {
          notifyAgain = false;
          notifyAppended();
        }
      });
  }

  return {
    db,
    upcasters,
    appendWith,

    notifyAppended,

    async append(streamId, events, appendOptions) {
      const result = await db.begin((tx) =>
        appendWith(tx, streamId, events, { ...appendOptions, notify: false }),
      );
      notifyAppended();
      return result;
    },

    async readStream(streamId, { fromVersion = 1, toVersion, asOf } = {}, sql = db) {
      const rows = await sql<EventRow[]>`
        SELECT ${sql.unsafe(EVENT_COLUMNS)} FROM es_events
        WHERE stream_id = ${streamId} AND stream_version >= ${fromVersion}
          ${toVersion === undefined ? sql`` : sql`AND stream_version <= ${toVersion}`}
          ${asOf === undefined ? sql`` : sql`AND date_trunc('milliseconds', recorded_at) <= ${asOf}`}
        ORDER BY stream_version`;
      return rows.map(toEvent);
    },

    async streamVersion(streamId) {
      const [row] = await db<
        { version: number }[]
      >`SELECT version FROM es_streams WHERE stream_id = ${streamId}`;
      return row?.version ?? 0;
    },

    async readAll({ after = START, limit }, sql = db) {
      const rows = await sql<EventRow[]>`
        SELECT ${sql.unsafe(EVENT_COLUMNS)} FROM es_events
        WHERE (transaction_id, position) > (${after.transactionId}::xid8, ${after.position})
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, position
        LIMIT ${limit}`;
      return rows.map(toEvent);
    },

    async head(sql = db) {
      const [row] = await sql<{ transactionId: string; position: number }[]>`
        SELECT transaction_id::text AS "transactionId", position FROM es_events
        WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id DESC, position DESC LIMIT 1`;
      return row ?? START;
    },

    async countAfter(after, sql = db) {
      const [row] = await sql<{ count: number }[]>`
        SELECT count(*)::int AS count FROM es_events
        WHERE (transaction_id, position) > (${after.transactionId}::xid8, ${after.position})
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())`;
      return row!.count;
    },
  };
}
