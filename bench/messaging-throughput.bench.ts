/**
 * End-to-end messages per second, outbox → transport → inbox effect, for each transport, beside raw
 * amqplib publish (with confirms) and consume (manual acks) on the same broker, in the same run.
 * One database holds the outbox, the inbox and (for the PostgreSQL transport) the bus tables.
 */
import { randomUUID } from 'node:crypto';
import {
  createEnvelope,
  enqueue,
  handleOnce,
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

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
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
): Promise<{ seconds: number; group: string }> {
  const table = `effects_${label}`;
  const topic = `bench.${label}`;
  const group = `bench-${label}-${randomUUID().slice(0, 8)}`;
  await db.unsafe(`CREATE TABLE ${table} (message_id text NOT NULL)`);
  const consumer = await transport.consume({
    group,
    topics: [topic],
    concurrency: CONCURRENCY,
    handle: (message) =>
      handleOnce(db, group, message, async (tx) => {
        await tx`INSERT INTO ${tx(table)} (message_id) VALUES (${message.envelope.id})`;
      }).then(() => undefined),
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
  const relay = await startOutboxRelay(db, transport, { batchSize: 500, pollMs: 50 });
  await untilCount(db, table, MESSAGES);
  const seconds = (performance.now() - started) / 1000;
  await relay.stop();
  await consumer.stop();
  await db`DELETE FROM outbox`;
  return { seconds, group };
}

/** Durable queues outlive the run; remove the ones this benchmark declared. */
async function deleteGroupQueues(group: string): Promise<void> {
  const connection = await connect(AMQP_URL);
  const channel = await connection.createChannel();
  for (const queue of rabbitMqNames('bench').queues(group)) await channel.deleteQueue(queue);
  await connection.close();
}

/** Raw amqplib: publish with confirms in batches of 500 while a consumer acks; seconds until all acked. */
async function rawAmqplib(): Promise<number> {
  const connection = await connect(AMQP_URL);
  const queue = `bench-raw-${randomUUID().slice(0, 8)}`;
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  await publisher.assertQueue(queue, { durable: true });
  await consumer.prefetch(CONCURRENCY);
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
      publisher.sendToQueue(
        queue,
        Buffer.from(JSON.stringify(createEnvelope({ type: 'bench.tick', source: '/bench', data: { n: i } }))),
        {
          persistent: true,
        },
      );
    }
    await publisher.waitForConfirms();
  }
  await done;
  const seconds = (performance.now() - started) / 1000;
  await publisher.deleteQueue(queue);
  await connection.close();
  return seconds;
}

export async function run(): Promise<void> {
  await withBenchDatabase('messaging', { max: 30 }, async (db, server) => {
    await installOutbox(db);
    await installInbox(db);
    await installMessageStore(db);
    const raw = await rawAmqplib();
    const postgres = postgresMessageStore(db, { pollMs: 50 });
    const { seconds: viaPostgres } = await throughPipeline(db, postgres, 'postgres');
    await postgres.close();
    const rabbit = await rabbitMqTransport(AMQP_URL, { namespace: 'bench' });
    const { seconds: viaRabbit, group } = await throughPipeline(db, rabbit, 'rabbitmq');
    await rabbit.close();
    await deleteGroupQueues(group);
    const rate = (seconds: number) => MESSAGES / seconds;
    printTable(
      `${MESSAGES.toLocaleString('en')} messages, consumer concurrency ${CONCURRENCY} (${server.label}; ${machine()})`,
      ['path', 'seconds', 'messages/s', 'vs raw amqplib'],
      [
        ['raw amqplib: publish with confirms → consume, ack', raw.toFixed(2), rate(raw).toFixed(0), '1.00×'],
        [
          'outbox → RabbitMQ transport → inbox effect',
          viaRabbit.toFixed(2),
          rate(viaRabbit).toFixed(0),
          `${(raw / viaRabbit).toFixed(2)}×`,
        ],
        [
          'outbox → PostgreSQL message store → inbox effect',
          viaPostgres.toFixed(2),
          rate(viaPostgres).toFixed(0),
          `${(raw / viaPostgres).toFixed(2)}×`,
        ],
      ],
    );
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
