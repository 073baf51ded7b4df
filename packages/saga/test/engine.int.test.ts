import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import { defineSaga, installSagas, sagaEngine } from '../src/index.js';

// The engine on the real server: every transition commits with the commands it sends (here rows of
// `sent`, standing in for the outbox), or not at all; deadlines are shared by every engine instance.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('saga');
let db: Pool;
let clock = Date.parse('2026-01-01T00:00:00Z');

const definition = defineSaga<{ label: string }>({
  name: 'engine-test',
  compensation: { timeoutMs: 1_000, maxAttempts: 2 },
  async onNotices(tx, sagaId, _data, notices) {
    for (const notice of notices)
      await tx`INSERT INTO notices (saga_id, kind) VALUES (${sagaId}, ${notice.kind})`;
  },
  steps: [
    {
      kind: 'remote',
      name: 'reserve',
      command: (data) => ({ type: 'reserve', data }),
      replies: { completed: ['reserved'], failed: { rejected: () => 'REJECTED' } },
      compensation: { command: (data) => ({ type: 'release', data }), replies: ['released'] },
      timeoutMs: 1_000,
      maxAttempts: 2,
      timeoutReason: 'RESERVE_TIMEOUT',
    },
    {
      kind: 'local',
      name: 'confirm',
      async run(tx, data, sagaId) {
        await tx`INSERT INTO confirmed (saga_id, label) VALUES (${sagaId}, ${data.label})`;
      },
    },
  ],
});

const engine = (now = () => clock) =>
  sagaEngine({
    db,
    definition,
    now,
    send: async (tx, sagaId, command) => {
      await tx`INSERT INTO sent (saga_id, type) VALUES (${sagaId}, ${command.type})`;
    },
  });

const sentTo = async (sagaId: string) =>
  (await db<{ type: string }[]>`SELECT type FROM sent WHERE saga_id = ${sagaId} ORDER BY id`).map(
    (row) => row.type,
  );

before(async () => {
  await ensureDatabase(serverUrl, `${prefix}_sagas`);
  db = createPool(databaseUrlFor(serverUrl, `${prefix}_sagas`), { max: 20 });
  await installSagas(db);
  await db`CREATE TABLE sent (id bigserial PRIMARY KEY, saga_id uuid NOT NULL, type text NOT NULL)`;
  await db`CREATE TABLE notices (id bigserial PRIMARY KEY, saga_id uuid NOT NULL, kind text NOT NULL)`;
  await db`CREATE TABLE confirmed (saga_id uuid PRIMARY KEY, label text NOT NULL)`;
});
after(async () => {
  await db?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('saga engine on PostgreSQL', () => {
  it('starts with the caller, and a rolled-back start leaves neither saga nor command', async () => {
    const sagas = engine();
    const kept = randomUUID();
    const dropped = randomUUID();
    await db.begin((tx) => sagas.start(tx, kept, { label: 'kept' }));
    await assert.rejects(
      db.begin(async (tx) => {
        await sagas.start(tx, dropped, { label: 'dropped' });
        throw new Error('the caller failed');
      }),
      /the caller failed/,
    );
    assert.deepEqual(await sentTo(kept), ['reserve']);
    assert.deepEqual(await sentTo(dropped), []);
    assert.equal(await sagas.get(dropped), undefined);
    const found = await sagas.get(kept);
    assert.equal(found?.saga.status, 'RUNNING');
    assert.equal(found?.saga.currentStep, 'reserve');
    assert.equal(found?.saga.deadline?.getTime(), clock + 1_000);
  });

  it('completes on the reply, runs the local step in the same transaction, and ignores a duplicate reply', async () => {
    const sagas = engine();
    const id = randomUUID();
    await db.begin((tx) => sagas.start(tx, id, { label: 'done' }));
    const first = await db.begin((tx) => sagas.reply(tx, id, 'reserved', {}));
    const second = await db.begin((tx) => sagas.reply(tx, id, 'reserved', {}));
    assert.deepEqual([first.applied, second.applied], [true, false]);
    assert.equal((await sagas.get(id))?.saga.status, 'COMPLETED');
    assert.equal((await db`SELECT 1 FROM confirmed WHERE saga_id = ${id}`).length, 1);
    const kinds = (await sagas.get(id))!.history.map((entry) => entry.kind);
    assert.deepEqual(kinds, [
      'step-started',
      'step-completed',
      'step-started',
      'step-completed',
      'completed',
    ]);
  });

  it('applies a reply and the effects it causes in one commit, or not at all', async () => {
    const sagas = engine();
    const id = randomUUID();
    await db.begin((tx) => sagas.start(tx, id, { label: 'atomic' }));
    await assert.rejects(
      db.begin(async (tx) => {
        await sagas.reply(tx, id, 'reserved', {});
        throw new Error('crash before commit');
      }),
      /crash before commit/,
    );
    assert.equal((await sagas.get(id))?.saga.status, 'RUNNING');
    assert.equal((await db`SELECT 1 FROM confirmed WHERE saga_id = ${id}`).length, 0);
    await db.begin((tx) => sagas.reply(tx, id, 'reserved', {}));
    assert.equal((await sagas.get(id))?.saga.status, 'COMPLETED');
  });

  it('fires each passed deadline once, whichever of several engines gets to it', async () => {
    const sagas = engine();
    const ids = Array.from({ length: 20 }, () => randomUUID());
    for (const id of ids) await db.begin((tx) => sagas.start(tx, id, { label: 'slow' }));
    clock += 1_500;
    const [due] = await db<{ n: number }[]>`
      SELECT count(*)::int AS n FROM saga_instances WHERE deadline <= ${new Date(clock)}`;
    const fired = await Promise.all([
      engine().fireDueDeadlines(),
      engine().fireDueDeadlines(),
      engine().fireDueDeadlines(),
    ]);
    assert.equal(
      fired.reduce((a, b) => a + b, 0),
      due!.n,
      'each due saga fired once in all',
    );
    for (const id of ids) assert.deepEqual(await sentTo(id), ['reserve', 'reserve']);
    // The second deadline fails the step and compensates it: it may have acted.
    clock += 1_500;
    await sagas.fireDueDeadlines();
    for (const id of ids) {
      assert.deepEqual(await sentTo(id), ['reserve', 'reserve', 'release']);
      const { saga } = (await sagas.get(id))!;
      assert.equal(saga.status, 'COMPENSATING');
      assert.equal(saga.failureReason, 'RESERVE_TIMEOUT');
    }
  });

  it('parks an unacknowledged compensation, lists it, and resumes it on retry', async () => {
    const sagas = engine();
    const id = randomUUID();
    await db.begin((tx) => sagas.start(tx, id, { label: 'parked' }));
    await db.begin((tx) => sagas.reply(tx, id, 'rejected', {}));
    assert.equal((await sagas.get(id))?.saga.status, 'COMPENSATED', 'nothing to undo before the first step');

    const other = randomUUID();
    await db.begin((tx) => sagas.start(tx, other, { label: 'parked' }));
    for (let i = 0; i < 4; i++) {
      clock += 1_100;
      await sagas.fireDueDeadlines();
    }
    assert.equal((await sagas.get(other))?.saga.status, 'NEEDS_ATTENTION');
    const parked = await sagas.list({ status: 'NEEDS_ATTENTION', limit: 100 });
    assert.ok(parked.some((saga) => saga.id === other));
    assert.ok(((await sagas.countByStatus()).NEEDS_ATTENTION ?? 0) >= 1);
    assert.equal((await sagas.retry(other)).applied, true);
    assert.equal((await sagas.retry(other)).applied, false, 'no longer parked');
    await db.begin((tx) => sagas.reply(tx, other, 'released', {}));
    const { saga, history } = (await sagas.get(other))!;
    assert.equal(saga.status, 'COMPENSATED');
    assert.deepEqual(history.map((entry) => entry.kind).slice(-4), [
      'resumed',
      'compensation-started',
      'step-compensated',
      'compensated',
    ]);
  });

  it('pages through every saga, most recently changed first, without skipping one changed in the same millisecond', async () => {
    const sagas = engine();
    // Many sagas change within one millisecond here: only microsecond positions keep the pages exact.
    await Promise.all(
      Array.from({ length: 30 }, () => db.begin((tx) => sagas.start(tx, randomUUID(), { label: 'paged' }))),
    );
    const [total] = await db<{ n: number }[]>`SELECT count(*)::int AS n FROM saga_instances`;
    const seen: string[] = [];
    let after: { position: string; id: string } | undefined;
    for (;;) {
      const page = await sagas.list({ limit: 7, ...(after ? { after } : {}) });
      seen.push(...page.map((saga) => saga.id));
      const last = page.at(-1);
      if (page.length < 7 || !last) break;
      after = { position: last.position, id: last.id };
    }
    assert.equal(new Set(seen).size, seen.length, 'no saga twice');
    assert.equal(seen.length, total!.n, 'no saga skipped');
  });

  it('cancels a running saga by compensating the step in flight', async () => {
    const sagas = engine();
    const id = randomUUID();
    await db.begin((tx) => sagas.start(tx, id, { label: 'cancel' }));
    const cancelled = await db.begin((tx) => sagas.cancel(tx, id, 'CANCELLED_BY_CUSTOMER'));
    assert.equal(cancelled.applied, true);
    assert.deepEqual(await sentTo(id), ['reserve', 'release']);
    await db.begin((tx) => sagas.reply(tx, id, 'released', {}));
    assert.equal((await sagas.get(id))?.saga.failureReason, 'CANCELLED_BY_CUSTOMER');
    assert.equal((await db.begin((tx) => sagas.cancel(tx, id, 'AGAIN'))).applied, false);
  });
});

describe('saga engine: a batch of replies', () => {
  /** What a saga looks like from outside: its row, its history, what it sent, what its owner heard. */
  const snapshotOf = async (sagas: ReturnType<typeof engine>, id: string) => {
    const found = await sagas.get(id);
    return {
      status: found?.saga.status,
      step: found?.saga.currentStep,
      reason: found?.saga.failureReason,
      history: found?.history.map(
        (entry) => `${entry.kind}:${entry.step ?? ''}:${JSON.stringify(entry.detail)}`,
      ),
      sent: await sentTo(id),
      told: (await db<{ kind: string }[]>`SELECT kind FROM notices WHERE saga_id = ${id} ORDER BY id`).map(
        (row) => row.kind,
      ),
      confirmed: (await db`SELECT 1 FROM confirmed WHERE saga_id = ${id}`).length,
    };
  };

  it('advances many sagas in one transaction exactly as replies one by one would, duplicates included', async () => {
    const sagas = engine();
    const replies = (ids: string[]) => [
      { sagaId: ids[0]!, type: 'reserved', data: {} },
      { sagaId: ids[1]!, type: 'rejected', data: {} },
      { sagaId: ids[2]!, type: 'reserved', data: {} },
      { sagaId: ids[0]!, type: 'reserved', data: {} }, // a duplicate: ignored, as alone
      { sagaId: randomUUID(), type: 'reserved', data: {} }, // no such saga
      { sagaId: ids[1]!, type: 'released', data: {} }, // a reply nothing waits for (a failed first step has nothing to compensate)
    ];
    const started = async () => {
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const [n, id] of ids.entries()) await db.begin((tx) => sagas.start(tx, id, { label: `s${n}` }));
      return ids;
    };

    const oneByOne = await started();
    const aloneResults = [];
    for (const reply of replies(oneByOne))
      aloneResults.push(await db.begin((tx) => sagas.reply(tx, reply.sagaId, reply.type, reply.data)));
    const batched = await started();
    const batchResults = await db.begin((tx) => sagas.replies(tx, replies(batched)));

    assert.deepEqual(
      batchResults.map((result) => result.applied),
      aloneResults.map((result) => result.applied),
    );
    assert.deepEqual(
      batchResults.map((result) => result.applied),
      [true, true, true, false, false, false],
    );
    for (const [n, id] of batched.entries())
      assert.deepEqual(await snapshotOf(sagas, id), await snapshotOf(sagas, oneByOne[n]!), `saga ${n}`);
    assert.equal((await snapshotOf(sagas, batched[0]!)).status, 'COMPLETED');
    assert.equal((await snapshotOf(sagas, batched[1]!)).status, 'COMPENSATED');
    // Details are stored as JSON objects, not as strings of JSON.
    const failed = (await sagas.get(batched[1]!))?.history.find((entry) => entry.kind === 'step-failed');
    assert.deepEqual(failed?.detail, { reason: 'REJECTED' });
  });

  it('leaves every saga of a batch as it was when the batch rolls back', async () => {
    const sagas = engine();
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) await db.begin((tx) => sagas.start(tx, id, { label: 'rolled back' }));
    await assert.rejects(
      db.begin(async (tx) => {
        await sagas.replies(
          tx,
          ids.map((sagaId) => ({ sagaId, type: 'reserved', data: {} })),
        );
        throw new Error('the inbox transaction failed');
      }),
      /inbox transaction failed/,
    );
    for (const id of ids) {
      const after = await snapshotOf(sagas, id);
      assert.equal(after.status, 'RUNNING');
      assert.equal(after.confirmed, 0);
      assert.deepEqual(after.sent, ['reserve']);
    }
  });
});
