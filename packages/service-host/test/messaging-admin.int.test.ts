import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventCatalog, PUBLISHED_SETTLE_MS } from '@bazaar/messaging';
import { createTestTokenIssuer, eventually, startTestService, type TestTokenIssuer } from '@bazaar/testing';
import { Type } from '@sinclair/typebox';
import { defineService, requireDb, requireMessaging } from '../src/index.js';

// A small service that publishes an event per note it stores, run by the real host on the test PostgreSQL
// with the PostgreSQL message store: its admin route lists what went onto the transport.
const migrationsDir = mkdtempSync(join(tmpdir(), 'bazaar-published-'));
writeFileSync(join(migrationsDir, '001_notes.sql'), 'CREATE TABLE notes (text text PRIMARY KEY);');

const TYPE = 'notes.note-added';
const events = eventCatalog([
  {
    type: TYPE,
    topic: 'notes',
    publisher: 'notes',
    description: 'A note was stored',
    data: Type.Object({ text: Type.String() }),
  },
]);

const notesService = defineService({
  name: 'notes',
  description: 'Test service',
  migrationsDir,
  messaging: { events, subscriptions: [] },
  start(context) {
    const db = requireDb(context);
    const messaging = requireMessaging(context);
    return {
      routes(app) {
        app.post(
          '/api/notes',
          { schema: { hide: true, body: Type.Object({ text: Type.String({ maxLength: 100 }) }) } },
          async (request, reply) => {
            const { text } = request.body;
            await db.begin(async (tx) => {
              await tx`INSERT INTO notes (text) VALUES (${text})`;
              await messaging.publish(tx, [{ type: TYPE, subject: text, data: { text } }]);
            });
            return reply.code(201).send({ text });
          },
        );
      },
    };
  },
});

let issuer: TestTokenIssuer;
let adminToken: string;
let service: Awaited<ReturnType<typeof startTestService>>;

before(async () => {
  issuer = await createTestTokenIssuer();
  adminToken = await issuer.token({ role: 'admin' });
  service = await startTestService(notesService, { tokens: issuer.verifier, transport: true });
});
after(async () => {
  await service?.close();
  rmSync(migrationsDir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: unknown, token = adminToken) {
  const response = await fetch(`${service.url}${path}`, {
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
    contentType: response.headers.get('content-type') ?? '',
    // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field
    body: (text ? JSON.parse(text) : undefined) as any,
  };
}

async function storeNotes(...texts: string[]) {
  for (const text of texts) assert.equal((await call('POST', '/api/notes', { text })).status, 201);
  await service.messaging!.drained();
  // A read lists what was published a moment ago, not just now (a late commit could still slip in below):
  // wait until the relay has marked every row and the last mark is that old, by the database's clock (the
  // mark commits after the publish that drained() waits for, later still on a busy machine).
  await eventually(async () => {
    const [row] = await service.context.db!<{ unsettled: number }[]>`
      SELECT count(*)::int AS unsettled FROM outbox
      WHERE published_at IS NULL OR published_at >= now() - make_interval(secs => ${PUBLISHED_SETTLE_MS / 1000})`;
    return row!.unsettled === 0 ? true : undefined;
  }, 'the notes are published and settled');
}

const PUBLISHED = '/api/admin/messaging/notes/published';
const subjects = (items: { subject: string }[]) => items.map((item) => item.subject);

describe('GET /api/admin/messaging/<service>/published', () => {
  it('lists the published events with their envelope fields, and continues after the last outbox id', async () => {
    await storeNotes('first', 'second', 'third');
    const page = await call('GET', `${PUBLISHED}?after=0&limit=2`);
    assert.equal(page.status, 200);
    assert.equal(page.body.service, 'notes');
    assert.deepEqual(subjects(page.body.items), ['first', 'second']);
    const [first] = page.body.items;
    assert.equal(first.type, TYPE);
    assert.equal(first.topic, 'notes');
    assert.equal(first.source, '/bazaar/notes');
    assert.deepEqual(first.data, { text: 'first' });
    assert.equal(first.dataTruncated, false);
    assert.match(first.traceparent, /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/, 'from the request that wrote it');
    assert.ok(Date.parse(first.publishedAt) >= Date.parse(first.time), 'published after it was created');

    assert.equal(page.body.next, page.body.items[1].outboxId);
    const rest = await call('GET', `${PUBLISHED}?after=${page.body.next}`);
    assert.deepEqual(subjects(rest.body.items), ['third']);
    const none = await call('GET', `${PUBLISHED}?after=${rest.body.next}`);
    assert.deepEqual(none.body.items, []);
    assert.equal(none.body.next, rest.body.next);
  });

  it('without after answers the latest messages, oldest of them first', async () => {
    await storeNotes('fourth', 'fifth');
    const latest = await call('GET', `${PUBLISHED}?limit=2`);
    assert.equal(latest.status, 200);
    assert.deepEqual(subjects(latest.body.items), ['fourth', 'fifth']);
  });

  it('refuses anyone but an admin', async () => {
    assert.equal((await call('GET', PUBLISHED, undefined, '')).status, 401);
    const customer = await issuer.token({ role: 'customer' });
    const refused = await call('GET', PUBLISHED, undefined, customer);
    assert.equal(refused.status, 403);
    assert.match(refused.contentType, /^application\/problem\+json/);
  });

  it('answers a limit above 200 or a negative position with a 400 problem', async () => {
    for (const query of ['limit=201', 'limit=0', 'after=-1', 'after=x', 'from=1']) {
      const answer = await call('GET', `${PUBLISHED}?${query}`);
      assert.equal(answer.status, 400, query);
      assert.match(answer.contentType, /^application\/problem\+json/, query);
      assert.equal(answer.body.type, 'urn:bazaar:problem:validation', query);
    }
  });
});
