import type postgres from 'postgres';
import type { EventStore, Sql } from './event-store.js';
import type { AppendResult, ExpectedVersion, NewEvent } from './types.js';

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
  const asDomain = (event: { type: string; data: unknown }) =>
    ({ type: event.type, data: event.data }) as Event;

  async function readSnapshot(sql: Sql, streamId: string, maxVersion?: number) {
    if (snapshotEvery <= 0) return undefined;
    const [row] = await sql<{ version: number; state: State }[]>`
      SELECT stream_version AS version, state FROM es_snapshots
      WHERE stream_id = ${streamId} AND schema_version = ${snapshotSchemaVersion}
        ${maxVersion === undefined ? sql`` : sql`AND stream_version <= ${maxVersion}`}`;
    return row;
  }

  async function load(
    id: string,
    at: { toVersion?: number; asOf?: Date } = {},
    sql: Sql = store.db,
  ): Promise<Loaded<State>> {
    const streamId = streamOf(id);
    // A snapshot knows no time, so a load "as of" an instant folds from the beginning.
    const snapshot = at.asOf ? undefined : await readSnapshot(sql, streamId, at.toVersion);
    const events = await store.readStream(
      streamId,
      { fromVersion: (snapshot?.version ?? 0) + 1, toVersion: at.toVersion, asOf: at.asOf },
      sql,
    );
    const start = snapshot ? snapshot.state : decider.initialState;
    return {
      state: fold(decider, start, events.map(asDomain)),
      version: events.at(-1)?.version ?? snapshot?.version ?? 0,
      fromSnapshot: snapshot !== undefined,
    };
  }

  return {
    streamOf,
    load,

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
      const loaded = await load(id, {}, handleOptions.sql ?? store.db);
      const events = decider.decide(command, loaded.state);
      if (events.length === 0)
        return { state: loaded.state, version: loaded.version, events, append: undefined };
      const state = fold(decider, loaded.state, events);
      const streamId = streamOf(id);
      const write = async (sql: Sql) => {
        const append = await store.appendWith(sql, streamId, events as NewEvent[], {
          expectedVersion: handleOptions.expectedVersion ?? loaded.version,
          // In the caller's transaction only the transaction can notify at commit; in our own, we do after it.
          notify: handleOptions.sql !== undefined,
        });
        // `state` folds the loaded state, so it describes the new version only if nobody appended in between
        // (possible with expectedVersion 'any' or 'stream-exists'); otherwise leave the snapshot for later.
        const crossed =
          snapshotEvery > 0 &&
          append.nextExpectedVersion - events.length === loaded.version &&
          Math.floor(append.nextExpectedVersion / snapshotEvery) > Math.floor(loaded.version / snapshotEvery);
        // In the same transaction as the events, so a snapshot never describes events that rolled back.
        if (crossed) {
          await sql`
            INSERT INTO es_snapshots (stream_id, stream_version, schema_version, state)
            VALUES (${streamId}, ${append.nextExpectedVersion}, ${snapshotSchemaVersion}, ${sql.json(state as postgres.JSONValue)})
            ON CONFLICT (stream_id) DO UPDATE SET stream_version = EXCLUDED.stream_version,
              schema_version = EXCLUDED.schema_version, state = EXCLUDED.state, taken_at = now()`;
        }
        return append;
      };
      const append = handleOptions.sql ? await write(handleOptions.sql) : await store.db.begin(write);
      if (!handleOptions.sql) store.notifyAppended();
      return { state, version: append.nextExpectedVersion, events, append };
    },
  };
}

export type AggregateRepository<State, Command, Event extends DomainEvent> = ReturnType<
  typeof aggregateRepository<State, Command, Event>
>;
