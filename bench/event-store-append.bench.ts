/**
 * Event store appends per second against the cheapest durable write there is — a single-row INSERT that
 * commits on its own into a plain table (id bigserial, stream text, data jsonb) — at the same number of
 * concurrent writers, measured in the same run on a fresh database.
 *
 * Each writer appends one event per transaction to its own stream (`store.append` with expectedVersion
 * 'any'), so writers never wait on each other's stream row: what is measured is the append path itself
 * (stream upsert, event insert, pg_notify, commit), not contention on one stream.
 */
import { createEventStore, installEventStore } from '@bazaar/event-store';
import { withBenchDatabase } from './src/storage.js';
import { machine, printTable } from './src/table.js';

const DURATION_SECONDS = Number(process.env.BENCH_DURATION ?? 3);
const WRITER_COUNTS = [1, 8, 32];
const POOL_SIZE = 40;

/** Runs `writers` loops of `write` until the deadline; returns committed writes per second. */
async function rate(
  writers: number,
  seconds: number,
  write: (writer: number, n: number) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let n = 0; performance.now() < deadline; n++) {
        await write(writer, n);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const payload = (writer: number, n: number) => ({
  orderId: `order-${writer}-${n}`,
  sku: 'SKU-10442',
  quantity: 1 + (n % 5),
  unitPrice: 1999,
  note: 'benchmark line item',
});

export async function run(): Promise<void> {
  await withBenchDatabase('es_append', { max: POOL_SIZE }, async (sql, server) => {
    await installEventStore(sql);
    await sql`CREATE TABLE plain_events (id bigserial PRIMARY KEY, stream text NOT NULL, data jsonb NOT NULL)`;
    const store = createEventStore(sql);

    const plainInsert = (streamId: string, data: ReturnType<typeof payload>) =>
      sql`INSERT INTO plain_events (stream, data) VALUES (${streamId}, ${sql.json(data)})`;
    const targets = {
      plain: (writers: number) => (writer: number, n: number) =>
        plainInsert(`plain-${writers}-${writer}`, payload(writer, n)),
      store: (writers: number) => (writer: number, n: number) =>
        store.append(`writer-${writers}-${writer}`, [{ type: 'LineItemAdded', data: payload(writer, n) }], {
          expectedVersion: 'any',
        }),
    };

    // Warm-up: opens the pool's connections, prepares the statements, lets the JIT settle.
    await rate(POOL_SIZE, 1, targets.plain(0));
    await rate(POOL_SIZE, 1, targets.store(0));

    const rows: string[][] = [];
    for (const writers of WRITER_COUNTS) {
      const plain = await rate(writers, DURATION_SECONDS, targets.plain(writers));
      const appends = await rate(writers, DURATION_SECONDS, targets.store(writers));
      rows.push([String(writers), plain.toFixed(0), appends.toFixed(0), `${(appends / plain).toFixed(2)}×`]);
    }
    printTable(
      `One event per transaction, each writer to its own stream, ${DURATION_SECONDS} s per cell, pool of ${POOL_SIZE} (${server.label}; ${machine()})`,
      ['writers', 'plain INSERT commits/s', 'event store appends/s', 'ratio'],
      rows,
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
