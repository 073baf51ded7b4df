import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import postgres from 'postgres';
import { Registry } from 'prom-client';
import {
  createEnvelope,
  enqueue,
  handleOnce,
  installInbox,
  installMessageStore,
  installOutbox,
  messagingMetrics,
  postgresMessageStore,
  replayFromOutbox,
  startOutboxRelay,
} from '../src/index.js';
import { eventually, transportContract } from './transport-contract.js';

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('bus');
let bus: Pool;
let service: Pool;

before(async () => {
  for (const name of ['bus', 'service']) await ensureDatabase(serverUrl, `${prefix}_${name}`);
  bus = createPool(databaseUrlFor(serverUrl, `${prefix}_bus`), { max: 10 });
  service = createPool(databaseUrlFor(serverUrl, `${prefix}_service`), { max: 10 });
  await installMessageStore(bus);
  await installOutbox(service);
  await installInbox(service);
});
after(async () => {
  await bus?.end();
  await service?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

transportContract('PostgreSQL message store', async () => {
  const metrics = new Registry();
  const transport = postgresMessageStore(bus, { pollMs: 200, metrics: messagingMetrics(metrics) });
  return { transport, consumerDb: service, metrics, close: () => transport.close() };
});

describe('PostgreSQL message store specifics', () => {
  it('dead-letters a message that is not a CloudEvents envelope without retrying it', async () => {
    const transport = postgresMessageStore(bus, { pollMs: 100 });
    let calls = 0;
    const consumer = await transport.consume({
      group: 'strict',
      topics: ['raw'],
      handle: async () => void calls++,
    });
    await bus.begin(async (tx) => {
      const [row] = await tx<{ position: number }[]>`
        INSERT INTO bus_messages (message_id, topic, envelope) VALUES ('raw-1', 'raw', ${tx.json({ hello: 'world' })}) RETURNING position`;
      await tx`INSERT INTO bus_deliveries (group_name, position) VALUES ('strict', ${row!.position})`;
    });
    await eventually(async () => (await transport.deadLetters('strict')).length === 1, 'dead letter');
    const [dead] = await transport.deadLetters('strict');
    assert.equal(dead!.attempts, 1);
    assert.match(dead!.lastError, /PoisonMessageError/);
    assert.equal(calls, 0);
    assert.equal(await transport.discard('strict', dead!.id), true);
    assert.deepEqual(await transport.deadLetters('strict'), []);
    await consumer.stop();
  });
});

describe('PostgreSQL message store leases', () => {
  it('gives a delivery to another consumer when the one that claimed it stops answering', async () => {
    const stuck = postgresMessageStore(bus, { pollMs: 50, leaseMs: 300 });
    const healthy = postgresMessageStore(bus, { pollMs: 50, leaseMs: 300 });
    let release: () => void = () => {};
    let stuckClaims = 0;
    const handledByHealthy: string[] = [];
    const first = await stuck.consume({
      group: 'leases',
      topics: ['leases.topic'],
      handle: () => {
        stuckClaims++;
        return new Promise<void>((resolve) => {
          release = resolve;
        });
      },
    });
    await stuck.publish([
      {
        topic: 'leases.topic',
        envelope: createEnvelope({ type: 'leases.test', source: '/tests', data: {} }),
      },
    ]);
    await eventually(() => stuckClaims === 1, 'claimed by the stuck consumer');
    const second = await healthy.consume({
      group: 'leases',
      topics: ['leases.topic'],
      handle: async (message) => void handledByHealthy.push(`${message.envelope.id}@${message.attempt}`),
    });
    await eventually(
      () => handledByHealthy.length === 1,
      'handled by the healthy consumer after the lease ran out',
    );
    assert.match(handledByHealthy[0]!, /@2$/, 'the lost attempt counts');
    release();
    await first.stop();
    await second.stop();
    assert.deepEqual(await healthy.backlog('leases'), { waiting: 0, dead: 0 });
  });
});

describe('outbox and inbox', () => {
  it('publishes what committed, never what rolled back, and the consumer applies each effect once', async () => {
    const transport = postgresMessageStore(bus, { pollMs: 100 });
    await service`CREATE TABLE IF NOT EXISTS welcome_mails (user_id text PRIMARY KEY)`;
    const consumer = await transport.consume({
      group: 'mailer',
      topics: ['identity.user-registered'],
      handle: (message) =>
        handleOnce(service, 'mailer', message, async (tx) => {
          await tx`INSERT INTO welcome_mails (user_id) VALUES (${(message.envelope.data as { userId: string }).userId})`;
        }).then(() => undefined),
    });
    const relay = await startOutboxRelay(service, transport, { pollMs: 100 });
    const registered = (userId: string) => ({
      topic: 'identity.user-registered',
      partitionKey: userId,
      envelope: createEnvelope({
        type: 'identity.user-registered',
        source: '/identity',
        subject: userId,
        data: { userId },
      }),
    });

    for (let i = 0; i < 10; i++) await service.begin((tx) => enqueue(tx, [registered(`user-${i}`)]));
    await service
      .begin(async (tx) => {
        await enqueue(tx, [registered('ghost')]);
        throw new Error('registration failed');
      })
      .catch(() => {});
    await relay.drained();
    await eventually(
      async () => (await service`SELECT 1 FROM welcome_mails`).length === 10,
      'ten welcome mails',
    );

    // The relay publishing the same rows again (a crash before it marked them) changes nothing.
    await service`UPDATE outbox SET published_at = NULL`;
    await relay.drained();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const mails = await service<
      { userId: string }[]
    >`SELECT user_id AS "userId" FROM welcome_mails ORDER BY user_id`;
    assert.equal(mails.length, 10);
    assert.equal(
      mails.some((mail) => mail.userId === 'ghost'),
      false,
    );
    await relay.stop();
    await consumer.stop();
  });

  it('publishes a message whose transaction took a smaller outbox id but committed after a later one', async () => {
    const transport = postgresMessageStore(bus, { pollMs: 50 });
    const seen: string[] = [];
    const consumer = await transport.consume({
      group: 'late-committers',
      topics: ['test.late'],
      handle: async (message) => void seen.push(message.envelope.id),
    });
    const relay = await startOutboxRelay(service, transport, { pollMs: 50 });
    const message = () => ({
      topic: 'test.late',
      envelope: createEnvelope({ type: 'test.late', source: '/tests', data: {} }),
    });
    const early = message();
    const later = message();
    // A client without commit hooks writes its outbox row at once: it holds the smaller id while it stays open.
    const plain = postgres(databaseUrlFor(serverUrl, `${prefix}_service`), { max: 1, onnotice: () => {} });
    // The test goes on only once the early row is written (its id taken) and the transaction waits: on a
    // busy machine the later message can be delivered before a new connection has even sent its insert.
    let commit: () => void = () => {};
    let written: () => void = () => {};
    const earlyWritten = new Promise<void>((resolve) => {
      written = resolve;
    });
    const slow = plain.begin(async (tx) => {
      await enqueue(tx, [early]);
      await new Promise<void>((resolve) => {
        commit = resolve;
        written();
      });
    });
    try {
      await Promise.race([earlyWritten, slow]);
      assert.equal(
        (await service`SELECT 1 FROM outbox WHERE message_id = ${early.envelope.id}`).length,
        0,
        'the early row is not visible before its commit',
      );
      await service.begin((tx) => enqueue(tx, [later]));
      await eventually(() => seen.includes(later.envelope.id), 'the later message delivered');
      commit();
      await slow;
      await eventually(
        () => seen.includes(early.envelope.id),
        'the early one delivered too, once it committed',
      );
    } finally {
      // An open transaction would hold back every event store reader on the server (its xmin).
      commit();
      await slow.catch(() => {});
      await relay.stop();
      await consumer.stop();
      await plain.end();
    }
  });

  it('replays the outbox from an id to one group only', async () => {
    const transport = postgresMessageStore(bus, { pollMs: 100 });
    const counts: Record<string, number> = { audit: 0, search: 0 };
    const consumers = await Promise.all(
      Object.keys(counts).map((group) =>
        transport.consume({
          group,
          topics: ['catalog.price-changed'],
          handle: async () => void counts[group]!++,
        }),
      ),
    );
    const relay = await startOutboxRelay(service, transport, { pollMs: 100 });
    const changed = (n: number) => ({
      topic: 'catalog.price-changed',
      envelope: createEnvelope({ type: 'catalog.price-changed', source: '/catalog', data: { n } }),
    });
    await service.begin((tx) => enqueue(tx, [1, 2, 3, 4].map(changed)));
    await relay.drained();
    await eventually(() => counts.audit === 4 && counts.search === 4, 'first delivery');
    const [third] = await service<{ id: number }[]>`
      SELECT id FROM outbox WHERE topic = 'catalog.price-changed' AND envelope->'data'->>'n' = '3'`;
    const replayed = await replayFromOutbox(service, transport, {
      group: 'audit',
      topic: 'catalog.price-changed',
      fromId: third!.id,
    });
    assert.equal(replayed, 2);
    await eventually(() => counts.audit === 6, 'two replayed to audit');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(counts.search, 4);
    await relay.stop();
    await Promise.all(consumers.map((consumer) => consumer.stop()));
  });
});

describe('PostgreSQL message store claims end with their claimer', () => {
  it('hands the deliveries of a consumer whose session died to the next consumer at once, not after the lease', async () => {
    // The dead consumer's process: its own pool, so its sessions can be ended as a kill -9 would end them.
    const applicationName = `bus-doomed-${uniqueDatabasePrefix('c')}`;
    const doomedPool = createPool(databaseUrlFor(serverUrl, `${prefix}_bus`), { max: 2, applicationName });
    const doomed = postgresMessageStore(doomedPool, { pollMs: 50, leaseMs: 600_000 });
    let doomedClaims = 0;
    await doomed.consume({
      group: 'claims',
      topics: ['claims.topic'],
      handle: () => {
        doomedClaims++;
        return new Promise<void>(() => {}); // never answers: the process is about to die
      },
    });
    await doomed.publish([
      {
        topic: 'claims.topic',
        envelope: createEnvelope({ type: 'claims.test', source: '/tests', data: {} }),
      },
    ]);
    await eventually(() => doomedClaims === 1, 'claimed by the doomed consumer');
    await bus`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${applicationName}`;

    // The restarted process: its transport hands back what dead claimers held when it starts.
    const restarted = postgresMessageStore(bus, { pollMs: 50, leaseMs: 600_000 });
    const handled: number[] = [];
    const consumer = await restarted.consume({
      group: 'claims',
      topics: ['claims.topic'],
      handle: async (message) => void handled.push(message.attempt),
    });
    // Well within the test's patience, and 10-minute leases: the claim ended with its session.
    await eventually(() => handled.length === 1, 'handled by the restarted consumer', 10_000);
    assert.deepEqual(handled, [2], 'the lost attempt counts');
    await consumer.stop();
    await restarted.close();
    await doomedPool.end({ timeout: 1 }).catch(() => {});
  });

  it('hands them back while running too, when another live consumer of the group is idle', async () => {
    const applicationName = `bus-doomed-${uniqueDatabasePrefix('c')}`;
    const doomedPool = createPool(databaseUrlFor(serverUrl, `${prefix}_bus`), { max: 2, applicationName });
    const doomed = postgresMessageStore(doomedPool, { pollMs: 50, leaseMs: 600_000 });
    const survivor = postgresMessageStore(bus, { pollMs: 50, leaseMs: 600_000, reapEveryMs: 200 });
    const handled: string[] = [];
    const survivorConsumer = await survivor.consume({
      group: 'claims-live',
      topics: ['claims-live.topic'],
      handle: async (message) => void handled.push(message.envelope.id),
    });
    let doomedClaims = 0;
    await doomed.consume({
      group: 'claims-live',
      topics: ['claims-live.topic'],
      handle: () => {
        doomedClaims++;
        return new Promise<void>(() => {});
      },
    });
    // Both compete; publish until the doomed one holds a message.
    const sent: string[] = [];
    for (let n = 0; doomedClaims === 0 && n < 200; n++) {
      const envelope = createEnvelope({ type: 'claims.test', source: '/tests', data: { n } });
      sent.push(envelope.id);
      await doomed.publish([{ topic: 'claims-live.topic', envelope }]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert.ok(doomedClaims > 0, 'the doomed consumer claimed a message');
    await bus`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${applicationName}`;
    await eventually(() => handled.length === sent.length, 'every message handled by the survivor', 10_000);
    assert.deepEqual([...handled].sort(), [...sent].sort());
    await survivorConsumer.stop();
    await survivor.close();
    await doomedPool.end({ timeout: 1 }).catch(() => {});
  });
});
