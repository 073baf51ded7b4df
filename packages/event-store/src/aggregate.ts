import { beforeCommit, hasCommitHooks } from '@bazaar/postgres';
import type postgres from 'postgres';
import type { EventStore, Sql } from './event-store.js';
import type { AppendResult, ExpectedVersion, NewEvent } from './types.js';
import { upcast } from './upcasting.js';

/** A domain event as the domain sees it. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/**
 * The decider pattern: pure functions, no I/O. `decide` turns a command and the current state into new
 * events or throws (a ProblemError) when an invariant forbids it; `evolve` folds an event into the state.
 * State must be plain JSON so it can be snapshotted.
 */
export interface Decider<State, Command, Event extends DomainEvent> {
  initialState: State;
  evolve(state: State, event: Event): State;
  decide(command: Command, state: State): Event[];
}

export interface AggregateOptions {
  /** Streams are named `<streamPrefix><id>`, e.g. `order-<uuid>`. */
  streamPrefix: string;
  /** Take a snapshot each time the version crosses a multiple of this; 0 turns snapshots off. */
  snapshotEvery?: number;
  /** Bump when the state's shape changes: older snapshots are ignored and replaced. */
  snapshotSchemaVersion?: number;
}

export interface Loaded<State> {
  state: State;
  /** 0 when the stream does not exist. */
  version: number;
  /** Whether a snapshot was used (for tests and metrics). */
  fromSnapshot: boolean;
}

export function fold<State, Event extends DomainEvent>(
  decider: Decider<State, unknown, Event>,
  state: State,
  events: readonly Event[],
): State {
  return events.reduce((current, event) => decider.evolve(current, event), state);
}

/** Loads aggregates from their streams (using snapshots) and runs commands with optimistic concurrency. */
export function aggregateRepository<State, Command, Event extends DomainEvent>(
  store: EventStore,
  decider: Decider<State, Command, Event>,
  options: AggregateOptions,
) {
  const snapshotEvery = options.snapshotEvery ?? 0;
  const snapshotSchemaVersion = options.snapshotSchemaVersion ?? 1;
  const streamOf = (id: string) => `${options.streamPrefix}${id}`;

  // What a transaction has appended to a stream, while it holds the stream's lock (until it ends): a second
  // command on the same aggregate in the same transaction needs no reload.
  const written = new WeakMap<object, Map<string, { state: State; version: number }>>();

  async function load(
    id: string,
    at: { toVersion?: number; asOf?: Date } = {},
    sql: Sql = store.db,
  ): Promise<Loaded<State>> {
    const streamId = streamOf(id);
    const known =
      at.toVersion === undefined && at.asOf === undefined ? written.get(sql)?.get(streamId) : undefined;
    if (known) return { state: known.state, version: known.version, fromSnapshot: false };
    // A snapshot knows no time, so a load "as of" an instant folds from the beginning.
    const useSnapshot = snapshotEvery > 0 && at.asOf === undefined;
    // The snapshot and the events after it in one round trip.
    const [row] = await sql<
      {
        snapshotVersion: number | null;
        snapshotState: State | null;
        events: { version: number; type: string; schemaVersion: number; data: unknown }[] | null;
      }[]
    >`
      SELECT s.stream_version AS "snapshotVersion", s.state AS "snapshotState", e.events
      FROM (SELECT 1) AS one
      LEFT JOIN es_snapshots s ON ${useSnapshot} AND s.stream_id = ${streamId}
        AND s.schema_version = ${snapshotSchemaVersion}
        ${at.toVersion === undefined ? sql`` : sql`AND s.stream_version <= ${at.toVersion}`}
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('version', stream_version, 'type', event_type,
                          'schemaVersion', schema_version, 'data', data) ORDER BY stream_version) AS events
        FROM es_events
        WHERE stream_id = ${streamId} AND stream_version > coalesce(s.stream_version, 0)
          ${at.toVersion === undefined ? sql`` : sql`AND stream_version <= ${at.toVersion}`}
          ${at.asOf === undefined ? sql`` : sql`AND date_trunc('milliseconds', recorded_at) <= ${at.asOf}`}
      ) AS e ON true`;
    const events = (row?.events ?? []).map(
      (event) =>
        ({
          type: event.type,
          data: upcast(store.upcasters, event.type, event.schemaVersion, event.data).data,
        }) as Event,
    );
    const snapshotVersion = row?.snapshotVersion ?? null;
    const start = snapshotVersion === null ? decider.initialState : (row!.snapshotState as State);
    return {
      state: fold(decider, start, events),
      version: row?.events?.at(-1)?.version ?? snapshotVersion ?? 0,
      fromSnapshot: snapshotVersion !== null,
    };
  }

  /** Current state of many aggregates in one round trip (what this transaction wrote comes from memory). */
  async function loadMany(ids: readonly string[], sql: Sql): Promise<Map<string, Loaded<State>>> {
    const loaded = new Map<string, Loaded<State>>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const known = written.get(sql)?.get(streamOf(id));
      if (known) loaded.set(id, { state: known.state, version: known.version, fromSnapshot: false });
      else missing.push(id);
    }
    if (missing.length === 0) return loaded;
    const rows = await sql<
      {
        streamId: string;
        snapshotVersion: number | null;
        snapshotState: State | null;
        events: { version: number; type: string; schemaVersion: number; data: unknown }[] | null;
      }[]
    >`
      SELECT s.stream_id AS "streamId", snap.stream_version AS "snapshotVersion", snap.state AS "snapshotState",
             e.events
      FROM unnest(${missing.map(streamOf)}::text[]) AS s(stream_id)
      LEFT JOIN es_snapshots snap ON ${snapshotEvery > 0} AND snap.stream_id = s.stream_id
        AND snap.schema_version = ${snapshotSchemaVersion}
      LEFT JOIN LATERAL (
        SELECT json_agg(json_build_object('version', stream_version, 'type', event_type,
                          'schemaVersion', schema_version, 'data', data) ORDER BY stream_version) AS events
        FROM es_events WHERE stream_id = s.stream_id AND stream_version > coalesce(snap.stream_version, 0)
      ) AS e ON true`;
    const prefixLength = options.streamPrefix.length;
    for (const row of rows) {
      const events = (row.events ?? []).map(
        (event) =>
          ({
            type: event.type,
            data: upcast(store.upcasters, event.type, event.schemaVersion, event.data).data,
          }) as Event,
      );
      const start = row.snapshotVersion === null ? decider.initialState : (row.snapshotState as State);
      loaded.set(row.streamId.slice(prefixLength), {
        state: fold(decider, start, events),
        version: row.events?.at(-1)?.version ?? row.snapshotVersion ?? 0,
        fromSnapshot: row.snapshotVersion !== null,
      });
    }
    return loaded;
  }

  /** Snapshots of the streams whose new version crossed a multiple of snapshotEvery, in one statement. */
  async function snapshot(sql: Sql, crossed: readonly { streamId: string; version: number; state: State }[]) {
    if (crossed.length === 0) return;
    // In the same transaction as the events, so a snapshot never describes events that rolled back.
    await sql`
      INSERT INTO es_snapshots (stream_id, stream_version, schema_version, state)
      SELECT stream_id, stream_version, ${snapshotSchemaVersion}, state::jsonb
      FROM unnest(${crossed.map((c) => c.streamId)}::text[], ${crossed.map((c) => c.version)}::bigint[],
                  ${crossed.map((c) => JSON.stringify(c.state))}::text[]) AS c(stream_id, stream_version, state)
      ON CONFLICT (stream_id) DO UPDATE SET stream_version = EXCLUDED.stream_version,
        schema_version = EXCLUDED.schema_version, state = EXCLUDED.state, taken_at = now()`;
  }

  const crossesSnapshot = (from: number, to: number) =>
    snapshotEvery > 0 && Math.floor(to / snapshotEvery) > Math.floor(from / snapshotEvery);

  const remember = (sql: Sql, streamId: string, state: State, version: number) => {
    const streams = written.get(sql) ?? new Map<string, { state: State; version: number }>();
    written.set(sql, streams);
    streams.set(streamId, { state, version });
  };

  // The transaction's unit of work: what its commands decided, appended together just before it commits
  // (one es_append_many for every stream it changed, then the snapshots due), so several commands in one
  // transaction (placing an order and recording the saga's first step; a batch of saga replies) cost one
  // round trip. Each stream is checked against the version its first command loaded.
  const units = new WeakMap<
    object,
    Map<string, { events: Event[]; expectedVersion: ExpectedVersion; loadedVersion: number; state: State }>
  >();

  function enlist(
    sql: postgres.TransactionSql,
    streamId: string,
    change: { events: Event[]; expectedVersion: ExpectedVersion; loadedVersion: number; state: State },
  ): void {
    let unit = units.get(sql);
    if (!unit) {
      const pending = new Map<string, typeof change>();
      unit = pending;
      units.set(sql, pending);
      beforeCommit(sql, async () => {
        units.delete(sql);
        const appended = await store.appendManyWith(
          sql,
          [...pending].map(([id, entry]) => ({
            streamId: id,
            events: entry.events as NewEvent[],
            expectedVersion: entry.expectedVersion,
          })),
        );
        const crossed: { streamId: string; version: number; state: State }[] = [];
        for (const [id, entry] of pending) {
          const version = appended.get(id)!.nextExpectedVersion;
          // `state` folds the loaded state, so it describes the new version only if nobody appended in
          // between (possible with 'any' or 'stream-exists'); otherwise leave the snapshot for later.
          const exact = version - entry.events.length === entry.loadedVersion;
          if (exact && crossesSnapshot(entry.loadedVersion, version))
            crossed.push({ streamId: id, version, state: entry.state });
        }
        await snapshot(sql, crossed);
      });
    }
    const existing = unit.get(streamId);
    if (existing) {
      existing.events.push(...change.events);
      existing.state = change.state;
    } else unit.set(streamId, { ...change, events: [...change.events] });
    // Later loads in this transaction see the pending events: the version in the database plus those.
    const entry = unit.get(streamId)!;
    remember(sql, streamId, entry.state, entry.loadedVersion + entry.events.length);
  }

  return {
    streamOf,
    load,
    loadMany,

    /**
     * Commands for many aggregates in the caller's transaction with a constant number of round trips: one
     * load of them all, the decider for each command in order (commands for the same aggregate see each
     * other's events), one append to all changed streams (each checked against the version loaded), and
     * one statement for the snapshots due. A command the decider refuses throws, and the caller's
     * transaction rolls back.
     */
    async handleMany(
      commands: readonly { id: string; command: Command }[],
      handleOptions: { sql: postgres.TransactionSql },
    ): Promise<{ state: State; events: Event[] }[]> {
      const { sql } = handleOptions;
      const loaded = await loadMany(
        commands.map((entry) => entry.id),
        sql,
      );
      const current = new Map([...loaded].map(([id, value]) => [id, value.state]));
      const pending = new Map<string, Event[]>();
      const results = commands.map(({ id, command }) => {
        const state = current.get(id)!;
        const events = decider.decide(command, state);
        if (events.length === 0) return { state, events };
        const next = fold(decider, state, events);
        current.set(id, next);
        pending.set(id, [...(pending.get(id) ?? []), ...events]);
        return { state: next, events };
      });
      if (pending.size === 0) return results;
      if (hasCommitHooks(sql)) {
        for (const [id, events] of pending) {
          const before = loaded.get(id)!;
          enlist(sql, streamOf(id), {
            events,
            expectedVersion: before.version,
            loadedVersion: before.version,
            state: current.get(id)!,
          });
        }
        return results;
      }
      const appended = await store.appendManyWith(
        sql,
        [...pending].map(([id, events]) => ({
          streamId: streamOf(id),
          events: events as NewEvent[],
          expectedVersion: loaded.get(id)!.version,
        })),
      );
      const crossed: { streamId: string; version: number; state: State }[] = [];
      for (const [id] of pending) {
        const streamId = streamOf(id);
        const version = appended.get(streamId)!.nextExpectedVersion;
        remember(sql, streamId, current.get(id)!, version);
        if (crossesSnapshot(loaded.get(id)!.version, version))
          crossed.push({ streamId, version, state: current.get(id)! });
      }
      await snapshot(sql, crossed);
      return results;
    },

    /**
     * Loads, decides and appends with the loaded version as the expected one: of two concurrent commands
     * on one aggregate exactly one wins and the other gets a ConcurrencyConflictError (409). Pass `sql` to
     * commit the events with other writes of the caller's transaction.
     */
    async handle(
      id: string,
      command: Command,
      handleOptions: { expectedVersion?: ExpectedVersion; sql?: postgres.TransactionSql } = {},
    ): Promise<{ state: State; version: number; events: Event[]; append: AppendResult | undefined }> {
      // Inside the caller's transaction, on its connection: holding one pooled connection while waiting for
      // another is how a small pool deadlocks under load.
      // A stream that must not exist yet needs no read: if it does exist, the append refuses it.
      const fresh =
        (handleOptions.expectedVersion === 'no-stream' || handleOptions.expectedVersion === 0) &&
        !(handleOptions.sql && written.get(handleOptions.sql)?.has(streamOf(id)));
      const loaded = fresh
        ? { state: decider.initialState, version: 0, fromSnapshot: false }
        : await load(id, {}, handleOptions.sql ?? store.db);
      const events = decider.decide(command, loaded.state);
      if (events.length === 0)
        return { state: loaded.state, version: loaded.version, events, append: undefined };
      const state = fold(decider, loaded.state, events);
      const streamId = streamOf(id);
      if (handleOptions.sql && hasCommitHooks(handleOptions.sql)) {
        enlist(handleOptions.sql, streamId, {
          events,
          expectedVersion: handleOptions.expectedVersion ?? loaded.version,
          loadedVersion: loaded.version,
          state,
        });
        const version = loaded.version + events.length;
        return { state, version, events, append: undefined };
      }
      const write = async (sql: Sql) => {
        const append = await store.appendWith(sql, streamId, events as NewEvent[], {
          expectedVersion: handleOptions.expectedVersion ?? loaded.version,
          // In the caller's transaction only the transaction can notify at commit; in our own, we do after it.
          notify: handleOptions.sql !== undefined,
        });
        // `state` folds the loaded state, so it describes the new version only if nobody appended in between
        // (possible with expectedVersion 'any' or 'stream-exists'); otherwise leave the snapshot for later.
        const crossed =
          append.nextExpectedVersion - events.length === loaded.version &&
          crossesSnapshot(loaded.version, append.nextExpectedVersion);
        if (crossed) await snapshot(sql, [{ streamId, version: append.nextExpectedVersion, state }]);
        return append;
      };
      const append = handleOptions.sql ? await write(handleOptions.sql) : await store.db.begin(write);
      if (handleOptions.sql) remember(handleOptions.sql, streamId, state, append.nextExpectedVersion);
      if (!handleOptions.sql) store.notifyAppended();
      return { state, version: append.nextExpectedVersion, events, append };
    },
  };
}

export type AggregateRepository<State, Command, Event extends DomainEvent> = ReturnType<
  typeof aggregateRepository<State, Command, Event>
>;
