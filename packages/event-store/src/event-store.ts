import { randomUUID } from 'node:crypto';
import { afterCommit, channelKey, coalescedNotify, localWakeups, type Pool } from '@bazaar/postgres';
import type postgres from 'postgres';
import { ConcurrencyConflictError, TransactionOrderConflictError } from './errors.js';
import { START } from './position.js';
import type { AppendResult, ExpectedVersion, GlobalPosition, NewEvent, StoredEvent } from './types.js';
import { type Upcasters, upcast } from './upcasting.js';

/** A connection or a transaction: appends can join the caller's transaction (outbox, idempotency keys). */
export type Sql = postgres.Sql | postgres.TransactionSql;

/**
 * The columns every read selects, in the order of EventValues. Rows come back as arrays (no intermediate
 * object per row), and `{}` metadata, which nearly every event has, as NULL: nothing to decode. The
 * transaction id's text gets a name of its own: left as `transaction_id`, it would be what
 * `ORDER BY transaction_id` sorts by (as text, with a sort instead of the index).
 */
const EVENT_COLUMNS = `event_id, stream_id, stream_version, event_type, schema_version, data,
  NULLIF(metadata, '{}'::jsonb) AS metadata, recorded_at, transaction_id::text AS transaction_text, position`;

type EventValues = [
  id: string,
  streamId: string,
  version: number,
  type: string,
  schemaVersion: number,
  data: unknown,
  metadata: Record<string, unknown> | null,
  recordedAt: Date,
  transactionId: string,
  position: number,
];

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
   * Appends to several streams inside the caller's transaction in one round trip, each with its own
   * expected version; throws the first stream's conflict (the caller's transaction then rolls back).
   * Streams are locked in id order, whatever order they are given in.
   */
  appendManyWith(
    sql: Sql,
    appends: readonly { streamId: string; events: readonly NewEvent[]; expectedVersion: ExpectedVersion }[],
  ): Promise<Map<string, AppendResult>>;
  /**
   * Wakes live subscriptions: those of this process directly, other processes by a coalesced NOTIFY.
   * `append` calls it after its commit, `appendWith` once the caller's transaction commits: a NOTIFY inside
   * the transaction would hold PostgreSQL's cluster-wide notify lock through the commit's WAL flush, which
   * serialises every notifying commit on the server.
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

/** es_append's encoding: NULL any version, -1 the stream must exist, n >= 0 exactly n (0: no stream). */
function expectedForSql(expected: ExpectedVersion): number | null {
  if (expected === 'any') return null;
  if (expected === 'no-stream') return 0;
  if (expected === 'stream-exists') return -1;
  return expected;
}

export function createEventStore(db: Pool, options: { upcasters?: Upcasters } = {}): EventStore {
  const upcasters = options.upcasters ?? {};

  const toEvent = ([
    id,
    streamId,
    version,
    type,
    storedSchemaVersion,
    storedData,
    metadata,
    recordedAt,
    transactionId,
    position,
  ]: EventValues): StoredEvent => {
    let data = storedData;
    let schemaVersion = storedSchemaVersion;
    if (upcasters[type]?.[schemaVersion])
      ({ data, schemaVersion } = upcast(upcasters, type, schemaVersion, data));
    return {
      id,
      streamId,
      version,
      type,
      schemaVersion,
      data,
      metadata: metadata ?? {},
      recordedAt,
      globalPosition: { transactionId, position },
    };
  };
  const toEvents = (rows: unknown): StoredEvent[] => (rows as EventValues[]).map(toEvent);

  async function appendWith(
    sql: Sql,
    streamId: string,
    events: readonly NewEvent[],
    { expectedVersion, notify = true }: { expectedVersion: ExpectedVersion; notify?: boolean },
  ): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('append needs at least one event');
    // One round trip (es_append, migration 004): the stream's lock, the version and transaction-order
    // checks, the stream row and the events.
    const [result] = await sql<
      { status: string; version: number; transactionId: string | null; lastPosition: number | null }[]
    >`
      SELECT status, version, transaction_id AS "transactionId", last_position AS "lastPosition"
      FROM es_append(${streamId}, ${expectedForSql(expectedVersion)}::bigint,
                     ${events.map((event) => event.id ?? randomUUID())}::uuid[],
                     ${events.map((event) => event.type)}::text[],
                     ${events.map((event) => event.schemaVersion ?? 1)}::integer[],
                     ${events.map((event) => JSON.stringify(event.data ?? null))}::text[],
                     ${events.map((event) => JSON.stringify(event.metadata ?? {}))}::text[])`;
    if (result?.status === 'version-conflict')
      throw new ConcurrencyConflictError(streamId, expectedVersion, result.version);
    if (result?.status !== 'appended') throw new TransactionOrderConflictError(streamId);
    // Live subscriptions learn of it once it has committed: a NOTIFY inside the transaction would hold
    // PostgreSQL's notify lock through the commit and serialise every appending commit on the server.
    if (notify) afterCommit(sql, notifyAppended);
    return {
      nextExpectedVersion: result.version,
      lastPosition: { transactionId: result.transactionId!, position: result.lastPosition! },
    };
  }

  async function appendManyWith(
    sql: Sql,
    appends: readonly { streamId: string; events: readonly NewEvent[]; expectedVersion: ExpectedVersion }[],
  ): Promise<Map<string, AppendResult>> {
    const sorted = [...appends].sort((a, b) =>
      a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0,
    );
    if (new Set(sorted.map((a) => a.streamId)).size !== sorted.length)
      throw new RangeError('appendManyWith takes each stream once');
    if (sorted.some((a) => a.events.length === 0)) throw new RangeError('append needs at least one event');
    const events = sorted.flatMap((a) => a.events);
    const rows = await sql<
      {
        index: number;
        status: string;
        version: number;
        transactionId: string | null;
        lastPosition: number | null;
      }[]
    >`
      SELECT stream_index AS index, status, version, transaction_id AS "transactionId", last_position AS "lastPosition"
      FROM es_append_many(${sorted.map((a) => a.streamId)}::text[],
                          ${sorted.map((a) => expectedForSql(a.expectedVersion))}::bigint[],
                          ${sorted.map((a) => a.events.length)}::integer[],
                          ${events.map((event) => event.id ?? randomUUID())}::uuid[],
                          ${events.map((event) => event.type)}::text[],
                          ${events.map((event) => event.schemaVersion ?? 1)}::integer[],
                          ${events.map((event) => JSON.stringify(event.data ?? null))}::text[],
                          ${events.map((event) => JSON.stringify(event.metadata ?? {}))}::text[])`;
    const results = new Map<string, AppendResult>();
    for (const row of rows) {
      const append = sorted[row.index - 1]!;
      if (row.status === 'version-conflict')
        throw new ConcurrencyConflictError(append.streamId, append.expectedVersion, row.version);
      if (row.status !== 'appended') throw new TransactionOrderConflictError(append.streamId);
      results.set(append.streamId, {
        nextExpectedVersion: row.version,
        lastPosition: { transactionId: row.transactionId!, position: row.lastPosition! },
      });
    }
    if (results.size > 0) afterCommit(sql, notifyAppended);
    return results;
  }

  // In this process, subscriptions are woken directly; other processes by a NOTIFY, at most one in flight
  // and one per 20 ms however many appends commit meanwhile.
  const wakeupKey = channelKey(db, NOTIFY_CHANNEL);
  const remoteWakeup = coalescedNotify(db, NOTIFY_CHANNEL, { minIntervalMs: 20 });
  function notifyAppended(): void {
    if (!localWakeups.wake(wakeupKey)) remoteWakeup.send();
  }

  return {
    db,
    upcasters,
    appendWith,
    appendManyWith,

    notifyAppended,

    async append(streamId, events, appendOptions) {
      // es_append is one statement, so on the pool it is a transaction of its own: one round trip.
      const result = await appendWith(db, streamId, events, { ...appendOptions, notify: false });
      notifyAppended();
      return result;
    },

    async readStream(streamId, { fromVersion = 1, toVersion, asOf } = {}, sql = db) {
      const rows = await sql`
        SELECT ${sql.unsafe(EVENT_COLUMNS)} FROM es_events
        WHERE stream_id = ${streamId} AND stream_version >= ${fromVersion}
          ${toVersion === undefined ? sql`` : sql`AND stream_version <= ${toVersion}`}
          ${asOf === undefined ? sql`` : sql`AND date_trunc('milliseconds', recorded_at) <= ${asOf}`}
        ORDER BY stream_version`.values();
      return toEvents(rows);
    },

    async streamVersion(streamId) {
      const [row] = await db<
        { version: number }[]
      >`SELECT version FROM es_streams WHERE stream_id = ${streamId}`;
      return row?.version ?? 0;
    },

    async readAll({ after = START, limit }, sql = db) {
      const rows = await sql`
        SELECT ${sql.unsafe(EVENT_COLUMNS)} FROM es_events
        WHERE (transaction_id, position) > (${after.transactionId}::xid8, ${after.position})
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY transaction_id, position
        LIMIT ${limit}`.values();
      return toEvents(rows);
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
