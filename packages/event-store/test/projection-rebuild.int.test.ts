import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import {
  createEventStore,
  createProjectionRunner,
  type EventStore,
  installEventStore,
  loadCheckpoint,
} from '../src/index.js';
import { countingProjection } from './fixtures/counting-projection.js';

const STREAMS = 150;
const EVENTS_PER_STREAM = 10;
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('rebuild');
const database = `${prefix}_store`;
let db: Pool;
let store: EventStore;

async function countsFromView(view = 'event_counts'): Promise<{ streams: number; events: number }> {
  const [row] = await db<{ streams: number; events: number }[]>`
    SELECT count(*)::int AS streams, coalesce(sum(events), 0)::int AS events FROM ${db(view)}`;
  return row!;
}

before(async () => {
  await ensureDatabase(serverUrl, database);
  db = createPool(databaseUrlFor(serverUrl, database), { max: 10 });
  await installEventStore(db);
  store = createEventStore(db);
  for (let stream = 0; stream < STREAMS; stream++) {
    await store.append(
      `s-${stream}`,
      Array.from({ length: EVENTS_PER_STREAM }, () => ({ type: 'Ticked', data: {} })),
      { expectedVersion: 'no-stream' },
    );
  }
});
after(async () => {
  await db?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

/** The old model serves throughout, and after the kill the rebuild resumes from its checkpoint and switches. */
async function killMidRebuild(name: string, batch: boolean): Promise<void> {
  const host = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./fixtures/rebuilding-host.ts', import.meta.url))],
    {
      env: {
        ...process.env,
        EVENT_STORE_URL: databaseUrlFor(serverUrl, database),
        PROJECTION_NAME: name,
        PROJECTION_HANDLER: batch ? 'batch' : 'event',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise((resolve) => host.on('exit', resolve));
  let output = '';
  host.stdout!.on('data', (chunk) => {
    output += chunk;
  });

  // Readers keep reading the view the whole time and must always see the complete old model.
  const complete = { streams: STREAMS, events: STREAMS * EVENTS_PER_STREAM };
  let reading = true;
  let reads = 0;
  const reader = (async () => {
    while (reading) {
      try {
        const counts = await countsFromView(name);
        if (reads > 0 || counts.events === complete.events) {
          assert.deepEqual(counts, complete);
          reads++;
        }
      } catch (error) {
        if ((error as { code?: string }).code !== '42P01') throw error; // the view does not exist before the first start
      }
      await sleep(10);
    }
  })();

  let checkpointAtKill = 0;
  for (let attempt = 0; attempt < 600 && checkpointAtKill === 0; attempt++) {
    await sleep(25);
    if (!output.includes('REBUILDING')) continue;
    checkpointAtKill = (await loadCheckpoint(db, `projection:${name}:g2`)).position;
  }
  assert.ok(checkpointAtKill > 0, 'the rebuild made progress before the kill');
  host.kill('SIGKILL');
  await exited;
  const [state] =
    await db`SELECT active_generation, building_generation FROM es_projections WHERE name = ${name}`;
  assert.deepEqual({ ...state }, { active_generation: 1, building_generation: 2 });
  const saved = (await loadCheckpoint(db, `projection:${name}:g2`)).position;
  assert.ok(saved < STREAMS * EVENTS_PER_STREAM, 'killed before the rebuild finished');

  // Restart: the rebuild continues from its checkpoint, not from zero, and then switches.
  const positionsSeenByRebuild: number[] = [];
  const runner = createProjectionRunner(
    store,
    [
      countingProjection({
        name,
        batch,
        onEvent: (table, position) => table.endsWith('_g2') && positionsSeenByRebuild.push(position),
      }),
    ],
    { batchSize: 50, setBatchSize: 50, idlePollMs: 50 },
  );
  await runner.start();
  await runner.caughtUp(name);
  await runner.stop();
  reading = false;
  await reader;

  assert.ok(reads > 10, `the view was read ${reads} times during the test`);
  assert.ok(Math.min(...positionsSeenByRebuild) > saved, 'no event before the checkpoint was handled again');
  const [final] =
    await db`SELECT active_generation, building_generation FROM es_projections WHERE name = ${name}`;
  assert.deepEqual({ ...final }, { active_generation: 2, building_generation: null });
  assert.deepEqual(await countsFromView(name), complete);
  const leftovers = await db`SELECT 1 FROM pg_tables WHERE tablename = ${`${name}_g1`}`;
  assert.equal(leftovers.length, 0, 'the old generation is dropped after the switch');
}

describe('projection rebuild', { timeout: 120_000 }, () => {
  it('survives the process being killed mid-rebuild: the old model serves throughout and the rebuild resumes', () =>
    killMidRebuild('event_counts', false));

  it('survives the same kill with a batch handler (handleBatch)', () => killMidRebuild('batch_counts', true));

  it('rebuilds automatically when the projection version changes', async () => {
    const projection = { ...countingProjection(), version: 2 };
    const runner = createProjectionRunner(store, [projection], { batchSize: 200, idlePollMs: 50 });
    await runner.start();
    await runner.caughtUp('event_counts');
    const status = await runner.status('event_counts');
    await runner.stop();
    assert.equal(status.version, 2);
    assert.equal(status.rebuild, null);
    assert.equal(status.lagEvents, 0);
    assert.deepEqual(await countsFromView(), { streams: STREAMS, events: STREAMS * EVENTS_PER_STREAM });
  });

  it('runs more projections than the pool has connections, and caughtUp returns after a rebuild', async () => {
    const small = createPool(databaseUrlFor(serverUrl, database), { max: 3 });
    try {
      const smallStore = createEventStore(small);
      const projections = ['first', 'second', 'third', 'fourth'].map((name) => countingProjection({ name }));
      const runner = createProjectionRunner(smallStore, projections, { batchSize: 500, idlePollMs: 50 });
      await runner.start();
      for (const projection of projections) await runner.caughtUp(projection.name);
      await runner.rebuild('third');
      await runner.caughtUp('third');
      const status = await runner.status('third');
      await runner.stop();
      assert.equal(status.activeGeneration, 2);
      assert.equal(status.rebuild, null);
      const [row] = await small<{ events: number }[]>`SELECT sum(events)::int AS events FROM fourth`;
      assert.ok(row!.events >= STREAMS * EVENTS_PER_STREAM);
    } finally {
      await small.end();
    }
  });

  it('runs a projection on one instance at a time', async () => {
    const first = createProjectionRunner(store, [{ ...countingProjection(), version: 2 }], {
      idlePollMs: 50,
      standbyRetryMs: 100,
    });
    const second = createProjectionRunner(store, [{ ...countingProjection(), version: 2 }], {
      idlePollMs: 50,
      standbyRetryMs: 100,
    });
    const extraEvents = async () => {
      const [row] = await db<
        { events: number }[]
      >`SELECT events FROM event_counts WHERE stream_id = 's-extra'`;
      return row?.events ?? 0;
    };
    const eventually = async (expected: number) => {
      for (let attempt = 0; attempt < 200 && (await extraEvents()) !== expected; attempt++) await sleep(25);
      return extraEvents();
    };
    try {
      await first.start();
      await second.start();
      await store.append('s-extra', [{ type: 'Ticked', data: {} }], { expectedVersion: 'no-stream' });
      assert.equal(await eventually(1), 1);
      await sleep(300);
      assert.equal(await extraEvents(), 1, 'handled once, not once per instance');
      await first.stop();
      // The standby takes over once the leader is gone.
      await store.append('s-extra', [{ type: 'Ticked', data: {} }], { expectedVersion: 1 });
      assert.equal(await eventually(2), 2, 'the standby took over');
    } finally {
      await first.stop();
      await second.stop();
    }
  });
});
