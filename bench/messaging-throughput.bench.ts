/**
 * End-to-end messages per second, outbox → transport → inbox effect, for each transport, beside raw
 * amqplib publish (with confirms) and consume (manual acks) on the same broker, in the same run. The
 * baseline publishes through a topic exchange bound to the queue, the topology the RabbitMQ transport needs
 * for its groups; the same raw path straight into the queue (default exchange) is shown beside it.
 * One database holds the outbox, the inbox and (for the PostgreSQL transport) the bus tables.
 */
import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  enqueue,
  handleBatchOnce,
  installInbox,
  installMessageStore,
  installOutbox,
  postgresMessageStore,
  rabbitMqNames,
  rabbitMqTransport,
  startOutboxRelay,
  type Transport,
} from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import { connect } from 'amqplib';
import { withBenchDatabase } from './src/storage.js';
import { machine, printTable } from './src/table.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 2);
const MAX_BATCH = Number(process.env.BENCH_MAX_BATCH ?? 100);
const AMQP_URL = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';

async function untilCount(db: Pool, table: string, expected: number): Promise<void> {
  for (;;) {
    const [row] = await db<{ n: number }[]>`SELECT count(*)::int AS n FROM ${db(table)}`;
    if (row!.n >= expected) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Seconds from starting the relay until every message's effect is committed. */
async function throughPipeline(
  db: Pool,
  transport: Transport,
  label: string,
): Promise<{ seconds: number; group: string; perBatch: number }> {
  let batches = 0;
  const table = `effects_${label}`;
  const topic = `bench.${label}`;
  const group = `bench-${label}-${randomUUID().slice(0, 8)}`;
  await db.unsafe(`CREATE TABLE ${table} (message_id text NOT NULL)`);
  // As a service's consumer runs: the messages waiting together in one inbox transaction, with their effect.
  const consumer = await transport.consume({
    group,
    topics: [topic],
    concurrency: CONCURRENCY,
    maxBatch: MAX_BATCH,
    handleBatch: async (messages) => {
      batches++;
      await handleBatchOnce(db, group, messages, async (tx, fresh) => {
        await tx`INSERT INTO ${tx(table)} (message_id) SELECT unnest(${fresh.map((m) => m.envelope.id)}::text[])`;
      });
      return messages.map(() => undefined);
    },
  });
  for (let sent = 0; sent < MESSAGES; sent += 500) {
    const count = Math.min(500, MESSAGES - sent);
    await db.begin((tx) =>
      enqueue(
        tx,
        Array.from({ length: count }, (_, i) => ({
          topic,
          envelope: createEnvelope({ type: 'bench.tick', source: '/bench', data: { n: sent + i } }),
        })),
      ),
    );
  }
  const started = performance.now();
  const relay = await startOutboxRelay(db, transport, {
    batchSize: Number(process.env.BENCH_RELAY_BATCH ?? 500),
    pollMs: 50,
  });
  await untilCount(db, table, MESSAGES);
  const seconds = (performance.now() - started) / 1000;
  await relay.stop();
  await consumer.stop();
  await db`DELETE FROM outbox`;
  return { seconds, group, perBatch: MESSAGES / batches };
}

/** Durable queues outlive the run; remove the ones this benchmark declared. */
async function deleteGroupQueues(group: string): Promise<void> {
  const connection = await connect(AMQP_URL);
  const channel = await connection.createChannel();
  for (const queue of rabbitMqNames('bench').queues(group)) await channel.deleteQueue(queue);
  await connection.close();
}

/**
 * Raw amqplib: publish with confirms in batches of 500 while a consumer acks; seconds until all acked.
 * `through` names a topic exchange the queue is bound to (the topology a pub/sub transport needs; the broker
 * routes every message through it), or none for the default exchange straight into the queue.
 */
async function rawAmqplib(through?: string): Promise<number> {
  const connection = await connect(AMQP_URL);
  const queue = `bench-raw-${randomUUID().slice(0, 8)}`;
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  await publisher.assertQueue(queue, { durable: true });
  if (through) {
    await publisher.assertExchange(through, 'topic', { durable: true });
    await publisher.bindQueue(queue, through, 'bench.raw');
  }
  // The same prefetch our RabbitMQ transport uses (batches × concurrency), so both can keep as much in flight.
  await consumer.prefetch(MAX_BATCH * CONCURRENCY);
  let acked = 0;
  const done = new Promise<void>((resolve) => {
    void consumer.consume(queue, (message) => {
      if (!message) return;
      consumer.ack(message);
      if (++acked === MESSAGES) resolve();
    });
  });
  const started = performance.now();
  for (let sent = 0; sent < MESSAGES; sent += 500) {
    for (let i = sent; i < Math.min(MESSAGES, sent + 500); i++) {
      const content = Buffer.from(
        JSON.stringify(createEnvelope({ type: 'bench.tick', source: '/bench', data: { n: i } })),
      );
      if (through) publisher.publish(through, 'bench.raw', content, { persistent: true });
      else publisher.sendToQueue(queue, content, { persistent: true });
    }
    await publisher.waitForConfirms();
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await publisher.deleteQueue(queue);
  if (through) await publisher.deleteExchange(through);
  await connection.close();
  return seconds;
}

export async function run(): Promise<void> {
  await withBenchDatabase('messaging', { max: 30 }, async (db, server) => {
    await installOutbox(db);
    await installInbox(db);
    await installMessageStore(db);
    const rawDirect = await rawAmqplib();
    const raw = await rawAmqplib(`bench-raw-${randomUUID().slice(0, 8)}`);
    const postgres = postgresMessageStore(db, { pollMs: 50 });
    const { seconds: viaPostgres, perBatch: postgresBatch } = await throughPipeline(db, postgres, 'postgres');
    await postgres.close();
    const rabbit = await rabbitMqTransport(AMQP_URL, { namespace: 'bench' });
    const {
      seconds: viaRabbit,
      group,
      perBatch: rabbitBatch,
    } = await throughPipeline(db, rabbit, 'rabbitmq');
    await rabbit.close();
    await deleteGroupQueues(group);
    const rate = (seconds: number) => MESSAGES / seconds;
    printTable(
      `${MESSAGES.toLocaleString('en')} messages, consumer batches of ≤ ${MAX_BATCH} × ${CONCURRENCY} at once, prefetch ${MAX_BATCH * CONCURRENCY}; targets ≥ 0.6× (RabbitMQ), ≥ 0.5× (PostgreSQL) (${server.label}; ${machine()})`,
      ['path', 'seconds', 'messages/s', 'vs raw amqplib', 'messages per consumer transaction'],
      [
        [
          'raw amqplib: publish with confirms via a topic exchange → consume, ack (baseline)',
          raw.toFixed(2),
          rate(raw).toFixed(0),
          '1.00×',
          '–',
        ],
        [
          'raw amqplib: the same straight into the queue (default exchange)',
          rawDirect.toFixed(2),
          rate(rawDirect).toFixed(0),
          `${(raw / rawDirect).toFixed(2)}×`,
          '–',
        ],
        [
          'outbox → RabbitMQ transport → inbox effect',
          viaRabbit.toFixed(2),
          rate(viaRabbit).toFixed(0),
          `${(raw / viaRabbit).toFixed(2)}×`,
          rabbitBatch.toFixed(1),
        ],
        [
          'outbox → PostgreSQL message store → inbox effect',
          viaPostgres.toFixed(2),
          rate(viaPostgres).toFixed(0),
          `${(raw / viaPostgres).toFixed(2)}×`,
          postgresBatch.toFixed(1),
        ],
      ],
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
