import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import {
  dropDatabasesWithPrefix,
  seededRandom,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import type postgres from 'postgres';
import {
  ConcurrencyConflictError,
  createEventStore,
  createProjectionRunner,
  type EventStore,
  installEventStore,
  type ProjectionDefinition,
  projectionSpecification,
  type StoredEvent,
  storedEvents,
  type TableNames,
  TransactionOrderConflictError,
} from '../src/index.js';
import { type LedgerEvent, ledgerProjection } from './fixtures/ledger-projection.js';

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('batchproj');
const database = `${prefix}_store`;
let db: Pool;
let store: EventStore;

before(async () => {
  await ensureDatabase(serverUrl, database);
  db = createPool(databaseUrlFor(serverUrl, database), { max: 12 });
  await installEventStore(db);
  store = createEventStore(db);
});
after(async () => {
  await db?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

/** An account's next event: opened first, then money moving, closed now and then, reopened. */
function nextEvent(next: () => number, version: number): LedgerEvent {
  if (version === 0) return { type: 'Opened', data: { owner: `owner-${Math.floor(next() * 1000)}` } };
  const roll = next();
  if (roll < 0.45) return { type: 'Deposited', data: { amount: 1 + Math.floor(next() * 500) } };
  if (roll < 0.75) return { type: 'Withdrawn', data: { amount: 1 + Math.floor(next() * 200) } };
  if (roll < 0.85) return { type: 'Closed', data: { reason: next() < 0.5 ? 'fraud' : 'customer' } };
  if (roll < 0.93) return { type: 'Reopened', data: {} };
  return { type: 'Opened', data: { owner: `renamed-${Math.floor(next() * 1000)}` } };
}

/** Writers appending 1–3 events at a time to random accounts (and some other streams), concurrently. */
async function appendInterleaved(seed: number, appends: number, writers = 6): Promise<number> {
  const next = seededRandom(seed);
  let written = 0;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      for (let i = 0; i < appends; i++) {
        const stream = next() < 0.1 ? `other-${writer}` : `acct-${Math.floor(next() * 40)}`;
        for (;;) {
          const version = await store.streamVersion(stream);
          const events = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, k) =>
            nextEvent(next, version + k),
          );
          try {
            await store.append(stream, events, { expectedVersion: version });
            written += events.length;
            break;
          } catch (error) {
            if (
              !(error instanceof ConcurrencyConflictError) &&
              !(error instanceof TransactionOrderConflictError)
            )
              throw error;
          }
        }
      }
    }),
  );
  return written;
}

/** Every row of both tables of a ledger projection, through its views, in a fixed order. */
async function ledgerRows(name: string) {
  const accounts = await db`
    SELECT account_id, owner, balance, events, last_version, last_recorded_at, closed_reason
    FROM ${db(`${name}_accounts`)} ORDER BY account_id`;
  const types = await db`SELECT type, events FROM ${db(`${name}_types`)} ORDER BY type`;
  return { accounts: accounts.map((row) => ({ ...row })), types: types.map((row) => ({ ...row })) };
}

async function assertSameTables(expectedEvents: number) {
  const perEvent = await ledgerRows('per_event');
  const batched = await ledgerRows('batched');
  assert.deepEqual(batched, perEvent);
  const total = perEvent.types.reduce((sum, row) => sum + (row.events as number), 0);
  assert.equal(total, expectedEvents, 'every event was applied once');
}

describe('batch projections (handleBatch)', { timeout: 180_000 }, () => {
  const account = (id: string, events: LedgerEvent[]) => storedEvents(`acct-${id}`, events);
  const query = (tx: postgres.TransactionSql, tables: TableNames) => tx`
    SELECT account_id, owner, balance::int, events, last_version, closed_reason
    FROM ${tx(tables.ledger_accounts!)} ORDER BY account_id`;

  it('given/then: folds several events of one account in a batch, and the same one event per batch', async () => {
    const events: StoredEvent[] = [
      ...account('a', [
        { type: 'Opened', data: { owner: 'ann' } },
        { type: 'Deposited', data: { amount: 100 } },
        { type: 'Closed', data: { reason: 'fraud' } },
        { type: 'Withdrawn', data: { amount: 30 } },
      ]),
      ...account('b', [
        { type: 'Opened', data: { owner: 'bob' } },
        { type: 'Closed', data: { reason: 'customer' } },
        { type: 'Reopened', data: {} },
      ]),
    ];
    // Interleave the two accounts the way the global order would.
    const interleaved = [events[0]!, events[4]!, events[1]!, events[5]!, events[2]!, events[6]!, events[3]!];
    await projectionSpecification(db, ledgerProjection({ name: 'ledger', batch: true }))
      .given(interleaved)
      .thenRows(query, [
        {
          account_id: 'acct-a',
          owner: 'ann',
          balance: 70,
          events: 4,
          last_version: 4,
          closed_reason: 'fraud',
        },
        { account_id: 'acct-b', owner: 'bob', balance: 0, events: 3, last_version: 3, closed_reason: null },
      ]);
  });

  it('given/then: events of other streams only count their type', async () => {
    await projectionSpecification(db, ledgerProjection({ name: 'ledger', batch: true }))
      .given(storedEvents('other-1', [{ type: 'Deposited', data: { amount: 5 } }]))
      .thenRows(
        (tx, tables) => tx`SELECT type, events FROM ${tx(tables.ledger_types!)}`,
        [{ type: 'Deposited', events: 1 }],
      );
  });

  it('the specification catches a batch handler that differs from event-by-event application', async () => {
    // Counts accounts instead of events: right when each event comes alone, wrong for a batch.
    const wrong: ProjectionDefinition = {
      ...ledgerProjection({ name: 'ledger', batch: true }),
      async handleBatch(tx, events, tables) {
        const distinct = [...new Map(events.map((event) => [event.streamId, event])).values()];
        await ledgerProjection({ name: 'ledger', batch: true }).handleBatch(tx, distinct, tables);
      },
    };
    await assert.rejects(
      projectionSpecification(db, wrong)
        .given(
          account('c', [
            { type: 'Opened', data: { owner: 'cy' } },
            { type: 'Deposited', data: { amount: 7 } },
          ]),
        )
        .thenRows(query, [
          { account_id: 'acct-c', owner: 'cy', balance: 7, events: 2, last_version: 2, closed_reason: null },
        ]),
      /as one batch/,
    );
  });

  it('refuses a definition with both handlers or neither', () => {
    const both = {
      ...ledgerProjection({ name: 'both', batch: true }),
      handle: async () => {},
    } as unknown as ProjectionDefinition;
    const neither = {
      name: 'neither',
      version: 1,
      tables: ['neither'],
      create: async () => {},
    } as unknown as ProjectionDefinition;
    for (const definition of [both, neither])
      assert.throws(
        () => createProjectionRunner(store, [definition]),
        /exactly one of handle and handleBatch/,
      );
  });

  it('gives the same tables as the per-event projection: catching up, live, rebuilt, and rebuilt at start', async () => {
    let events = await appendInterleaved(1, 60);
    // Small batches cut folds of one account at many places; the per-event projection runs beside it.
    const projections = () => [
      ledgerProjection({ name: 'per_event', batch: false }),
      ledgerProjection({ name: 'batched', batch: true }),
    ];
    const runner = createProjectionRunner(store, projections(), {
      batchSize: 25,
      setBatchSize: 7,
      idlePollMs: 50,
    });
    try {
      await runner.start();
      await runner.caughtUp('per_event');
      await runner.caughtUp('batched');
      await assertSameTables(events);

      // Live: appends while both follow.
      events += await appendInterleaved(2, 40);
      await runner.caughtUp('per_event');
      await runner.caughtUp('batched');
      await assertSameTables(events);

      // Rebuild both beside the serving generation, with appends going on meanwhile.
      await runner.rebuild('per_event');
      await runner.rebuild('batched');
      events += await appendInterleaved(3, 30);
      await runner.caughtUp('per_event');
      await runner.caughtUp('batched');
      for (const name of ['per_event', 'batched'])
        assert.equal((await runner.status(name)).activeGeneration, 2, `${name} switched to its rebuild`);
      await assertSameTables(events);
    } finally {
      await runner.stop();
    }

    // A new version of the batch projection rebuilds at start, with the default (large) batches.
    const bumped = createProjectionRunner(
      store,
      [
        ledgerProjection({ name: 'per_event', batch: false }),
        ledgerProjection({ name: 'batched', batch: true, version: 2 }),
      ],
      { idlePollMs: 50 },
    );
    try {
      await bumped.start();
      await bumped.caughtUp('batched');
      const status = await bumped.status('batched');
      assert.equal(status.version, 2);
      assert.equal(status.activeGeneration, 3);
      assert.equal(status.lagEvents, 0);
      await bumped.caughtUp('per_event');
      await assertSameTables(events);
    } finally {
      await bumped.stop();
    }
  });
});
