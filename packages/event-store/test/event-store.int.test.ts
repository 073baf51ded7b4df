import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { ProblemError } from '@bazaar/problem';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import {
  aggregateRepository,
  ConcurrencyConflictError,
  createEventStore,
  currentSchemaVersion,
  type Decider,
  type EventStore,
  fold,
  type GlobalPosition,
  installEventStore,
  listenForAppends,
  loadCheckpoint,
  type NewEvent,
  START,
  type StoredEvent,
  saveCheckpoint,
  subscribe,
  TransactionOrderConflictError,
  type Upcasters,
} from '../src/index.js';

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('es');
let db: Pool;
let store: EventStore;

/** How the catalog's price events evolved: v1 a decimal string, v2 minor units, v3 an amount with currency. */
const upcasters: Upcasters = {
  ProductPriced: {
    1: (data) => {
      const { sku, price } = data as { sku: string; price: string };
      return { sku, priceMinor: Math.round(Number(price) * 100) };
    },
    2: (data) => {
      const { sku, priceMinor } = data as { sku: string; priceMinor: number };
      return { sku, price: { amountMinor: priceMinor, currency: 'EUR' } };
    },
  },
};

before(async () => {
  const name = `${prefix}_store`;
  await ensureDatabase(serverUrl, name);
  db = createPool(databaseUrlFor(serverUrl, name), { max: 40, applicationName: 'event-store-test' });
  await installEventStore(db);
  store = createEventStore(db, { upcasters });
});

after(async () => {
  await db?.end({ timeout: 5 });
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

/** A stream name no other test uses. */
const newStream = (label: string) => `${label}-${randomUUID()}`;

/** `count` events, numbered from `from`, tagged so a test can tell whose they are. */
function noted(count: number, tag = 'test', from = 1): (NewEvent & { id: string })[] {
  return Array.from({ length: count }, (_, index) => ({
    id: randomUUID(),
    type: 'Noted',
    data: { tag, n: from + index },
  }));
}

async function assertConflict(appending: Promise<unknown>, actualVersion: number): Promise<void> {
  await assert.rejects(appending, (error: unknown) => {
    assert.ok(error instanceof ConcurrencyConflictError, `expected a conflict, got ${String(error)}`);
    assert.ok(error instanceof ProblemError);
    assert.equal(error.status, 409);
    assert.equal(error.slug, 'concurrency-conflict');
    assert.equal(error.actual, actualVersion);
    assert.equal(error.extensions.actualVersion, actualVersion);
    assert.equal(error.toJSON().type, 'urn:bazaar:problem:concurrency-conflict');
    return true;
  });
}

async function streamRowVersion(streamId: string): Promise<number | undefined> {
  const [row] = await db<{ version: number }[]>`SELECT version FROM es_streams WHERE stream_id = ${streamId}`;
  return row?.version;
}

const ids = (events: readonly { id: string }[]) => events.map((event) => event.id);

describe('append', () => {
  it("creates a stream with 'no-stream' and numbers its events from 1", async () => {
    const stream = newStream('create');
    const events = noted(3);
    const result = await store.append(stream, events, { expectedVersion: 'no-stream' });
    assert.equal(result.nextExpectedVersion, 3);
    const read = await store.readStream(stream);
    assert.deepEqual(
      read.map((event) => [event.id, event.version, event.type, event.data]),
      events.map((event, index) => [event.id, index + 1, 'Noted', event.data]),
    );
    assert.deepEqual(result.lastPosition, read.at(-1)!.globalPosition);
    assert.equal(await store.streamVersion(stream), 3);
  });

  it('appends when the exact expected version is the current one, 0 meaning a new stream', async () => {
    const stream = newStream('exact');
    assert.equal((await store.append(stream, noted(2), { expectedVersion: 0 })).nextExpectedVersion, 2);
    assert.equal((await store.append(stream, noted(1), { expectedVersion: 2 })).nextExpectedVersion, 3);
    assert.equal((await store.append(stream, noted(4), { expectedVersion: 3 })).nextExpectedVersion, 7);
    assert.deepEqual(
      (await store.readStream(stream)).map((event) => event.version),
      [1, 2, 3, 4, 5, 6, 7],
    );
  });

  it("appends with 'stream-exists' only to a stream that exists and with 'any' always", async () => {
    const stream = newStream('exists');
    await assertConflict(store.append(stream, noted(1), { expectedVersion: 'stream-exists' }), 0);
    assert.equal(await streamRowVersion(stream), undefined, 'the refused append left no stream row');
    assert.equal((await store.append(stream, noted(1), { expectedVersion: 'any' })).nextExpectedVersion, 1);
    assert.equal(
      (await store.append(stream, noted(2), { expectedVersion: 'stream-exists' })).nextExpectedVersion,
      3,
    );
    assert.equal((await store.append(stream, noted(1), { expectedVersion: 'any' })).nextExpectedVersion, 4);
  });

  it('refuses a wrong expectation with a 409 conflict naming the actual version, and writes nothing', async () => {
    // given a stream at version 2
    const stream = newStream('wrong');
    await store.append(stream, noted(2), { expectedVersion: 'no-stream' });
    const before = await store.readStream(stream);
    // when writers expect something else, then
    await assertConflict(store.append(stream, noted(1), { expectedVersion: 'no-stream' }), 2);
    await assertConflict(store.append(stream, noted(1), { expectedVersion: 0 }), 2);
    await assertConflict(store.append(stream, noted(1), { expectedVersion: 1 }), 2);
    await assertConflict(store.append(stream, noted(3), { expectedVersion: 5 }), 2);
    // and nothing was written
    assert.deepEqual(await store.readStream(stream), before);
    assert.equal(await store.streamVersion(stream), 2);
    const [stored] = await db<{ count: number }[]>`
      SELECT count(*)::int AS count FROM es_events WHERE stream_id = ${stream}`;
    assert.equal(stored?.count, 2);
  });

  it('refuses an empty append and creates no stream', async () => {
    const stream = newStream('empty');
    await assert.rejects(store.append(stream, [], { expectedVersion: 'any' }), RangeError);
    await assert.rejects(store.append(stream, [], { expectedVersion: 'no-stream' }), /at least one event/);
    assert.equal(await store.streamVersion(stream), 0);
    assert.equal(await streamRowVersion(stream), undefined);
  });

  it('lets exactly one of 10 concurrent appends with the same expected version win', async () => {
    // given a stream at version 1
    const stream = newStream('race');
    await store.append(stream, noted(1, 'seed'), { expectedVersion: 'no-stream' });
    // when 10 writers who all read version 1 append at once
    const attempts = Array.from({ length: 10 }, (_, writer) => noted(2, `writer-${writer}`));
    const results = await Promise.allSettled(
      attempts.map((events) => store.append(stream, events, { expectedVersion: 1 })),
    );
    // then one succeeds and every other one conflicts
    const winners = results.flatMap((result, writer) => (result.status === 'fulfilled' ? [writer] : []));
    assert.equal(winners.length, 1, `winners: ${winners.join(', ')}`);
    for (const result of results) {
      if (result.status === 'rejected') {
        assert.ok(result.reason instanceof ConcurrencyConflictError, String(result.reason));
        assert.equal(result.reason.actual, 3);
      }
    }
    // and the stream holds the seed and exactly the winner's events
    const read = await store.readStream(stream);
    assert.deepEqual(ids(read.slice(1)), ids(attempts[winners[0]!]!));
    assert.deepEqual(
      read.map((event) => event.version),
      [1, 2, 3],
    );
    assert.equal(await store.streamVersion(stream), 3);
  });

  it("gives 20 concurrent appends with 'any' the contiguous versions 1..20", async () => {
    const stream = newStream('any');
    const attempts = Array.from({ length: 20 }, (_, writer) => noted(1, `writer-${writer}`));
    const results = await Promise.all(
      attempts.map((events) => store.append(stream, events, { expectedVersion: 'any' })),
    );
    const expectedVersions = Array.from({ length: 20 }, (_, index) => index + 1);
    assert.deepEqual(
      results.map((result) => result.nextExpectedVersion).sort((a, b) => a - b),
      expectedVersions,
    );
    const read = await store.readStream(stream);
    assert.deepEqual(
      read.map((event) => event.version),
      expectedVersions,
    );
    assert.deepEqual(new Set(ids(read)), new Set(attempts.flatMap(ids)));
    assert.equal(await store.streamVersion(stream), 20);
  });
});

describe('readStream', () => {
  it('reads a range of versions, bounds included', async () => {
    const stream = newStream('range');
    await store.append(stream, noted(10), { expectedVersion: 'no-stream' });
    const versions = async (options: { fromVersion?: number; toVersion?: number }) =>
      (await store.readStream(stream, options)).map((event) => event.version);
    assert.deepEqual(await versions({ fromVersion: 3, toVersion: 6 }), [3, 4, 5, 6]);
    assert.deepEqual(await versions({ fromVersion: 8 }), [8, 9, 10]);
    assert.deepEqual(await versions({ toVersion: 2 }), [1, 2]);
    assert.deepEqual(await versions({ fromVersion: 5, toVersion: 5 }), [5]);
    assert.deepEqual(await versions({ fromVersion: 11 }), []);
    assert.deepEqual(await versions({ fromVersion: 7, toVersion: 6 }), []);
    assert.deepEqual(await store.readStream(newStream('missing')), []);
  });

  it('reads a stream as it was at an instant', async () => {
    // given two events, an instant, then three more
    const stream = newStream('as-of');
    const beforeAnything = new Date();
    await sleep(20);
    const first = noted(2);
    await store.append(stream, first, { expectedVersion: 'no-stream' });
    // the clocks of Node and PostgreSQL tick in ms and µs: keep clear of the events' instants
    await sleep(20);
    const then = new Date();
    await sleep(20);
    await store.append(stream, noted(3, 'later', 3), { expectedVersion: 2 });
    // when / then
    assert.deepEqual(ids(await store.readStream(stream, { asOf: then })), ids(first));
    assert.deepEqual(await store.readStream(stream, { asOf: beforeAnything }), []);
    assert.equal((await store.readStream(stream, { asOf: new Date() })).length, 5);
    assert.deepEqual(
      (await store.readStream(stream, { asOf: then, fromVersion: 2 })).map((event) => event.version),
      [2],
    );
  });

  it('includes the event recorded at exactly the given instant', async () => {
    const stream = newStream('as-of-exact');
    await store.append(stream, noted(2), { expectedVersion: 'no-stream' });
    const [, second] = await store.readStream(stream);
    const asOf = await store.readStream(stream, { asOf: second!.recordedAt });
    assert.equal(asOf.length, 2, 'the instant a reader was shown is inclusive');
  });
});

describe('appendWith', () => {
  it("commits the events with the caller's transaction", async () => {
    const stream = newStream('joined');
    const events = noted(2);
    await db.begin(async (tx) => {
      await store.appendWith(tx, stream, events, { expectedVersion: 'no-stream' });
      assert.deepEqual(await store.readStream(stream), [], 'others do not see the events before commit');
    });
    assert.deepEqual(ids(await store.readStream(stream)), ids(events));
  });

  it("leaves no events and no version bump when the caller's transaction rolls back", async () => {
    // given an existing stream and a new one
    const existing = newStream('rollback-existing');
    await store.append(existing, noted(2), { expectedVersion: 'no-stream' });
    const fresh = newStream('rollback-new');
    const rolledBack = [...noted(3), ...noted(1)];
    // when a transaction appends to both and then fails
    await assert.rejects(
      db.begin(async (tx) => {
        await store.appendWith(tx, existing, rolledBack.slice(0, 3), { expectedVersion: 2 });
        await store.appendWith(tx, fresh, rolledBack.slice(3), { expectedVersion: 'no-stream' });
        throw new Error('the caller failed after appending');
      }),
      /the caller failed after appending/,
    );
    // then
    assert.equal(await store.streamVersion(existing), 2);
    assert.equal((await store.readStream(existing)).length, 2);
    assert.equal(await store.streamVersion(fresh), 0);
    assert.equal(await streamRowVersion(fresh), undefined);
    assert.deepEqual(await store.readStream(fresh), []);
    const [stored] = await db<{ count: number }[]>`
      SELECT count(*)::int AS count FROM es_events WHERE event_id = ANY(${ids(rolledBack)}::uuid[])`;
    assert.equal(stored?.count, 0);
    // and the versions were given back: the next append gets 3
    assert.equal((await store.append(existing, noted(1), { expectedVersion: 2 })).nextExpectedVersion, 3);
  });
});

describe('stream order in the global log', () => {
  it('refuses an append from a transaction older than the last writer, so a stream never runs backwards in readAll', async () => {
    // given a transaction that took its id first (it wrote elsewhere), and a stream with one event
    const stream = newStream('ordered');
    await store.append(stream, noted(1), { expectedVersion: 'no-stream' });
    const older = await db.reserve();
    try {
      await older`BEGIN`;
      await older`SELECT pg_current_xact_id()`;
      // when a newer transaction appends to the stream and commits
      await store.append(stream, noted(1), { expectedVersion: 'any' });
      // then the older one may not append after it: it must retry in a new transaction
      await assert.rejects(
        store.appendWith(older as unknown as Parameters<EventStore['appendWith']>[0], stream, noted(1), {
          expectedVersion: 'any',
        }),
        (error: unknown) =>
          error instanceof TransactionOrderConflictError && error.status === 503 && error.streamId === stream,
      );
      await older`ROLLBACK`;
    } finally {
      older.release();
    }
    // and a retry appends, and the stream reads in version order from the global log
    await store.append(stream, noted(1), { expectedVersion: 'any' });
    // Other suites' transactions on the server may hold readAll back for a moment (it reads below xmin).
    let versions: number[] = [];
    for (let attempt = 0; attempt < 200 && versions.length < 3; attempt++) {
      const all = await store.readAll({ limit: 100_000 });
      versions = all.filter((event) => event.streamId === stream).map((event) => event.version);
      if (versions.length < 3) await sleep(50);
    }
    assert.deepEqual(versions, [1, 2, 3]);
  });

  it('lets one transaction append to a stream several times', async () => {
    const stream = newStream('twice');
    await db.begin(async (tx) => {
      await store.appendWith(tx, stream, noted(1), { expectedVersion: 'no-stream' });
      await store.appendWith(tx, stream, noted(1), { expectedVersion: 1 });
    });
    assert.equal(await store.streamVersion(stream), 2);
  });
});

describe('upcasting', () => {
  interface Recorded {
    id: string;
    streamId: string;
    version: number;
    type: string;
    schemaVersion: number;
    recordedAt: string;
    data: unknown;
  }

  let recorded: Recorded[];

  before(async () => {
    const fixture = JSON.parse(
      await readFile(new URL('./fixtures/recorded-events.json', import.meta.url), 'utf8'),
    ) as { events: Recorded[] };
    recorded = fixture.events;
    // stored as the older builds wrote them, bypassing append
    for (const event of recorded) {
      await db`
        INSERT INTO es_events (stream_id, stream_version, event_id, event_type, schema_version, data, recorded_at)
        VALUES (${event.streamId}, ${event.version}, ${event.id}, ${event.type}, ${event.schemaVersion},
          ${db.json(event.data as never)}, ${event.recordedAt})`;
      await db`
        INSERT INTO es_streams (stream_id, version) VALUES (${event.streamId}, ${event.version})
        ON CONFLICT (stream_id) DO UPDATE SET version = GREATEST(es_streams.version, EXCLUDED.version)`;
    }
  });

  const shape = (event: StoredEvent) => ({
    id: event.id,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
  });

  it('reads recorded version 1 and 2 payloads in the current version 3 shape', async () => {
    assert.equal(currentSchemaVersion(upcasters, 'ProductPriced', 1), 3);
    assert.deepEqual((await store.readStream('recorded-product-mug')).map(shape), [
      {
        id: recorded[0]!.id,
        version: 1,
        type: 'ProductPriced',
        schemaVersion: 3,
        data: { sku: 'MUG-1', price: { amountMinor: 1250, currency: 'EUR' } },
      },
      {
        id: recorded[1]!.id,
        version: 2,
        type: 'ProductRenamed',
        schemaVersion: 1,
        data: { sku: 'MUG-1', name: 'Big mug' },
      },
      {
        id: recorded[2]!.id,
        version: 3,
        type: 'ProductPriced',
        schemaVersion: 3,
        data: { sku: 'MUG-1', price: { amountMinor: 1399, currency: 'EUR' } },
      },
    ]);
    const tea = await store.readStream('recorded-product-tea');
    assert.deepEqual(
      tea.map((event) => event.data),
      [
        { sku: 'TEA-7', price: { amountMinor: 305, currency: 'EUR' } },
        { sku: 'TEA-7', price: { amountMinor: 299, currency: 'EUR' } },
      ],
    );
    assert.deepEqual(
      tea.map((event) => event.recordedAt.toISOString()),
      recorded.filter((event) => event.streamId === 'recorded-product-tea').map((event) => event.recordedAt),
    );
  });

  it('reads the same recorded payloads upcast through readAll', async () => {
    await allCommittedReadable();
    const all = await store.readAll({ limit: 100_000 });
    const read = all.filter((event) => event.streamId.startsWith('recorded-product-'));
    assert.deepEqual(ids(read), ids(recorded), 'in the order they were stored');
    for (const event of read) {
      if (event.type !== 'ProductPriced') continue;
      assert.equal(event.schemaVersion, 3);
      assert.deepEqual(Object.keys(event.data as object).sort(), ['price', 'sku']);
      assert.equal((event.data as { price: { currency: string } }).price.currency, 'EUR');
    }
  });

  it('passes current payloads through and never rewrites the stored ones', async () => {
    // given a current event appended after the recorded history
    const current = {
      id: randomUUID(),
      type: 'ProductPriced',
      schemaVersion: 3,
      data: { sku: 'MUG-1', price: { amountMinor: 1499, currency: 'EUR' } },
    };
    await store.append('recorded-product-mug', [current], { expectedVersion: 3 });
    // when
    const read = await store.readStream('recorded-product-mug', { fromVersion: 4 });
    // then
    assert.deepEqual(read.map(shape), [{ ...current, version: 4 }]);
    const stored = await db<{ id: string; schemaVersion: number; data: unknown }[]>`
      SELECT event_id AS id, schema_version AS "schemaVersion", data FROM es_events
      WHERE stream_id LIKE 'recorded-product-%' AND stream_version <= 3 ORDER BY position`;
    assert.deepEqual(
      stored.map((row) => ({ ...row })),
      recorded.map(({ id, schemaVersion, data }) => ({ id, schemaVersion, data })),
    );
  });
});

describe('aggregateRepository', () => {
  type CounterCommand = { type: 'Increment'; by: number } | { type: 'Decrement'; by: number };
  type CounterEvent =
    | { type: 'Incremented'; data: { by: number } }
    | { type: 'Decremented'; data: { by: number } };
  interface Counter {
    value: number;
    changes: number;
  }

  /** A counter that never goes below zero. */
  const counter: Decider<Counter, CounterCommand, CounterEvent> = {
    initialState: { value: 0, changes: 0 },
    evolve: (state, event) => ({
      value: state.value + (event.type === 'Incremented' ? event.data.by : -event.data.by),
      changes: state.changes + 1,
    }),
    decide(command, state) {
      if (command.type === 'Decrement' && command.by > state.value)
        throw new ProblemError('counter-below-zero', 422, 'A counter never goes below zero');
      return [
        { type: command.type === 'Increment' ? 'Incremented' : 'Decremented', data: { by: command.by } },
      ];
    },
  };

  const increment = (by: number): CounterCommand => ({ type: 'Increment', by });
  const decrement = (by: number): CounterCommand => ({ type: 'Decrement', by });

  async function foldedFromAllEvents(streamId: string, toVersion?: number): Promise<Counter> {
    const events = await store.readStream(streamId, { toVersion });
    return fold(
      counter,
      counter.initialState,
      events.map((event) => ({ type: event.type, data: event.data }) as CounterEvent),
    );
  }

  it('runs commands: appends their events and refuses what the invariant forbids', async () => {
    const counters = aggregateRepository(store, counter, { streamPrefix: 'counter-' });
    const id = randomUUID();
    const first = await counters.handle(id, increment(5));
    assert.deepEqual(first.state, { value: 5, changes: 1 });
    assert.equal(first.version, 1);
    assert.equal(first.append?.nextExpectedVersion, 1);
    const second = await counters.handle(id, decrement(3));
    assert.deepEqual([second.state, second.version], [{ value: 2, changes: 2 }, 2]);

    await assert.rejects(counters.handle(id, decrement(3)), { slug: 'counter-below-zero', status: 422 });

    assert.deepEqual(await counters.load(id), {
      state: { value: 2, changes: 2 },
      version: 2,
      fromSnapshot: false,
    });
    assert.deepEqual(
      (await store.readStream(counters.streamOf(id))).map((event) => [event.type, event.data]),
      [
        ['Incremented', { by: 5 }],
        ['Decremented', { by: 3 }],
      ],
    );
  });

  it('refuses a command whose expected version is stale and appends nothing', async () => {
    const counters = aggregateRepository(store, counter, { streamPrefix: 'counter-' });
    const id = randomUUID();
    await counters.handle(id, increment(1));
    await counters.handle(id, increment(1));
    await assertConflict(counters.handle(id, increment(1), { expectedVersion: 1 }), 2);
    assert.equal((await counters.load(id)).version, 2);
    assert.equal((await counters.handle(id, increment(1), { expectedVersion: 2 })).version, 3);
  });

  it('snapshots every N events and loads from the snapshot to the same state as folding every event', async () => {
    // given a counter snapshotted every 5 events, after 12 commands
    const counters = aggregateRepository(store, counter, { streamPrefix: 'counter-', snapshotEvery: 5 });
    const unsnapshotted = aggregateRepository(store, counter, { streamPrefix: 'counter-' });
    const id = randomUUID();
    const streamId = counters.streamOf(id);
    for (let step = 1; step <= 12; step++)
      await counters.handle(id, step % 4 === 0 ? decrement(step - 1) : increment(step));
    // then the latest snapshot was taken at version 10 with the state at 10
    const snapshots = await db<{ version: number; schemaVersion: number; state: Counter }[]>`
      SELECT stream_version AS version, schema_version AS "schemaVersion", state
      FROM es_snapshots WHERE stream_id = ${streamId}`;
    assert.deepEqual(
      snapshots.map((row) => ({ ...row })),
      [{ version: 10, schemaVersion: 1, state: await foldedFromAllEvents(streamId, 10) }],
    );
    // and loading uses it and reaches the state every event folds into
    const everything = await foldedFromAllEvents(streamId);
    assert.equal(everything.changes, 12);
    assert.deepEqual(await counters.load(id), { state: everything, version: 12, fromSnapshot: true });
    assert.deepEqual(await unsnapshotted.load(id), { state: everything, version: 12, fromSnapshot: false });
  });

  it('loads the state as of a version, using a snapshot only when it is not newer', async () => {
    const counters = aggregateRepository(store, counter, { streamPrefix: 'counter-', snapshotEvery: 5 });
    const id = randomUUID();
    for (let step = 1; step <= 12; step++) await counters.handle(id, increment(step));
    const streamId = counters.streamOf(id);

    assert.deepEqual(await counters.load(id, { toVersion: 7 }), {
      state: await foldedFromAllEvents(streamId, 7),
      version: 7,
      fromSnapshot: false,
    });
    assert.deepEqual(await counters.load(id, { toVersion: 7 }), {
      state: { value: 28, changes: 7 },
      version: 7,
      fromSnapshot: false,
    });
    assert.deepEqual(await counters.load(id, { toVersion: 11 }), {
      state: { value: 66, changes: 11 },
      version: 11,
      fromSnapshot: true,
    });
    assert.deepEqual(await counters.load(id, { toVersion: 10 }), {
      state: { value: 55, changes: 10 },
      version: 10,
      fromSnapshot: true,
    });
    assert.deepEqual(await counters.load(randomUUID()), {
      state: counter.initialState,
      version: 0,
      fromSnapshot: false,
    });
  });

  it('ignores a snapshot of another snapshot schema version and replaces it at the next crossing', async () => {
    // given a counter at version 6 whose snapshot (schema 1) was tampered with
    const v1 = aggregateRepository(store, counter, { streamPrefix: 'counter-', snapshotEvery: 5 });
    const id = randomUUID();
    for (let step = 1; step <= 6; step++) await v1.handle(id, increment(1));
    const streamId = v1.streamOf(id);
    await db`UPDATE es_snapshots SET state = ${db.json({ value: 999, changes: 5 })} WHERE stream_id = ${streamId}`;
    assert.deepEqual((await v1.load(id)).state, { value: 1000, changes: 6 }, 'schema 1 readers use it');
    // when a build with snapshot schema 2 loads it
    const v2 = aggregateRepository(store, counter, {
      streamPrefix: 'counter-',
      snapshotEvery: 5,
      snapshotSchemaVersion: 2,
    });
    // then it ignores the snapshot and folds every event
    assert.deepEqual(await v2.load(id), { state: { value: 6, changes: 6 }, version: 6, fromSnapshot: false });
    // and writes a schema 2 snapshot once the version crosses 10
    for (let step = 7; step <= 10; step++) await v2.handle(id, increment(1));
    const [snapshot] = await db<{ version: number; schemaVersion: number; state: Counter }[]>`
      SELECT stream_version AS version, schema_version AS "schemaVersion", state
      FROM es_snapshots WHERE stream_id = ${streamId}`;
    assert.deepEqual({ ...snapshot }, { version: 10, schemaVersion: 2, state: { value: 10, changes: 10 } });
    assert.deepEqual(await v2.load(id), {
      state: { value: 10, changes: 10 },
      version: 10,
      fromSnapshot: true,
    });
  });

  it("never snapshots a state that misses an append made between its load and its 'any' append", async () => {
    // given a counter at version 1, snapshotted every 2 events
    const counters = aggregateRepository(store, counter, { streamPrefix: 'counter-', snapshotEvery: 2 });
    const id = randomUUID();
    const streamId = counters.streamOf(id);
    await counters.handle(id, increment(1));
    // and another writer that has appended +100 but not committed yet
    let commitOther!: () => void;
    const otherMayCommit = new Promise<void>((resolve) => {
      commitOther = resolve;
    });
    let otherAppended!: () => void;
    const appendedByOther = new Promise<void>((resolve) => {
      otherAppended = resolve;
    });
    const other = db.begin(async (tx) => {
      await store.appendWith(tx, streamId, [{ type: 'Incremented', data: { by: 100 } }], {
        expectedVersion: 1,
      });
      otherAppended();
      await otherMayCommit;
    });
    await appendedByOther;
    // when a command with expectedVersion 'any' loads version 1 and queues behind the other writer
    const handling = counters.handle(id, increment(1), { expectedVersion: 'any' });
    await waitForLockWaiters(1);
    commitOther();
    await other;
    const handled = await handling;
    // then the command appended at version 3, and no snapshot claims version 3 has the value 2
    assert.equal(handled.version, 3);
    const everything = await foldedFromAllEvents(streamId);
    assert.deepEqual(everything, { value: 102, changes: 3 });
    assert.deepEqual((await counters.load(id)).state, everything);
  });
});

/** Waits until `count` backends of this database wait for a lock. */
async function waitForLockWaiters(count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const [row] = await db<{ waiting: number }[]>`
      SELECT count(*)::int AS waiting FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (row!.waiting >= count) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} backends waiting for a lock`);
    await sleep(5);
  }
}

/**
 * Waits until every committed event is readable. readAll holds back what an older transaction might still
 * precede, and transaction ids are server-wide: a transaction in any database of the server counts.
 */
async function allCommittedReadable(): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const [row] = await db<{ committed: number }[]>`SELECT count(*)::int AS committed FROM es_events`;
    if ((await store.countAfter(START)) === row!.committed) return;
    if (Date.now() > deadline) throw new Error('committed events stayed unreadable for 10 s');
    await sleep(10);
  }
}

describe('subscribe', () => {
  /** A handler that records every batch it is given. */
  function recorder() {
    const batches: StoredEvent[][] = [];
    const listeners: (() => void)[] = [];
    return {
      batches,
      handled: () => batches.flat(),
      async handle(events: StoredEvent[]) {
        batches.push(events);
        for (const listener of listeners.splice(0)) listener();
      },
      /** Resolves once the event with this id has been handled. */
      async until(id: string): Promise<void> {
        while (!batches.some((batch) => batch.some((event) => event.id === id)))
          await new Promise<void>((resolve) => listeners.push(resolve));
      },
    };
  }

  /** A subscription that starts after everything in the store now, so a test sees only its own events. */
  async function freshSubscriptionId(label: string): Promise<{ id: string; start: GlobalPosition }> {
    const id = `${label}-${randomUUID()}`;
    await allCommittedReadable();
    const start = await store.head();
    await saveCheckpoint(db, id, start);
    return { id, start };
  }

  it('catches up over existing events in batches and checkpoints the last one', async () => {
    // given events already in the store
    for (let round = 0; round < 5; round++) {
      await store.append(newStream('catch-up-a'), noted(3), { expectedVersion: 'no-stream' });
      await store.append(newStream('catch-up-b'), noted(2), { expectedVersion: 'no-stream' });
    }
    await allCommittedReadable();
    const everything = await store.readAll({ limit: 100_000 });
    assert.ok(everything.length >= 25);
    // when a new subscription starts from the beginning
    const handler = recorder();
    const subscriptionId = `catch-up-${randomUUID()}`;
    const subscription = subscribe(store, { subscriptionId, batchSize: 10, handle: handler.handle });
    const caughtUpAt = await subscription.caughtUp();
    await subscription.stop();
    // then it handled every event once, in the global order, 10 at a time
    assert.deepEqual(ids(handler.handled()), ids(everything));
    assert.ok(handler.batches.every((batch) => batch.length <= 10));
    assert.equal(handler.batches.length, Math.ceil(everything.length / 10));
    // and its checkpoint is the last event's position
    const last = everything.at(-1)!.globalPosition;
    assert.deepEqual(caughtUpAt, last);
    assert.deepEqual(subscription.position(), last);
    assert.deepEqual(await loadCheckpoint(db, subscriptionId), last);
    assert.deepEqual(await store.head(), last);
  });

  it('goes live and gets new appends at once, long before its idle poll', async (t) => {
    // given a caught-up subscription that polls only every 10 s but listens for appends
    const wakeup = await listenForAppends(db);
    const { id: subscriptionId } = await freshSubscriptionId('live');
    const handler = recorder();
    const subscription = subscribe(store, {
      subscriptionId,
      handle: handler.handle,
      wakeup,
      idlePollMs: 10_000,
    });
    try {
      await subscription.caughtUp();
      const stream = newStream('live');
      const latencies: number[] = [];
      for (let version = 0; version < 3; version++) {
        // let it settle into its idle wait
        await sleep(50);
        // when
        const [event] = noted(1, 'live', version + 1);
        const appendedAt = performance.now();
        await store.append(stream, [event!], { expectedVersion: version });
        await handler.until(event!.id);
        // then
        const latency = performance.now() - appendedAt;
        latencies.push(Math.round(latency));
        assert.ok(latency < 1_000, `handled ${Math.round(latency)} ms after the append`);
        await subscription.caughtUp();
      }
      assert.deepEqual(
        handler.handled().map((event) => event.version),
        [1, 2, 3],
      );
      t.diagnostic(`handled ${latencies.join(', ')} ms after each append (idle poll: 10 000 ms)`);
    } finally {
      await subscription.stop();
      await wakeup.close();
    }
  });

  it('redelivers a batch whose handler threw, without moving the checkpoint or keeping its writes', async () => {
    // given three new events
    await db`CREATE TABLE IF NOT EXISTS test_effects (event_id uuid PRIMARY KEY)`;
    const { id: subscriptionId, start } = await freshSubscriptionId('failing');
    const events = noted(3);
    await store.append(newStream('failing'), events, { expectedVersion: 'no-stream' });
    await allCommittedReadable();
    // when the handler fails twice after writing its effects
    const deliveries: string[][] = [];
    const checkpointsWhenFailing: GlobalPosition[] = [];
    const errors: unknown[] = [];
    const subscription = subscribe(store, {
      subscriptionId,
      idlePollMs: 20,
      onError: (error) => errors.push(error),
      async handle(batch, tx) {
        deliveries.push(ids(batch));
        for (const event of batch) await tx`INSERT INTO test_effects (event_id) VALUES (${event.id})`;
        if (deliveries.length <= 2) {
          checkpointsWhenFailing.push(await loadCheckpoint(db, subscriptionId));
          throw new Error('handler failed on purpose');
        }
      },
    });
    await subscription.caughtUp();
    await subscription.stop();
    // then the same batch came three times
    assert.deepEqual(deliveries, [ids(events), ids(events), ids(events)]);
    assert.deepEqual(
      errors.map((error) => (error as Error).message),
      ['handler failed on purpose', 'handler failed on purpose'],
    );
    // the checkpoint stayed put until the batch was handled
    assert.deepEqual(checkpointsWhenFailing, [start, start]);
    const handledPosition = await loadCheckpoint(db, subscriptionId);
    assert.notDeepEqual(handledPosition, start);
    assert.deepEqual(handledPosition, await store.head());
    // and each effect exists once: the failed attempts' writes rolled back with them
    const effects = await db<{ id: string }[]>`
      SELECT event_id::text AS id FROM test_effects WHERE event_id = ANY(${ids(events)}::uuid[])`;
    assert.deepEqual(new Set(ids(effects)), new Set(ids(events)));
    assert.equal(effects.length, 3);
  });

  it('stops at once when stop() comes between a read and the idle wait', async () => {
    // given a subscription that would idle for 10 s, and a stop that arrives just as it caught up
    const { id: subscriptionId } = await freshSubscriptionId('stop');
    let stopping: Promise<void> | undefined;
    let stopRequestedAt = 0;
    const subscription = subscribe(store, {
      subscriptionId,
      idlePollMs: 10_000,
      handle: async () => {},
      onCaughtUp: () => {
        stopRequestedAt = performance.now();
        stopping ??= subscription.stop();
        return undefined;
      },
    });
    // when
    await subscription.done;
    // then
    const took = performance.now() - stopRequestedAt;
    assert.ok(stopping, 'stop() was called');
    assert.ok(took < 1_000, `the loop ended ${Math.round(took)} ms after stop()`);
    await stopping;
  });

  it('resumes from its checkpoint after a restart without redelivering what it handled', async () => {
    // given a subscription that handled five events and stopped
    const { id: subscriptionId } = await freshSubscriptionId('restart');
    const stream = newStream('restart');
    const firstEvents = noted(5);
    await store.append(stream, firstEvents, { expectedVersion: 'no-stream' });
    await allCommittedReadable();
    const firstRun = recorder();
    const first = subscribe(store, { subscriptionId, batchSize: 2, handle: firstRun.handle });
    await first.caughtUp();
    await first.stop();
    assert.deepEqual(ids(firstRun.handled()), ids(firstEvents));
    assert.deepEqual(await loadCheckpoint(db, subscriptionId), first.position());
    // when four more events arrive while it is down, and it starts again
    const laterEvents = noted(4, 'later', 6);
    await store.append(stream, laterEvents, { expectedVersion: 5 });
    await allCommittedReadable();
    const secondRun = recorder();
    const second = subscribe(store, { subscriptionId, batchSize: 2, handle: secondRun.handle });
    await second.caughtUp();
    await second.stop();
    // then it handled only the new ones, in order
    assert.deepEqual(ids(secondRun.handled()), ids(laterEvents));
    assert.deepEqual(
      await loadCheckpoint(db, subscriptionId),
      (await store.readStream(stream)).at(-1)!.globalPosition,
    );
  });
});
