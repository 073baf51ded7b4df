/**
 * Projection build and rebuild speed over a log of N order events (BENCH_REBUILD_EVENTS, default 1,000,000),
 * beside baselines measured in the same run on the same database, with no runner (no readAll, no
 * checkpoint, no leader lock, no read-ahead), straight from a plain keyset scan on es_events:
 *
 * - per-event upserts, one transaction per batch of 500: the baseline every ratio is against;
 * - the same batch folded per order and written with one multi-row upsert per batch (set-based).
 *
 * The log: orders `order-<uuid>`, each OrderPlaced, then 2 or 3 OrderStepRecorded, then OrderConfirmed
 * (4.5 events per order on average, so ~222k orders per million events), interleaved in the global order
 * the way concurrent orders are. The projection keeps one order-summary row per order.
 *
 * The runner is measured with both kinds of projection: `handle` (one upsert per event; batch sizes
 * BENCH_RUNNER_BATCHES, default "500"; "none" skips it, it is by far the slowest part) and `handleBatch` (the
 * set-based fold; batch sizes BENCH_SET_BATCHES, default the runner's SET_BATCH_SIZE; "1000,5000,20000"
 * compares). For each, a fresh projection is started (initial build of generation 1 from position 0, until
 * `caughtUp`), then `rebuild` fills generation 2 beside it until `caughtUp` resolves, after the views
 * switched. Every generation is checked against the log (orders and events counted).
 */
import {
  createEventStore,
  createProjectionRunner,
  installEventStore,
  type ProjectionDefinition,
  type ProjectionRunner,
  SET_BATCH_SIZE,
  type TableNames,
} from '@bazaar/event-store';
import type { Pool } from '@bazaar/postgres';
import type postgres from 'postgres';
import { withBenchDatabase } from './src/storage.js';
import { machine, printTable } from './src/table.js';

const EVENTS = Number(process.env.BENCH_REBUILD_EVENTS ?? 1_000_000);
const sizes = (list: string) => (list === 'none' ? [] : list.split(',').map(Number));
const RUNNER_BATCHES = sizes(process.env.BENCH_RUNNER_BATCHES ?? '500');
const SET_BATCHES = sizes(process.env.BENCH_SET_BATCHES ?? String(SET_BATCH_SIZE));
const BASELINE_BATCH = 500;
const TARGET = 50_000;
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

/** The per-event write of the per-event projection and the baseline. */
const upsertSummary = (tx: postgres.TransactionSql, table: string, event: OrderEvent) => tx`
  INSERT INTO ${tx(table)} AS s (order_id, user_id, status, total, event_count, updated_at)
  VALUES (${event.streamId.slice('order-'.length)}::uuid, ${event.data.userId}, ${event.data.status},
          ${event.data.total}, 1, ${event.recordedAt})
  ON CONFLICT (order_id) DO UPDATE
    SET status = EXCLUDED.status, total = EXCLUDED.total, event_count = s.event_count + 1,
        updated_at = EXCLUDED.updated_at`;

/**
 * The same effect for a whole batch: folded per order in the order of the events (the first event's user,
 * the last status, total and time, the count), then one upsert (a column array each, unnested into rows)
 * that adds the counts to existing rows.
 */
const upsertSummaries = (tx: postgres.TransactionSql, table: string, events: readonly OrderEvent[]) => {
  const orders = new Map<
    string,
    { order_id: string; user_id: string; status: string; total: number; events: number; updated_at: string }
  >();
  for (const event of events) {
    const orderId = event.streamId.slice('order-'.length);
    const row = orders.get(orderId);
    const updatedAt = event.recordedAt.toISOString();
    if (row) {
      row.status = event.data.status;
      row.total = event.data.total;
      row.events++;
      row.updated_at = updatedAt;
    } else {
      orders.set(orderId, {
        order_id: orderId,
        user_id: event.data.userId,
        status: event.data.status,
        total: event.data.total,
        events: 1,
        updated_at: updatedAt,
      });
    }
  }
  // In key order, as a real batch handler would write them: the index is walked once, left to right.
  const rows = [...orders.values()].sort((a, b) => (a.order_id < b.order_id ? -1 : 1));
  return tx`
    INSERT INTO ${tx(table)} AS s (order_id, user_id, status, total, event_count, updated_at)
    SELECT * FROM unnest(${rows.map((r) => r.order_id)}::uuid[], ${rows.map((r) => r.user_id)}::text[],
                         ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.total)}::bigint[],
                         ${rows.map((r) => r.events)}::integer[], ${rows.map((r) => r.updated_at)}::timestamptz[])
    ON CONFLICT (order_id) DO UPDATE
      SET status = EXCLUDED.status, total = EXCLUDED.total, event_count = s.event_count + EXCLUDED.event_count,
          updated_at = EXCLUDED.updated_at`;
};

/** The order-summary projection, applied one event at a time (`handle`) or a batch at a time (`handleBatch`). */
function orderSummary(name: string, handler: 'handle' | 'handleBatch'): ProjectionDefinition {
  const base = {
    name,
    version: 1,
    tables: [name],
    create: async (tx: postgres.TransactionSql, tables: TableNames) => {
      await createSummaryTable(tx, tables[name]!);
    },
  };
  return handler === 'handle'
    ? {
        ...base,
        handle: (tx, event, tables) => upsertSummary(tx, tables[name]!, event as OrderEvent).then(() => {}),
      }
    : {
        ...base,
        handleBatch: (tx, events, tables) =>
          upsertSummaries(tx, tables[name]!, events as readonly OrderEvent[]).then(() => {}),
      };
}

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
    let rebuilds = 0;
    let bestSetRebuild = 0;
    const row = (what: string, handler: string, batch: number, seconds: number) => {
      const rate = events / seconds;
      rows.push([
        what,
        handler,
        String(batch),
        seconds.toFixed(1),
        rate.toFixed(0),
        `${(rate / baselineRate).toFixed(2)}×`,
      ]);
      console.log(
        `  ${what}, ${handler}, batch ${batch}: ${seconds.toFixed(1)} s, ${rate.toFixed(0)} events/s`,
      );
      return rate;
    };
    const check = async (table: string) => {
      const [summary] = await sql<{ orders: number; events: number }[]>`
        SELECT count(*)::int AS orders, sum(event_count)::int AS events FROM ${sql(table)}`;
      if (summary?.orders !== orders || summary.events !== events)
        throw new Error(
          `${table}: ${summary?.orders} orders / ${summary?.events} events, expected ${orders} / ${events}`,
        );
    };

    // Baselines: a keyset scan, one transaction per batch, nothing else.
    const keysetScan = async (
      batchSize: number,
      apply: (tx: postgres.TransactionSql, batch: OrderEvent[]) => Promise<unknown>,
    ): Promise<number> => {
      await createSummaryTable(sql, 'baseline_summary');
      const started = performance.now();
      for (let after = 0; ; ) {
        const batch = await sql<(OrderEvent & { position: number })[]>`
          SELECT position, stream_id AS "streamId", event_type AS type, data, recorded_at AS "recordedAt"
          FROM es_events WHERE position > ${after} ORDER BY position LIMIT ${batchSize}`;
        if (batch.length === 0) break;
        await sql.begin((tx) => apply(tx, batch));
        after = batch.at(-1)!.position;
      }
      const seconds = (performance.now() - started) / 1000;
      await check('baseline_summary');
      await sql`DROP TABLE baseline_summary`;
      return seconds;
    };
    baselineRate =
      events /
      (await keysetScan(BASELINE_BATCH, async (tx, batch) => {
        for (const event of batch) await upsertSummary(tx, 'baseline_summary', event);
      }));
    row('baseline: keyset scan + upsert per event', 'none', BASELINE_BATCH, events / baselineRate);
    for (const batchSize of SET_BATCHES)
      row(
        'baseline: keyset scan + folded upsert per batch',
        'none',
        batchSize,
        await keysetScan(batchSize, (tx, batch) => upsertSummaries(tx, 'baseline_summary', batch)),
      );

    const runs = [
      ...RUNNER_BATCHES.map((batchSize) => ({ handler: 'handle' as const, batchSize })),
      ...SET_BATCHES.map((batchSize) => ({ handler: 'handleBatch' as const, batchSize })),
    ];
    for (const [index, { handler, batchSize }] of runs.entries()) {
      const name = `order_summary_${index + 1}`; // a new projection each time: its first build starts at 0
      const runner = createProjectionRunner(store, [orderSummary(name, handler)], {
        batchSize,
        setBatchSize: batchSize,
        onError: (projection, error) => console.error(`projection ${projection}:`, error),
      });
      try {
        const buildStarted = performance.now();
        await runner.start();
        await runner.caughtUp(name);
        row(
          'runner: initial build (generation 1)',
          handler,
          batchSize,
          (performance.now() - buildStarted) / 1000,
        );
        await check(name);

        const rebuildStarted = performance.now();
        await runner.rebuild(name);
        const switched = await untilSwitched(sql, runner, name, 2);
        rebuilds++;
        if (switched.by === 'switch') caughtUpHangs++;
        const rate = row(
          `runner: rebuild until switch (generation 2)${switched.by === 'switch' ? ' *' : ''}`,
          handler,
          batchSize,
          (switched.at - rebuildStarted) / 1000,
        );
        if (handler === 'handleBatch') bestSetRebuild = Math.max(bestSetRebuild, rate);
        await check(name);
      } finally {
        await runner.stop();
      }
    }

    printTable(
      `Projection build over ${events.toLocaleString('en')} events of ${orders.toLocaleString('en')} orders (seeded in ${seedSeconds.toFixed(0)} s) (${server.label}; ${machine()})`,
      ['run', 'handler', 'batch', 'seconds', 'events/s', 'vs baseline'],
      rows,
    );
    if (bestSetRebuild > 0)
      console.log(
        `\nTarget: rebuild ≥ ${TARGET.toLocaleString('en')} events/s. handleBatch rebuild: ${bestSetRebuild.toFixed(0)} events/s, ${bestSetRebuild >= TARGET ? 'met' : 'NOT met'}.`,
      );
    if (caughtUpHangs > 0)
      console.log(
        `\n* runner.caughtUp() had not resolved ${CAUGHT_UP_GRACE_MS / 1000} s after the switch (${caughtUpHangs} of ${rebuilds} rebuilds); timed to the switch seen in es_projections instead.`,
      );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
