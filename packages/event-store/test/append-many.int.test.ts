import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import {
  aggregateRepository,
  ConcurrencyConflictError,
  createEventStore,
  type Decider,
  type EventStore,
  installEventStore,
} from '../src/index.js';

// Appends to many streams in one statement, and commands for many aggregates in one transaction.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('esmany');
let db: Pool;
let store: EventStore;

type Counter = { total: number; closed: boolean };
type CounterCommand = { type: 'Add'; amount: number } | { type: 'Close' };
type CounterEvent =
  | { type: 'Added'; data: { amount: number } }
  | { type: 'Closed'; data: Record<string, never> };
const counter: Decider<Counter, CounterCommand, CounterEvent> = {
  initialState: { total: 0, closed: false },
  evolve: (state, event) =>
    event.type === 'Added'
      ? { ...state, total: state.total + event.data.amount }
      : { ...state, closed: true },
  decide(command, state) {
    if (state.closed) throw new Error('closed');
    return command.type === 'Add'
      ? [{ type: 'Added', data: { amount: command.amount } }]
      : [{ type: 'Closed', data: {} }];
  },
};

before(async () => {
  await ensureDatabase(serverUrl, `${prefix}_store`);
  db = createPool(databaseUrlFor(serverUrl, `${prefix}_store`), { max: 10 });
  await installEventStore(db);
  store = createEventStore(db);
});
after(async () => {
  await db?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('appending to many streams at once', () => {
  it('appends to every stream with its own expected version, in one transaction', async () => {
    const [a, b] = [`many-${randomUUID()}`, `many-${randomUUID()}`];
    await store.append(a, [{ type: 'Added', data: { amount: 1 } }], { expectedVersion: 'no-stream' });
    const results = await db.begin((tx) =>
      store.appendManyWith(tx, [
        {
          streamId: b,
          events: [
            { type: 'Added', data: { amount: 2 } },
            { type: 'Added', data: { amount: 3 } },
          ],
          expectedVersion: 'no-stream',
        },
        { streamId: a, events: [{ type: 'Added', data: { amount: 4 } }], expectedVersion: 1 },
      ]),
    );
    assert.equal(results.get(a)?.nextExpectedVersion, 2);
    assert.equal(results.get(b)?.nextExpectedVersion, 2);
    assert.deepEqual(
      (await store.readStream(b)).map((event) => [event.version, event.data]),
      [
        [1, { amount: 2 }],
        [2, { amount: 3 }],
      ],
    );
    assert.equal(results.get(a)?.lastPosition.transactionId, results.get(b)?.lastPosition.transactionId);
  });

  it('refuses all of them when one stream has moved on: nothing is written', async () => {
    const [a, b] = [`many-${randomUUID()}`, `many-${randomUUID()}`];
    await store.append(b, [{ type: 'Added', data: { amount: 1 } }], { expectedVersion: 'no-stream' });
    await assert.rejects(
      db.begin((tx) =>
        store.appendManyWith(tx, [
          { streamId: a, events: [{ type: 'Added', data: { amount: 1 } }], expectedVersion: 'no-stream' },
          { streamId: b, events: [{ type: 'Added', data: { amount: 1 } }], expectedVersion: 0 },
        ]),
      ),
      (error: unknown) =>
        error instanceof ConcurrencyConflictError && error.streamId === b && error.actual === 1,
    );
    assert.equal(await store.streamVersion(a), 0);
    assert.equal(await store.streamVersion(b), 1);
  });

  it('locks streams in id order, so batches naming shared streams in opposite orders never deadlock', async () => {
    const streams = Array.from({ length: 6 }, () => `many-${randomUUID()}`);
    const batch = (order: string[]) =>
      db.begin((tx) =>
        store.appendManyWith(
          tx,
          order.map((streamId) => ({
            streamId,
            events: [{ type: 'Added', data: { amount: 1 } }],
            expectedVersion: 'any',
          })),
        ),
      );
    for (let round = 0; round < 10; round++)
      await Promise.all([
        batch(streams),
        batch([...streams].reverse()),
        batch(streams),
        batch([...streams].reverse()),
      ]);
    for (const streamId of streams) assert.equal(await store.streamVersion(streamId), 40);
  });
});

describe('commands for many aggregates at once', () => {
  const repository = () =>
    aggregateRepository(store, counter, { streamPrefix: 'counter-', snapshotEvery: 3 });

  it('gives each command the state its earlier commands in the batch left, and appends once per aggregate', async () => {
    const counters = repository();
    const [x, y] = [randomUUID(), randomUUID()];
    await counters.handle(x, { type: 'Add', amount: 10 });
    const results = await db.begin((tx) =>
      counters.handleMany(
        [
          { id: x, command: { type: 'Add', amount: 1 } },
          { id: y, command: { type: 'Add', amount: 5 } },
          { id: x, command: { type: 'Add', amount: 2 } },
          { id: x, command: { type: 'Close' } },
        ],
        { sql: tx },
      ),
    );
    assert.deepEqual(
      results.map((result) => result.state),
      [
        { total: 11, closed: false },
        { total: 5, closed: false },
        { total: 13, closed: false },
        { total: 13, closed: true },
      ],
    );
    const xLoaded = await counters.load(x);
    assert.deepEqual([xLoaded.state, xLoaded.version], [{ total: 13, closed: true }, 4]);
    // The stream crossed a multiple of snapshotEvery: the snapshot describes version 4.
    assert.equal(xLoaded.fromSnapshot, true);
    const events = await store.readStream(counters.streamOf(x));
    assert.equal(new Set(events.slice(1).map((event) => event.globalPosition.transactionId)).size, 1);
  });

  it('refuses the whole batch when the decider refuses one command', async () => {
    const counters = repository();
    const [open, closed] = [randomUUID(), randomUUID()];
    await counters.handle(closed, { type: 'Close' });
    await assert.rejects(
      db.begin((tx) =>
        counters.handleMany(
          [
            { id: open, command: { type: 'Add', amount: 1 } },
            { id: closed, command: { type: 'Add', amount: 1 } },
          ],
          { sql: tx },
        ),
      ),
      /closed/,
    );
    assert.equal((await counters.load(open)).version, 0);
  });
});

describe("a transaction's commands as one unit of work", () => {
  const repository = () => aggregateRepository(store, counter, { streamPrefix: 'unit-' });

  it('appends what several commands in one transaction decided when it commits, each seeing the last', async () => {
    const counters = repository();
    const id = randomUUID();
    const [first, second] = await db.begin(async (tx) => [
      await counters.handle(id, { type: 'Add', amount: 1 }, { sql: tx, expectedVersion: 'no-stream' }),
      await counters.handle(id, { type: 'Add', amount: 2 }, { sql: tx }),
    ]);
    assert.deepEqual([first?.version, second?.version, second?.state.total], [1, 2, 3]);
    const events = await store.readStream(counters.streamOf(id));
    assert.deepEqual(
      events.map((event) => event.version),
      [1, 2],
    );
  });

  it('refuses at commit a unit whose stream another writer changed meanwhile, writing nothing', async () => {
    const counters = repository();
    const id = randomUUID();
    await counters.handle(id, { type: 'Add', amount: 1 });
    await assert.rejects(
      db.begin(async (tx) => {
        await counters.handle(id, { type: 'Add', amount: 10 }, { sql: tx });
        // Another transaction appends to the same stream before this one commits.
        await counters.handle(id, { type: 'Add', amount: 100 });
      }),
      (error: unknown) => error instanceof ConcurrencyConflictError,
    );
    assert.equal((await counters.load(id)).state.total, 101);
  });
});
