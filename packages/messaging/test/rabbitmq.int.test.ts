import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import {
  dropDatabasesWithPrefix,
  skipUnless,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { connect } from 'amqplib';
import { Registry } from 'prom-client';
import {
  createEnvelope,
  enqueue,
  handleOnce,
  installInbox,
  installOutbox,
  messagingMetrics,
  rabbitMqNames,
  rabbitMqTransport,
  startOutboxRelay,
} from '../src/index.js';
import { eventually, transportContract } from './transport-contract.js';

// The real broker: TEST_AMQP_URL, AMQP_URL or the local default. Without one the suite is skipped and named
// in the test run's summary; on CI it runs anyway and fails.
const AMQP_URL = process.env.TEST_AMQP_URL || process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('amqp');
let consumerDb: Pool;

describe('the RabbitMQ transport', { skip: await skipUnless('rabbitmq') }, () => {
  before(async () => {
    await ensureDatabase(serverUrl, `${prefix}_consumer`);
    consumerDb = createPool(databaseUrlFor(serverUrl, `${prefix}_consumer`), { max: 5 });
    await installInbox(consumerDb);
  });
  after(async () => {
    await consumerDb?.end();
    await dropDatabasesWithPrefix(serverUrl, prefix);
  });

  transportContract('RabbitMQ', async () => {
    const metrics = new Registry();
    const transport = await rabbitMqTransport(AMQP_URL, {
      metrics: messagingMetrics(metrics),
      namespace: 'test',
    });
    return {
      transport,
      consumerDb,
      metrics,
      async close(groups) {
        await transport.close();
        // Durable queues outlive the test; remove the ones it made (topics double as names: harmless).
        const connection = await connect(AMQP_URL);
        const channel = await connection.createChannel();
        for (const group of groups) {
          for (const queue of rabbitMqNames('test').queues(group)) await channel.deleteQueue(queue);
        }
        await connection.close();
      },
    };
  });

  /** Stops the whole RabbitMQ node on this machine and starts it again, as an operator would. */
  async function restartBroker(): Promise<void> {
    execFileSync('rabbitmqctl', ['stop'], { stdio: 'ignore' });
    execFileSync('rabbitmq-server', ['-detached'], { stdio: 'ignore' });
    await waitForBroker();
  }

  async function waitForBroker(timeoutMs = 60_000): Promise<void> {
    const started = Date.now();
    for (;;) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port: 5672 });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (open) return;
      if (Date.now() - started > timeoutMs) throw new Error('RabbitMQ did not come back');
      await sleep(250);
    }
  }

  describe('RabbitMQ restart', { timeout: 240_000 }, () => {
    const MESSAGES = 10_000;
    let service: Pool;
    const group = `test-restart-${randomUUID().slice(0, 8)}`;

    before(async () => {
      await ensureDatabase(serverUrl, `${prefix}_service`);
      service = createPool(databaseUrlFor(serverUrl, `${prefix}_service`), { max: 10 });
      await installOutbox(service);
      await consumerDb`CREATE TABLE restart_effects (message_id text NOT NULL)`;
    });
    after(async () => {
      await waitForBroker(); // whatever happened, leave the machine's broker running
      await service?.end();
      const connection = await connect(AMQP_URL);
      const channel = await connection.createChannel();
      for (const queue of rabbitMqNames('test').queues(group)) await channel.deleteQueue(queue);
      await connection.close();
    });

    it('loses no message and repeats no effect when the broker restarts during a stream of 10,000', async () => {
      const transport = await rabbitMqTransport(AMQP_URL, { namespace: 'test' });
      const consumer = await transport.consume({
        group,
        topics: ['restart.stream'],
        concurrency: 16,
        handle: (message) =>
          handleOnce(consumerDb, group, message, async (tx) => {
            await tx`INSERT INTO restart_effects (message_id) VALUES (${message.envelope.id})`;
          }).then(() => undefined),
      });
      for (let batch = 0; batch < MESSAGES / 500; batch++) {
        await service.begin((tx) =>
          enqueue(
            tx,
            Array.from({ length: 500 }, (_, i) => ({
              topic: 'restart.stream',
              envelope: createEnvelope({
                type: 'restart.tick',
                source: '/tests',
                data: { n: batch * 500 + i },
              }),
            })),
          ),
        );
      }
      const relay = await startOutboxRelay(service, transport, { batchSize: 250, pollMs: 100 });
      const effects = async () =>
        (await consumerDb<{ n: number }[]>`SELECT count(*)::int AS n FROM restart_effects`)[0]!.n;

      await eventually(
        async () => (await effects()) >= MESSAGES / 5,
        'a fifth handled before the restart',
        60_000,
      );
      await restartBroker();
      await eventually(async () => (await effects()) >= MESSAGES, 'all handled after the restart', 180_000);
      await relay.drained();
      await sleep(500);

      const [counts] = await consumerDb<{ total: number; distinct: number }[]>`
      SELECT count(*)::int AS total, count(DISTINCT message_id)::int AS distinct FROM restart_effects`;
      assert.deepEqual({ ...counts }, { total: MESSAGES, distinct: MESSAGES });
      const [unpublished] = await service<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`;
      assert.equal(unpublished!.n, 0);
      await relay.stop();
      await consumer.stop();
      await transport.close();
    });
  });
});
