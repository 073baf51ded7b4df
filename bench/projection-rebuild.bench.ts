/**
 * Projection build and rebuild speed over a log of N order events (BENCH_REBUILD_EVENTS, default 1,000,000),
 * beside a baseline measured in the same run on a fresh database: the same per-event upserts driven
 * straight from a plain keyset scan on es_events, one transaction per batch of 500, with no runner (no
 * readAll, no checkpoint, no leader lock). The ratio is the runner's overhead.
 *
 * The log: orders `order-<uuid>`, each OrderPlaced, then 2 or 3 OrderStepRecorded, then OrderConfirmed
 * (4.5 events per order on average, so ~222k orders per million events), interleaved in the global order
 * the way concurrent orders are. The projection upserts one order-summary row per event.
 *
 * For each runner batch size (BENCH_RUNNER_BATCHES, default "500"; "500,2000" compares) a fresh projection is started
 * (initial build of generation 1 from position 0, until `caughtUp`), then `rebuild` fills generation 2
 * beside it until `caughtUp` resolves, which is after the views switched.
 */
import {
  createEventStore,
  createProjectionRunner,
  installEventStore,
  type ProjectionDefinition,
  type ProjectionRunner,
} from '@bazaar/event-store';
import type { Pool } from '@bazaar/postgres';
import type postgres from 'postgres';
import { withBenchDatabase } from './src/storage.js';
import { machine, printTable } from './src/table.js';

const EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
const RUNNER_BATCHES = (process.env.BENCH_RUNNER_BATCHES ?? '500').split(',').map(Number);
const BASELINE_BATCH = 500;
/** Orders placed per seeding transaction; each transaction holds ~4.5 times as many events. */
const ORDERS_PER_SEED_TRANSACTION = 50_000;
/** An order's next event comes this many orders later in the global order: orders interleave. */
const SPREAD = 1_000;

/**
 * Seeds orders 1..orders in bulk. Event j (1-based) of order i sits at key i + (j - 1) × SPREAD; each
 * transaction inserts one key range in key order, so (transaction_id, position) follows the key.
 */
async function seed(db: Pool, orders: number): Promise<void> {
  const maxKey = orders + 4 * SPREAD;
  for (let from = 1; from <= maxKey; from += ORDERS_PER_SEED_TRANSACTION) {
    const to = from + ORDERS_PER_SEED_TRANSACTION; // exclusive
    await db.begin(async (tx) => {
      await tx`
        INSERT INTO es_events (stream_id, stream_version, event_id, event_type, data)
        SELECT 'order-' || md5('order' || i)::uuid, j, gen_random_uuid(),
               CASE WHEN j = 1 THEN 'OrderPlaced' WHEN j = events THEN 'OrderConfirmed' ELSE 'OrderStepRecorded' END,
               jsonb_build_object(
                 'userId', 'user-' || (i * 7919 % 50000),
                 'total', 500 + (i * 37 % 100000),
                 'status', CASE WHEN j = 1 THEN 'placed' WHEN j = events THEN 'confirmed'
                                ELSE (ARRAY['paid', 'packed', 'shipped'])[j - 1] END)
        FROM generate_series(greatest(1, ${from} - 4 * ${SPREAD}), least(${orders}, ${to} - 1)) AS i,
             LATERAL (SELECT 4 + i % 2 AS events) AS shape,
             LATERAL generate_series(1, shape.events) AS j
        WHERE i + (j - 1) * ${SPREAD} >= ${from} AND i + (j - 1) * ${SPREAD} < ${to}
        ORDER BY i + (j - 1) * ${SPREAD}`;
    });
  }
  await db`
    INSERT INTO es_streams (stream_id, version)
    SELECT 'order-' || md5('order' || i)::uuid, 4 + i % 2 FROM generate_series(1, ${orders}) AS i`;
  await db`VACUUM ANALYZE es_events`;
  await db`VACUUM ANALYZE es_streams`;
}

interface OrderEvent {
  streamId: string;
  type: string;
  data: { userId: string; total: number; status: string };
  recordedAt: Date;
}

const createSummaryTable = (sql: postgres.Sql | postgres.TransactionSql, table: string) => sql`
  CREATE TABLE ${sql(table)} (
    order_id    uuid PRIMARY KEY,
    user_id     text NOT NULL,
    status      text NOT NULL,
    total       bigint NOT NULL,
    event_count integer NOT NULL,
    updated_at  timestamptz NOT NULL
  )`;

/** The per-event write both the projection and the baseline make. */
const upsertSummary = (tx: postgres.TransactionSql, table: string, event: OrderEvent) => tx`
  INSERT INTO ${tx(table)} AS s (order_id, user_id, status, total, event_count, updated_at)
  VALUES (${event.streamId.slice('order-'.length)}::uuid, ${event.data.userId}, ${event.data.status},
          ${event.data.total}, 1, ${event.recordedAt})
  ON CONFLICT (order_id) DO UPDATE
    SET status = EXCLUDED.status, total = EXCLUDED.total, event_count = s.event_count + 1,
        updated_at = EXCLUDED.updated_at`;

const orderSummary = (name: string): ProjectionDefinition => ({
  name,
  version: 1,
  tables: [name],
  create: async (tx, tables) => {
    await createSummaryTable(tx, tables[name]!);
  },
  handle: async (tx, event, tables) => {
    await upsertSummary(tx, tables[name]!, event as OrderEvent);
  },
});

const CAUGHT_UP_GRACE_MS = 5_000;

/**
 * Waits for `runner.caughtUp(name)` after a rebuild and returns when it finished. The switch is also
 * watched in es_projections as a guard (earlier versions of caughtUp could hang after a switch): if
 * caughtUp has not resolved CAUGHT_UP_GRACE_MS after it, the moment the switch was seen counts instead
 * (`by: 'switch'`) and the table says so.
 */
async function untilSwitched(
  sql: Pool,
  runner: ProjectionRunner,
  name: string,
  generation: number,
): Promise<{ at: number; by: 'caughtUp' | 'switch' }> {
  let resolvedAt: number | undefined;
  const caughtUp = runner.caughtUp(name).then(() => {
    resolvedAt = performance.now();
  });
  for (;;) {
    const [state] = await sql<{ active: number; building: number | null }[]>`
      SELECT active_generation AS active, building_generation AS building FROM es_projections WHERE name = ${name}`;
    if (resolvedAt !== undefined) {
      if (state?.active !== generation) throw new Error(`${name}: caughtUp resolved before the switch`);
      return { at: resolvedAt, by: 'caughtUp' };
    }
    if (state?.active === generation && state.building === null) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const switched = performance.now();
  await Promise.race([caughtUp, new Promise((resolve) => setTimeout(resolve, CAUGHT_UP_GRACE_MS))]);
  return resolvedAt !== undefined ? { at: resolvedAt, by: 'caughtUp' } : { at: switched, by: 'switch' };
}

export async function run(): Promise<void> {
  await withBenchDatabase('es_rebuild', { max: 10 }, async (sql, server) => {
    await installEventStore(sql);
    const store = createEventStore(sql);
    const orders = Math.max(1, Math.round(EVENTS / 4.5));
    const seedStarted = performance.now();
    await seed(sql, orders);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const [{ events } = { events: 0 }] = await sql<
      { events: number }[]
    >`SELECT count(*)::int AS events FROM es_events`;

    const rows: string[][] = [];
    let baselineRate = 0;
    let caughtUpHangs = 0;
    const row = (what: string, batch: number, seconds: number) => {
      const rate = events / seconds;
      rows.push([
        what,
        String(batch),
        seconds.toFixed(1),
        rate.toFixed(0),
        `${(rate / baselineRate).toFixed(2)}×`,
      ]);
      console.log(`  ${what}, batch ${batch}: ${seconds.toFixed(1)} s, ${rate.toFixed(0)} events/s`);
    };
    const check = async (table: string) => {
      const [summary] = await sql<{ orders: number; events: number }[]>`
        SELECT count(*)::int AS orders, sum(event_count)::int AS events FROM ${sql(table)}`;
      if (summary?.orders !== orders || summary.events !== events)
        throw new Error(
          `${table}: ${summary?.orders} orders / ${summary?.events} events, expected ${orders} / ${events}`,
        );
    };

    // Baseline: the same upserts from a keyset scan, one transaction per batch, nothing else.
    await createSummaryTable(sql, 'baseline_summary');
    const baselineStarted = performance.now();
    for (let after = 0; ; ) {
      const batch = await sql<(OrderEvent & { position: number })[]>`
        SELECT position, stream_id AS "streamId", event_type AS type, data, recorded_at AS "recordedAt"
        FROM es_events WHERE position > ${after} ORDER BY position LIMIT ${BASELINE_BATCH}`;
      if (batch.length === 0) break;
      await sql.begin(async (tx) => {
        for (const event of batch) await upsertSummary(tx, 'baseline_summary', event);
      });
      after = batch.at(-1)!.position;
    }
    baselineRate = events / ((performance.now() - baselineStarted) / 1000);
    row('baseline: keyset scan + upserts', BASELINE_BATCH, events / baselineRate);
    await check('baseline_summary');
    await sql`DROP TABLE baseline_summary`;

    for (const [index, batchSize] of RUNNER_BATCHES.entries()) {
      const name = `order_summary_${index + 1}`; // a new projection each time: its first build starts at 0
      const runner = createProjectionRunner(store, [orderSummary(name)], {
        batchSize,
        onError: (projection, error) => console.error(`projection ${projection}:`, error),
      });
      try {
        const buildStarted = performance.now();
        await runner.start();
        await runner.caughtUp(name);
        row('runner: initial build (generation 1)', batchSize, (performance.now() - buildStarted) / 1000);
        await check(name);

        const rebuildStarted = performance.now();
        await runner.rebuild(name);
        const switched = await untilSwitched(sql, runner, name, 2);
        if (switched.by === 'switch') caughtUpHangs++;
        row(
          `runner: rebuild until switch (generation 2)${switched.by === 'switch' ? ' *' : ''}`,
          batchSize,
          (switched.at - rebuildStarted) / 1000,
        );
        await check(name);
      } finally {
        await runner.stop();
      }
    }

    printTable(
      `Projection build over ${events.toLocaleString('en')} events of ${orders.toLocaleString('en')} orders (seeded in ${seedSeconds.toFixed(0)} s), one upsert per event (${server.label}; ${machine()})`,
      ['run', 'batch', 'seconds', 'events/s', 'vs baseline'],
      rows,
    );
    if (caughtUpHangs > 0)
      console.log(
        `\n* runner.caughtUp() had not resolved ${CAUGHT_UP_GRACE_MS / 1000} s after the switch (${caughtUpHangs} of ${RUNNER_BATCHES.length} rebuilds); timed to the switch seen in es_projections instead.`,
      );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
