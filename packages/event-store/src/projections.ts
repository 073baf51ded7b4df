import type { Pool } from '@bazaar/postgres';
import { ProblemError } from '@bazaar/problem';
import type postgres from 'postgres';
import type { EventStore } from './event-store.js';
import { formatPosition } from './position.js';
import { loadCheckpoint, type Subscription, subscribe } from './subscription.js';
import type { StoredEvent } from './types.js';
import type { Wakeup } from './wakeup.js';

/** Physical table names of one generation, by logical name. */
export type TableNames = Record<string, string>;

interface ProjectionBase {
  /** Lower-case name; also the advisory-lock and checkpoint key. */
  name: string;
  /** Bump when `create` or the handler change: the next start rebuilds beside the serving tables. */
  version: number;
  /** Logical table names; each becomes a view over the active generation's table. */
  tables: readonly string[];
  create(tx: postgres.TransactionSql, tables: TableNames): Promise<void>;
}

/** A projection that applies one event at a time: simple, and one round trip (or more) per event. */
export interface EventProjection extends ProjectionBase {
  handle(tx: postgres.TransactionSql, event: StoredEvent, tables: TableNames): Promise<void>;
  handleBatch?: never;
}

/**
 * A projection that applies a batch of events at once with set-based SQL (fold the batch per key in
 * JavaScript, then one multi-row statement per kind of write, e.g. `unnest` of one array per column, rows
 * sorted by key so the index is walked in order). `events` are in the global order, at least
 * one, and may hold several events of one key (an order placed and confirmed in the same batch). However the
 * log is cut into batches, the tables must end up exactly as applying the events one at a time would leave
 * them; `projectionSpecification` checks a batch handler both ways.
 */
export interface BatchProjection extends ProjectionBase {
  handleBatch(tx: postgres.TransactionSql, events: readonly StoredEvent[], tables: TableNames): Promise<void>;
  handle?: never;
}

/**
 * A read model kept up to date from the global order. Its tables live per generation
 * (`<table>_g<n>`) behind a view named like the logical table, which is what queries read. It declares
 * exactly one of `handle` (per event) and `handleBatch` (per batch).
 */
export type ProjectionDefinition = EventProjection | BatchProjection;

/** Applies events in order with whichever handler the projection declares, inside `tx`. */
export async function applyEvents(
  projection: ProjectionDefinition,
  tx: postgres.TransactionSql,
  events: readonly StoredEvent[],
  tables: TableNames,
): Promise<void> {
  if (events.length === 0) return;
  if (projection.handleBatch) await projection.handleBatch(tx, events, tables);
  else for (const event of events) await projection.handle(tx, event, tables);
}

/** Most events per transaction for a per-event `handle`: each event costs at least one round trip. */
export const EVENT_BATCH_SIZE = 500;
/**
 * Most events per transaction for `handleBatch`. A batch is one read, a few statements and one commit, and
 * the larger it is, the more events of one key fold into one row write: over the benchmark's million
 * events a rebuild ran at ~52k events/s with 10,000, ~69k with 20,000 and no faster with 50,000
 * (bench/projection-rebuild.bench.ts). Only a backlog fills a batch. While one is applied (about a
 * third of a second at that rate), its open transaction holds back every gap-free reader of the server
 * (see readAll): live subscriptions see new events that much later during a rebuild.
 */
export const SET_BATCH_SIZE = 20_000;

export interface ProjectionStatus {
  name: string;
  version: number;
  activeGeneration: number;
  checkpoint: string;
  lagEvents: number;
  lagSeconds: number;
  rebuild: {
    generation: number;
    version: number;
    checkpoint: string;
    lagEvents: number;
    startedAt: string;
  } | null;
}

interface StateRow {
  activeGeneration: number;
  activeVersion: number;
  buildingGeneration: number | null;
  buildingVersion: number | null;
  rebuildStartedAt: Date | null;
}

const NAME = /^[a-z][a-z0-9_]{0,40}$/;
export const tableNames = (projection: ProjectionDefinition, generation: number): TableNames =>
  Object.fromEntries(projection.tables.map((table) => [table, `${table}_g${generation}`]));
const subscriptionId = (name: string, generation: number) => `projection:${name}:g${generation}`;

const rebuildRunning = (name: string) =>
  new ProblemError(
    'rebuild-in-progress',
    409,
    'Rebuild already running',
    `Projection ${name} is already being rebuilt.`,
  );

export interface ProjectionRunnerOptions {
  wakeup?: Wakeup;
  /** Most events per transaction for projections with `handle` (default EVENT_BATCH_SIZE). */
  batchSize?: number;
  /**
   * Most events per transaction for projections with `handleBatch` (default SET_BATCH_SIZE). Only a backlog
   * (catching up, rebuilding) fills a batch; a live projection applies whatever has arrived at once.
   */
  setBatchSize?: number;
  idlePollMs?: number;
  onError?(projection: string, error: unknown): void;
  /** How often a standby instance retries to become the one that runs a projection. */
  standbyRetryMs?: number;
}

/**
 * Runs projections: each on exactly one instance at a time (a session advisory lock; other instances
 * stand by), with its checkpoint committed in the same transaction as its table writes. A rebuild fills a
 * new generation from position 0 while the current one keeps serving and updating, then switches the
 * views in one transaction and drops the old tables. A process killed mid-rebuild resumes the rebuild
 * from its checkpoint on the next start.
 */
export function createProjectionRunner(
  store: EventStore,
  projections: readonly ProjectionDefinition[],
  options: ProjectionRunnerOptions = {},
) {
  const db: Pool = store.db;
  for (const projection of projections) {
    if (!NAME.test(projection.name) || !projection.tables.every((table) => NAME.test(table))) {
      throw new Error(`projection ${projection.name}: names must be lower-case letters, digits and _`);
    }
    // The types allow only one; a plain JavaScript definition could still carry both or neither.
    if (typeof projection.handle === typeof projection.handleBatch) {
      throw new Error(`projection ${projection.name}: declare exactly one of handle and handleBatch`);
    }
  }
  const byName = new Map(projections.map((projection) => [projection.name, projection]));
  const loops = new Map<string, Subscription>();
  let stopped = false;
  const leaders: { release(): Promise<void> }[] = [];
  const standbys: Promise<void>[] = [];

  async function readState(
    name: string,
    sql: postgres.Sql | postgres.TransactionSql = db,
  ): Promise<StateRow | undefined> {
    const [row] = await sql<StateRow[]>`
      SELECT active_generation AS "activeGeneration", active_version AS "activeVersion",
             building_generation AS "buildingGeneration", building_version AS "buildingVersion",
             rebuild_started_at AS "rebuildStartedAt"
      FROM es_projections WHERE name = ${name}`;
    return row;
  }

  async function createGeneration(
    tx: postgres.TransactionSql,
    projection: ProjectionDefinition,
    generation: number,
  ) {
    const names = tableNames(projection, generation);
    for (const physical of Object.values(names))
      await tx.unsafe(`DROP TABLE IF EXISTS "${physical}" CASCADE`);
    await tx`DELETE FROM es_checkpoints WHERE subscription_id = ${subscriptionId(projection.name, generation)}`;
    await projection.create(tx, names);
  }

  async function pointViewsAt(
    tx: postgres.TransactionSql,
    projection: ProjectionDefinition,
    generation: number,
  ) {
    for (const [logical, physical] of Object.entries(tableNames(projection, generation))) {
      await tx.unsafe(`DROP VIEW IF EXISTS "${logical}"`);
      await tx.unsafe(`CREATE VIEW "${logical}" AS SELECT * FROM "${physical}"`);
    }
  }

  async function dropGeneration(projection: ProjectionDefinition, generation: number) {
    await db.begin(async (tx) => {
      for (const physical of Object.values(tableNames(projection, generation)))
        await tx.unsafe(`DROP TABLE IF EXISTS "${physical}"`);
      await tx`DELETE FROM es_checkpoints WHERE subscription_id = ${subscriptionId(projection.name, generation)}`;
    });
  }

  function runGeneration(projection: ProjectionDefinition, generation: number, building: boolean): void {
    const key = subscriptionId(projection.name, generation);
    if (loops.has(key)) return;
    const names = tableNames(projection, generation);
    let isBuilding = building;
    const loop = subscribe(store, {
      subscriptionId: key,
      wakeup: options.wakeup,
      batchSize: projection.handleBatch
        ? (options.setBatchSize ?? SET_BATCH_SIZE)
        : (options.batchSize ?? EVENT_BATCH_SIZE),
      idlePollMs: options.idlePollMs,
      onError: (error) => options.onError?.(projection.name, error),
      handle: (events, tx) => applyEvents(projection, tx, events, names),
      async onCaughtUp() {
        if (stopped) return 'stop';
        const state = await readState(projection.name);
        if (isBuilding) {
          if (state?.buildingGeneration !== generation) return 'stop';
          const previous = state.activeGeneration;
          await db.begin(async (tx) => {
            await tx`SELECT 1 FROM es_projections WHERE name = ${projection.name} FOR UPDATE`;
            await pointViewsAt(tx, projection, generation);
            await tx`UPDATE es_projections SET active_generation = ${generation}, active_version = ${state.buildingVersion!},
                       building_generation = NULL, building_version = NULL, rebuild_started_at = NULL, updated_at = now()
                     WHERE name = ${projection.name}`;
          });
          isBuilding = false;
          const old = loops.get(subscriptionId(projection.name, previous));
          // The old generation's loop sees it is no longer active and ends; then its tables go.
          void (old ? old.stop() : Promise.resolve()).then(() => dropGeneration(projection, previous));
          return undefined;
        }
        return state?.activeGeneration === generation ? undefined : 'stop';
      },
    });
    loops.set(key, loop);
    void loop.done.finally(() => loops.delete(key));
  }

  async function ensureStarted(projection: ProjectionDefinition): Promise<void> {
    await db.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(hashtext(${`projection-state:${projection.name}`}))`;
      let state = await readState(projection.name, tx);
      if (!state) {
        await createGeneration(tx, projection, 1);
        await pointViewsAt(tx, projection, 1);
        await tx`INSERT INTO es_projections (name, active_generation, active_version) VALUES (${projection.name}, 1, ${projection.version})`;
        state = await readState(projection.name, tx);
      }
      if (
        state &&
        state.activeVersion !== projection.version &&
        state.buildingVersion !== projection.version
      ) {
        const generation = Math.max(state.activeGeneration, state.buildingGeneration ?? 0) + 1;
        await createGeneration(tx, projection, generation);
        await tx`UPDATE es_projections SET building_generation = ${generation}, building_version = ${projection.version},
                   rebuild_started_at = now(), updated_at = now() WHERE name = ${projection.name}`;
      }
    });
    const state = (await readState(projection.name))!;
    runGeneration(projection, state.activeGeneration, false);
    if (state.buildingGeneration !== null) runGeneration(projection, state.buildingGeneration, true);
  }

  /** Becomes the one instance that runs this projection, waiting as a standby while another one does. */
  // One connection holds the advisory locks of every projection this instance leads: a connection per
  // projection would starve a small pool (with as many projections as connections, nothing would run).
  let lockConnection: Promise<postgres.ReservedSql> | undefined;

  async function lead(projection: ProjectionDefinition): Promise<void> {
    const lockKey = `projection:${projection.name}`;
    while (!stopped) {
      lockConnection ??= db.reserve();
      const connection = await lockConnection;
      const [{ acquired } = { acquired: false }] = await connection<{ acquired: boolean }[]>`
        SELECT pg_try_advisory_lock(hashtext(${lockKey})) AS acquired`;
      if (acquired) {
        leaders.push({
          async release() {
            await connection`SELECT pg_advisory_unlock(hashtext(${lockKey}))`.catch(() => {});
          },
        });
        await ensureStarted(projection);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, options.standbyRetryMs ?? 2_000));
    }
  }

  async function status(name: string): Promise<ProjectionStatus> {
    const projection = byName.get(name);
    const state = projection ? await readState(name) : undefined;
    if (!projection || !state)
      throw new ProblemError('not-found', 404, 'Not found', `No projection named ${name}.`);
    const active = await loadCheckpoint(db, subscriptionId(name, state.activeGeneration));
    const [next] = await store.readAll({ after: active, limit: 1 });
    const building =
      state.buildingGeneration === null
        ? undefined
        : await loadCheckpoint(db, subscriptionId(name, state.buildingGeneration));
    return {
      name,
      version: state.activeVersion,
      activeGeneration: state.activeGeneration,
      checkpoint: formatPosition(active),
      lagEvents: await store.countAfter(active),
      lagSeconds: next ? Math.max(0, (Date.now() - next.recordedAt.getTime()) / 1000) : 0,
      rebuild:
        building && state.buildingGeneration !== null
          ? {
              generation: state.buildingGeneration,
              version: state.buildingVersion!,
              checkpoint: formatPosition(building),
              lagEvents: await store.countAfter(building),
              startedAt: state.rebuildStartedAt!.toISOString(),
            }
          : null,
    };
  }

  return {
    /** Starts every projection this instance can lead; the others are retried in the background. */
    async start(): Promise<void> {
      for (const projection of projections) {
        const leading = lead(projection).catch((error) => options.onError?.(projection.name, error));
        standbys.push(leading);
      }
      // Wait briefly so a single instance is serving right after start; standbys keep trying.
      await Promise.race([Promise.all(standbys), new Promise((resolve) => setTimeout(resolve, 1_000))]);
    },

    status,
    statuses: () => Promise.all(projections.map((projection) => status(projection.name))),

    /** Starts filling a new generation from position 0; reads stay on the current one until it catches up. */
    async rebuild(name: string): Promise<ProjectionStatus> {
      const projection = byName.get(name);
      if (!projection) throw new ProblemError('not-found', 404, 'Not found', `No projection named ${name}.`);
      const generation = await db.begin(async (tx) => {
        await tx`SELECT pg_advisory_xact_lock(hashtext(${`projection-state:${name}`}))`;
        const state = await readState(name, tx);
        if (!state)
          throw new ProblemError('not-found', 404, 'Not found', `Projection ${name} has not started.`);
        if (state.buildingGeneration !== null) throw rebuildRunning(name);
        const next = state.activeGeneration + 1;
        await createGeneration(tx, projection, next);
        await tx`UPDATE es_projections SET building_generation = ${next}, building_version = ${projection.version},
                   rebuild_started_at = now(), updated_at = now() WHERE name = ${name}`;
        return next;
      });
      // Only the leading instance runs loops; a standby's request is picked up when it next leads.
      if (leaders.length > 0) runGeneration(projection, generation, true);
      return status(name);
    },

    /** Resolves once every running loop of the projection has read everything there is. */
    async caughtUp(name: string): Promise<void> {
      for (;;) {
        const current = [...loops.values()].filter((loop) =>
          loop.subscriptionId.startsWith(`projection:${name}:`),
        );
        if (current.length > 0) {
          await Promise.all(current.map((loop) => loop.caughtUp()));
          const state = await readState(name);
          if (state?.buildingGeneration === null) return;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    async stop(): Promise<void> {
      stopped = true;
      await Promise.all([...loops.values()].map((loop) => loop.stop()));
      await Promise.all(standbys);
      await Promise.all(leaders.map((leader) => leader.release()));
      leaders.length = 0;
      const connection = lockConnection;
      lockConnection = undefined;
      if (connection) (await connection).release();
    },
  };
}

export type ProjectionRunner = ReturnType<typeof createProjectionRunner>;
