/**
 * Catch-up read throughput over a log of N events (BENCH_EVENTS, default 200,000), three ways, in the same
 * run on a fresh database: `store.readAll` in batches of 1,000 following its position, a plain keyset scan
 * on the primary key (`WHERE position > $1 ORDER BY position LIMIT 1000`, same columns) as the baseline,
 * and a catch-up subscription (`subscribe`) with a no-op handler, which also commits a checkpoint per batch.
 * Readers take turns over BENCH_ROUNDS rounds (default 5), each round starting with the next one; the table
 * shows the median.
 */
import {
  createEventStore,
  type GlobalPosition,
  installEventStore,
  START,
  subscribe,
} from '@bazaar/event-store';
import type { Pool } from '@bazaar/postgres';
import { withBenchDatabase } from './src/storage.js';
import { machine, printTable } from './src/table.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = 1_000;
const EVENTS_PER_SEED_TRANSACTION = 100_000;
const EVENTS_PER_STREAM = 10;

/** Fills es_events (and es_streams) in a few large transactions; each one is its own transaction id. */
async function seed(db: Pool, events: number): Promise<void> {
  for (let from = 1; from <= events; from += EVENTS_PER_SEED_TRANSACTION) {
    const to = Math.min(events, from + EVENTS_PER_SEED_TRANSACTION - 1);
    await db.begin(async (tx) => {
      await tx`
        INSERT INTO es_events (stream_id, stream_version, event_id, event_type, data)
        SELECT 'cart-' || ((n - 1) / ${EVENTS_PER_STREAM}), (n - 1) % ${EVENTS_PER_STREAM} + 1, gen_random_uuid(),
               CASE WHEN (n - 1) % ${EVENTS_PER_STREAM} = 0 THEN 'CartOpened' ELSE 'ItemAdded' END,
               jsonb_build_object('userId', 'user-' || (n % 5000), 'sku', 'SKU-' || (n % 997),
                                  'quantity', 1 + n % 4, 'unitPrice', 500 + n % 10000)
        FROM generate_series(${from}::bigint, ${to}::bigint) AS n
        ORDER BY n`;
    });
  }
  await db`
    INSERT INTO es_streams (stream_id, version)
    SELECT stream_id, max(stream_version) FROM es_events GROUP BY stream_id`;
  await db`VACUUM ANALYZE es_events`;
  await db`VACUUM ANALYZE es_streams`;
}

export async function run(): Promise<void> {
  await withBenchDatabase('es_read', { max: 10 }, async (sql, server) => {
    await installEventStore(sql);
    const store = createEventStore(sql);
    const seedStarted = performance.now();
    await seed(sql, EVENTS);
    const seedSeconds = (performance.now() - seedStarted) / 1000;

    const readers: Record<string, () => Promise<number>> = {
      'plain keyset scan on position': async () => {
        let read = 0;
        for (let after = 0; ; ) {
          const rows = await sql<{ position: number }[]>`
            SELECT event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at,
                   transaction_id::text AS transaction_id, position
            FROM es_events WHERE position > ${after} ORDER BY position LIMIT ${BATCH}`;
          if (rows.length === 0) return read;
          read += rows.length;
          after = rows.at(-1)!.position;
        }
      },
      [`store.readAll, batches of ${BATCH}`]: async () => {
        let read = 0;
        for (let after: GlobalPosition = START; ; ) {
          const events = await store.readAll({ after, limit: BATCH });
          if (events.length === 0) return read;
          read += events.length;
          after = events.at(-1)!.globalPosition;
        }
      },
    };
    let subscriptions = 0;
    for (const batchSize of [BATCH, 500]) {
      readers[`subscribe(), batchSize ${batchSize}${batchSize === 500 ? ' (default)' : ''}`] = async () => {
        let read = 0;
        const subscription = subscribe(store, {
          subscriptionId: `bench-${++subscriptions}`, // a new id each time: catch up from the start
          batchSize,
          handle: async (events) => {
            read += events.length;
          },
          onCaughtUp: () => 'stop',
        });
        await subscription.done;
        return read;
      };
    }

    const seconds = new Map(Object.keys(readers).map((name) => [name, [] as number[]]));
    for (const read of Object.values(readers)) await read(); // warm-up: caches, prepared statements, JIT
    const order = Object.entries(readers);
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with the next reader, so none always runs first (or right after the seeding).
      for (const [name, read] of [
        ...order.slice(round % order.length),
        ...order.slice(0, round % order.length),
      ]) {
        const started = performance.now();
        const count = await read();
        seconds.get(name)!.push((performance.now() - started) / 1000);
        if (count !== EVENTS) throw new Error(`${name} read ${count} events, expected ${EVENTS}`);
      }
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const rate = (name: string) => EVENTS / median(seconds.get(name)!);
    const baseline = rate('plain keyset scan on position');
    printTable(
      `Catch-up read of ${EVENTS.toLocaleString('en')} events (seeded in ${seedSeconds.toFixed(1)} s), median of ${ROUNDS} (${server.label}; ${machine()})`,
      ['reader', 'seconds', 'events/s', 'vs keyset scan'],
      Object.keys(readers).map((name) => [
        name,
        median(seconds.get(name)!).toFixed(2),
        rate(name).toFixed(0),
        `${(rate(name) / baseline).toFixed(2)}×`,
      ]),
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
