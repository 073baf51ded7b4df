import { after, before } from 'node:test';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import { connect } from 'amqplib';
import { Registry } from 'prom-client';
import { installInbox, messagingMetrics, rabbitMqTransport } from '../src/index.js';
import { transportContract } from './transport-contract.js';

// The real broker on this machine; the suite fails (never skips) when it cannot be reached.
const AMQP_URL = process.env.TEST_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('amqp');
let consumerDb: Pool;

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
  const transport = await rabbitMqTransport(AMQP_URL, { metrics: messagingMetrics(metrics) });
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
        for (const queue of [group, `${group}.retry`, `${group}.dead`]) await channel.deleteQueue(queue);
      }
      await connection.close();
    },
  };
});
