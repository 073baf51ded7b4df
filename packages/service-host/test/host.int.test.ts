import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { EmbeddedCluster } from '@bazaar/postgres';
import {
  createTestTokenIssuer,
  dropDatabasesWithPrefix,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { Type } from '@sinclair/typebox';
import { defineService, type RunningService, requireDb, startService } from '../src/index.js';

const workDir = mkdtempSync(join(tmpdir(), 'bazaar-host-'));
chmodSync(workDir, 0o755);
const migrationsDir = join(workDir, 'migrations');
mkdirSync(migrationsDir);
writeFileSync(
  join(migrationsDir, '001_notes.sql'),
  'CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL);',
);

/** A tiny service: enough to watch the host's lifecycle, not a business. */
const notesService = defineService({
  name: 'notes',
  description: 'Test service',
  migrationsDir,
  start(context) {
    const db = requireDb(context);
    return {
      routes(app) {
        app.post(
          '/notes',
          {
            schema: {
              body: Type.Object({ text: Type.String({ maxLength: 50 }) }, { additionalProperties: false }),
            },
          },
          async (request, reply) => {
            const [row] = await db`INSERT INTO notes (text) VALUES (${request.body.text}) RETURNING id`;
            return reply.code(201).send(row);
          },
        );
        app.get('/slow', async () => {
          await sleep(500);
          return { done: true };
        });
      },
    };
  },
});

let tokens: Awaited<ReturnType<typeof createTestTokenIssuer>>;
before(async () => {
  tokens = await createTestTokenIssuer();
});
after(() => rmSync(workDir, { recursive: true, force: true }));

describe('service host on the PostgreSQL server', () => {
  const serverUrl = testDatabaseServerUrl();
  const prefix = uniqueDatabasePrefix('host');
  let service: RunningService;

  before(async () => {
    service = await startService(notesService, {
      databaseServerUrl: serverUrl,
      databasePrefix: prefix,
      logLevel: 'silent',
      tokens: tokens.verifier,
    });
  });
  after(async () => {
    await service.stop();
    await dropDatabasesWithPrefix(serverUrl, prefix);
  });

  it('creates its own database, migrates it and serves', async () => {
    const response = await fetch(`${service.url}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    assert.equal(response.status, 201);
    assert.equal((await fetch(`${service.url}/health/ready`)).status, 200);
  });

  it('starts a second instance on the same database without migrating twice', async () => {
    const second = await startService(notesService, {
      databaseServerUrl: serverUrl,
      databasePrefix: prefix,
      logLevel: 'silent',
      tokens: tokens.verifier,
    });
    try {
      const [row] = await requireDb(second.context)`SELECT count(*)::int AS n FROM schema_migrations`;
      assert.equal(row!.n, 1);
    } finally {
      await second.stop();
    }
  });

  it('finishes requests in flight when stopped, then refuses new connections', async () => {
    const instance = await startService(notesService, {
      databaseServerUrl: serverUrl,
      databasePrefix: prefix,
      logLevel: 'silent',
      tokens: tokens.verifier,
    });
    const inFlight = fetch(`${instance.url}/slow`);
    await sleep(100);
    const stopped = instance.stop();
    const response = await inFlight;
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { done: true });
    await stopped;
    await assert.rejects(fetch(`${instance.url}/health/live`));
  });

  it('given SHUTDOWN_DRAIN_MS, when stopped, then it keeps serving for that long, reporting not-ready and closing each connection, before it closes', async () => {
    const instance = await startService(notesService, {
      databaseServerUrl: serverUrl,
      databasePrefix: prefix,
      logLevel: 'silent',
      tokens: tokens.verifier,
      env: { SHUTDOWN_DRAIN_MS: '600' },
    });
    const stopAsked = performance.now();
    const stopped = instance.stop();
    const ready = await fetch(`${instance.url}/health/ready`);
    assert.equal(ready.status, 503);
    const served = await fetch(`${instance.url}/health/live`);
    assert.equal(served.status, 200, 'still serving while it drains');
    assert.equal(served.headers.get('connection'), 'close');
    await stopped;
    assert.ok(performance.now() - stopAsked >= 590, 'closed only after the drain');
    await assert.rejects(fetch(`${instance.url}/health/live`));
  });

  it('given a SHUTDOWN_DRAIN_MS that is not a number of milliseconds, then the service refuses to start', async () => {
    await assert.rejects(
      startService(notesService, {
        databaseServerUrl: serverUrl,
        databasePrefix: prefix,
        logLevel: 'silent',
        tokens: tokens.verifier,
        env: { SHUTDOWN_DRAIN_MS: 'soon' },
      }),
      /SHUTDOWN_DRAIN_MS/,
    );
  });
});

describe('service host load shedding', () => {
  const serverUrl = testDatabaseServerUrl();
  const prefix = uniqueDatabasePrefix('shed');
  after(() => dropDatabasesWithPrefix(serverUrl, prefix));

  it('given more requests in flight than SHED_MAX_IN_FLIGHT, then any service answers the excess 503 overloaded with Retry-After', async () => {
    const service = await startService(notesService, {
      databaseServerUrl: serverUrl,
      databasePrefix: prefix,
      logLevel: 'silent',
      tokens: tokens.verifier,
      env: { SHED_MAX_IN_FLIGHT: '1', SHED_RETRY_AFTER_SECONDS: '3' },
    });
    try {
      const held = fetch(`${service.url}/slow`);
      await sleep(100);
      const shed = await fetch(`${service.url}/slow`);
      assert.equal(shed.status, 503);
      assert.equal(shed.headers.get('retry-after'), '3');
      assert.match(shed.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const body = (await shed.json()) as { type: string; reason: string };
      assert.equal(body.type, 'urn:bazaar:problem:overloaded');
      assert.equal(body.reason, 'in_flight');
      assert.equal((await fetch(`${service.url}/health/ready`)).status, 503, 'not ready while shedding');
      assert.equal((await held).status, 200);
      assert.equal((await fetch(`${service.url}/health/ready`)).status, 200);
    } finally {
      await service.stop();
    }
  });

  it('given a bad shedding threshold, then the start is refused naming the variable', async () => {
    await assert.rejects(
      startService(notesService, {
        databaseServerUrl: serverUrl,
        databasePrefix: prefix,
        logLevel: 'silent',
        tokens: tokens.verifier,
        env: { SHED_SAMPLE_INTERVAL_MS: '5' },
      }),
      /SHED_SAMPLE_INTERVAL_MS/,
    );
  });
});

describe('service host on embedded PostgreSQL', { timeout: 120_000 }, () => {
  it('is unready while its database is down and ready again when it is back', async () => {
    const cluster = new EmbeddedCluster({ dataDir: join(workDir, 'embedded') });
    await cluster.start();
    const port = cluster.port;
    const service = await startService(notesService, {
      databaseServerUrl: cluster.url,
      databasePrefix: 'host',
      logLevel: 'silent',
      tokens: tokens.verifier,
    });
    try {
      assert.equal((await fetch(`${service.url}/health/ready`)).status, 200);
      await cluster.stop();
      const down = await fetch(`${service.url}/health/ready`);
      assert.equal(down.status, 503);
      const report = (await down.json()) as { checks: { name: string; ok: boolean }[] };
      assert.equal(report.checks.find((c) => c.name === 'database')?.ok, false);
      assert.equal(
        (await fetch(`${service.url}/health/live`)).status,
        200,
        'alive: restarting it would not help',
      );

      const again = new EmbeddedCluster({ dataDir: join(workDir, 'embedded'), port });
      await again.start();
      try {
        let status = 0;
        for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
          status = (await fetch(`${service.url}/health/ready`)).status;
          if (status !== 200) await sleep(100);
        }
        assert.equal(status, 200);
        const created = await fetch(`${service.url}/notes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: 'after the outage' }),
        });
        assert.equal(created.status, 201);
      } finally {
        await service.stop();
        await again.stop();
      }
    } finally {
      await service.stop();
      await cluster.stop();
    }
  });
});
