import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { eventCatalog } from '@bazaar/messaging';
import {
  createTestTokenIssuer,
  eventDriver,
  eventually,
  startTestService,
  type TestTokenIssuer,
} from '@bazaar/testing';
import { Type } from '@sinclair/typebox';
import { defineService, requireDb, requireMessaging } from '../src/index.js';

// A small service with one HTTP route and one consumer of its own event, run by the real host on the test
// PostgreSQL with the PostgreSQL message store: enough to see faults strike HTTP answers and handlers.
const migrationsDir = mkdtempSync(join(tmpdir(), 'bazaar-faults-'));
writeFileSync(join(migrationsDir, '001_chores.sql'), 'CREATE TABLE done (chore text PRIMARY KEY);');

const TOPIC = 'chores';
const TYPE = 'chores.chore-added';
const GROUP = 'chores.worker';
const events = eventCatalog([
  {
    type: TYPE,
    topic: TOPIC,
    publisher: 'chores',
    description: 'A chore to do',
    data: Type.Object({ chore: Type.String() }),
  },
]);

const choresService = defineService({
  name: 'chores',
  description: 'Test service',
  migrationsDir,
  messaging: { events, subscriptions: [{ group: GROUP, topics: [TOPIC] }] },
  start(context) {
    const db = requireDb(context);
    requireMessaging(context).subscribe({
      name: 'worker',
      types: [TYPE],
      // Many quick retries: a fault must be seen failing a delivery again and again without dead-lettering it.
      retry: { maxAttempts: 1_000, baseDelayMs: 20, maxDelayMs: 100 },
      async handle(event, tx) {
        await tx`INSERT INTO done (chore) VALUES (${(event.data as { chore: string }).chore})`;
      },
    });
    return {
      routes(app) {
        app.get('/api/chores', { schema: { hide: true } }, async () => ({
          done: (await db<{ chore: string }[]>`SELECT chore FROM done ORDER BY chore`).map(
            (row) => row.chore,
          ),
        }));
      },
    };
  },
});

let issuer: TestTokenIssuer;
let adminToken: string;
before(async () => {
  issuer = await createTestTokenIssuer();
  adminToken = await issuer.token({ role: 'admin' });
});
after(() => rmSync(migrationsDir, { recursive: true, force: true }));

async function call(base: string, method: string, path: string, body?: unknown, token = adminToken) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field
    body: (text ? JSON.parse(text) : undefined) as any,
  };
}

describe('fault injection switched off (the default)', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  before(async () => {
    service = await startTestService(choresService, { tokens: issuer.verifier });
  });
  after(() => service?.close());

  it('given FAULTS_ENABLED unset, then every fault route answers 404 faults-disabled, never a 500', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/admin/faults/chores'],
      ['POST', '/api/admin/faults/chores', { kind: 'outage' }],
      ['PUT', '/api/admin/faults/chores/x', { kind: 'outage' }],
      ['GET', '/api/admin/faults/chores/x'],
      ['DELETE', '/api/admin/faults/chores/x'],
      ['DELETE', '/api/admin/faults/chores'],
    ] as const) {
      const answer = await call(service.url, method, path, body);
      assert.equal(answer.status, 404, `${method} ${path}`);
      assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
      assert.equal(answer.body.type, 'urn:bazaar:problem:faults-disabled');
    }
    assert.equal((await call(service.url, 'GET', '/api/chores')).status, 200);
  });

  it('given a caller who is not an admin, then 401 or 403 comes first, whether faults are on or not', async () => {
    assert.equal((await call(service.url, 'GET', '/api/admin/faults/chores', undefined, '')).status, 401);
    const customer = await issuer.token({ role: 'customer' });
    assert.equal(
      (await call(service.url, 'GET', '/api/admin/faults/chores', undefined, customer)).status,
      403,
    );
  });
});

describe('fault injection switched on (FAULTS_ENABLED=true)', () => {
  let service: Awaited<ReturnType<typeof startTestService>>;
  let driver: ReturnType<typeof eventDriver>;
  const faults = () => `${service.url}/api/admin/faults/chores`;
  const add = (spec: Record<string, unknown>) => call(faults(), 'POST', '', spec);
  const clear = async () => assert.equal((await call(faults(), 'DELETE', '')).status, 204);

  before(async () => {
    service = await startTestService(choresService, {
      tokens: issuer.verifier,
      env: { FAULTS_ENABLED: 'true' },
      transport: true,
    });
    driver = eventDriver(service, { source: '/bazaar/chores', group: GROUP });
  });
  after(() => service?.close());

  it('given no fault, then the list is empty and the service answers normally', async () => {
    const listed = await call(faults(), 'GET', '');
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body, { service: 'chores', items: [] });
    assert.equal((await call(service.url, 'GET', '/api/chores')).status, 200);
  });

  it('given latency on HTTP, then answers come later than liveness and at least latencyMs late', async () => {
    const added = await add({ kind: 'latency', target: 'http', latencyMs: 400 });
    assert.equal(added.status, 201);
    assert.equal(added.headers.get('location'), `/api/admin/faults/chores/${added.body.id}`);
    try {
      const order: string[] = [];
      const started = performance.now();
      const slow = call(service.url, 'GET', '/api/chores').then((answer) => {
        order.push('chores');
        return { answer, elapsed: performance.now() - started };
      });
      const live = fetch(`${service.url}/health/live`).then((answer) => {
        order.push('live');
        return answer;
      });
      assert.equal((await live).status, 200);
      const { answer, elapsed } = await slow;
      assert.equal(answer.status, 200, 'latency alone does not fail');
      assert.deepEqual(order, ['live', 'chores']);
      assert.ok(elapsed >= 390, `answered after ${elapsed} ms`);
      assert.equal((await fetch(`${service.url}/health/ready`)).status, 200, 'latency keeps it ready');
    } finally {
      await clear();
    }
  });

  it('given an error at rate 1, then answers are that 5xx problem; readiness is not affected', async () => {
    const added = await add({ kind: 'error', target: 'http', status: 500, rate: 1 });
    try {
      const answer = await call(service.url, 'GET', '/api/chores');
      assert.equal(answer.status, 500);
      assert.equal(answer.body.type, 'urn:bazaar:problem:fault-injected');
      assert.equal(answer.body.faultId, added.body.id);
      assert.equal(answer.headers.get('retry-after'), null);
      assert.equal((await fetch(`${service.url}/health/ready`)).status, 200);
      const one = await call(faults(), 'GET', `/${added.body.id}`);
      assert.equal(one.body.injected, 1);
    } finally {
      await clear();
    }
  });

  it('given an outage with an id of its own, then every answer is 503 and /health/ready is 503 too; clearing heals it', async () => {
    const put = await call(faults(), 'PUT', '/chores-down', { kind: 'outage', target: 'http' });
    assert.equal(put.status, 201);
    assert.equal(
      (await call(faults(), 'PUT', '/chores-down', { kind: 'outage', target: 'http' })).status,
      200,
    );
    const answer = await call(service.url, 'GET', '/api/chores');
    assert.equal(answer.status, 503);
    assert.equal(answer.body.type, 'urn:bazaar:problem:fault-injected');
    assert.equal(answer.headers.get('retry-after'), null, 'a sick service does not say when it is back');
    const ready = await fetch(`${service.url}/health/ready`);
    assert.equal(ready.status, 503);
    const report = (await ready.json()) as { checks: { name: string; ok: boolean }[] };
    assert.equal(report.checks.find((check) => check.name === 'faults')?.ok, false);
    assert.equal((await fetch(`${service.url}/health/live`)).status, 200, 'alive: a restart would not help');
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    assert.match(metrics, /faults_injected_total\{kind="outage",target="http",service="chores"\} 1/);

    assert.equal((await call(faults(), 'DELETE', '/chores-down')).status, 204);
    assert.equal((await call(faults(), 'DELETE', '/chores-down')).status, 404);
    assert.equal((await call(service.url, 'GET', '/api/chores')).status, 200);
    assert.equal((await fetch(`${service.url}/health/ready`)).status, 200);
  });

  it('given a fault that does not make sense, then 400 names the field, and nothing is injected', async () => {
    const refused = await add({ kind: 'outage', target: 'messages', rate: 0.5 });
    assert.equal(refused.status, 400);
    assert.deepEqual(
      refused.body.errors.map((error: { pointer: string }) => error.pointer),
      ['/rate'],
    );
    assert.equal((await add({ kind: 'outage', colour: 'red' })).status, 400);
    assert.deepEqual((await call(faults(), 'GET', '')).body.items, []);
  });

  it('given a duration, when it has passed, then the fault has removed itself', async () => {
    await add({ kind: 'outage', target: 'http', durationSeconds: 1 });
    assert.equal((await call(service.url, 'GET', '/api/chores')).status, 503);
    await eventually(
      async () => ((await call(service.url, 'GET', '/api/chores')).status === 200 ? true : undefined),
      'the fault expired',
      10_000,
    );
    assert.deepEqual((await call(faults(), 'GET', '')).body.items, []);
  });

  it('given an outage on messages, then deliveries fail and are retried; after clearing, the message is handled once', async () => {
    const added = await add({ kind: 'outage', target: 'messages' });
    assert.equal(added.status, 201);
    assert.equal((await call(service.url, 'GET', '/api/chores')).status, 200, 'HTTP is not affected');
    const messageId = await driver.send(TOPIC, TYPE, { chore: 'dishes' });
    // Struck at least three times: the first delivery and two retries, each refused by the fault.
    await eventually(async () => {
      const fault = await call(faults(), 'GET', `/${added.body.id}`);
      return fault.body.injected >= 3 ? true : undefined;
    }, 'the delivery failed and was retried');
    assert.deepEqual((await call(service.url, 'GET', '/api/chores')).body.done, []);
    const backlog = await service.messaging!.transport!.backlog(GROUP);
    assert.equal(backlog.waiting, 1, 'waiting for its next try, not dead');
    assert.equal(backlog.dead, 0);

    await clear();
    await driver.handled(messageId);
    assert.deepEqual((await call(service.url, 'GET', '/api/chores')).body.done, ['dishes']);
    await eventually(
      async () => ((await service.messaging!.transport!.backlog(GROUP)).waiting === 0 ? true : undefined),
      'nothing is left waiting',
    );
  });

  it('given latency on messages, then the handler runs late but the message is handled', async () => {
    await add({ kind: 'latency', target: 'messages', latencyMs: 300 });
    try {
      const started = performance.now();
      await driver.sendAndWait(TOPIC, TYPE, { chore: 'laundry' });
      assert.ok(performance.now() - started >= 290);
    } finally {
      await clear();
    }
  });
});
