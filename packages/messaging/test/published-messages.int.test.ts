import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import {
  createEnvelope,
  enqueue,
  installMessageStore,
  installOutbox,
  listPublishedMessages,
  MAX_PUBLISHED_DATA_CHARS,
  MAX_PUBLISHED_PAGE,
  postgresMessageStore,
  startOutboxRelay,
} from '../src/index.js';

// The record of what a service put onto the transport, read from its outbox on the real PostgreSQL: what the
// console's live tail of events shows.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('published');
let bus: Pool;
let service: Pool;

before(async () => {
  for (const name of ['bus', 'service']) await ensureDatabase(serverUrl, `${prefix}_${name}`);
  bus = createPool(databaseUrlFor(serverUrl, `${prefix}_bus`), { max: 4 });
  service = createPool(databaseUrlFor(serverUrl, `${prefix}_service`), { max: 4 });
  await installMessageStore(bus);
  await installOutbox(service);
});
after(async () => {
  await bus?.end();
  await service?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

const placed = (orderId: string, extra: Record<string, unknown> = {}) => ({
  topic: 'ordering.orders',
  partitionKey: orderId,
  envelope: createEnvelope({
    type: 'ordering.order-placed',
    source: '/bazaar/ordering',
    subject: orderId,
    data: { orderId, ...extra },
    traceparent: TRACEPARENT,
  }),
});

/** Writes messages to the outbox as a service does, one transaction each; answers their outbox ids. */
async function written(...orderIds: string[]): Promise<number[]> {
  for (const orderId of orderIds) await service.begin((tx) => enqueue(tx, [placed(orderId)]));
  const rows = await service<{ id: number }[]>`
    SELECT id FROM outbox WHERE envelope->>'subject' = ANY(${orderIds}) ORDER BY id`;
  return rows.map((row) => row.id);
}

/** Marks rows published as the relay does once the transport confirmed them. */
async function markPublished(ids: readonly number[]): Promise<void> {
  await service`UPDATE outbox SET published_at = now() WHERE id = ANY(${ids}::bigint[])`;
}

const subjects = (messages: readonly { subject?: string }[]) => messages.map((message) => message.subject);

describe('published messages from the outbox', () => {
  beforeEach(async () => {
    await service`TRUNCATE outbox RESTART IDENTITY`;
  });

  it('lists what the relay published over the message store, with the envelope fields and when', async () => {
    const transport = postgresMessageStore(bus, { pollMs: 100 });
    const relay = await startOutboxRelay(service, transport, { pollMs: 100 });
    try {
      const started = Date.now();
      const ids = await written('o-1', 'o-2', 'o-3');
      await relay.drained();
      const messages = await listPublishedMessages(service, { after: 0, limit: 10 });
      assert.deepEqual(
        messages.map((message) => message.outboxId),
        ids,
      );
      const [first] = messages;
      assert.equal(first!.topic, 'ordering.orders');
      assert.equal(first!.type, 'ordering.order-placed');
      assert.equal(first!.source, '/bazaar/ordering');
      assert.equal(first!.subject, 'o-1');
      assert.equal(first!.traceparent, TRACEPARENT);
      assert.deepEqual(first!.data, { orderId: 'o-1' });
      assert.equal(first!.dataTruncated, false);
      assert.match(first!.id, /^[0-9a-f-]{36}$/);
      assert.ok(!Number.isNaN(Date.parse(first!.time)));
      assert.ok(first!.publishedAt.getTime() >= started - 1_000, 'published just now');
    } finally {
      await relay.stop();
      await transport.close();
    }
  });

  it('continues after an outbox id in ascending order, a page at a time', async () => {
    const ids = await written('a', 'b', 'c', 'd', 'e');
    await markPublished(ids);
    const firstPage = await listPublishedMessages(service, { after: 0, limit: 2 });
    assert.deepEqual(subjects(firstPage), ['a', 'b']);
    const secondPage = await listPublishedMessages(service, { after: firstPage.at(-1)!.outboxId, limit: 2 });
    assert.deepEqual(subjects(secondPage), ['c', 'd']);
    const rest = await listPublishedMessages(service, { after: secondPage.at(-1)!.outboxId, limit: 2 });
    assert.deepEqual(subjects(rest), ['e']);
    assert.deepEqual(await listPublishedMessages(service, { after: rest.at(-1)!.outboxId, limit: 2 }), []);
  });

  it('without a position answers the latest messages, oldest of them first, so a tail starts now', async () => {
    await markPublished(await written('old-1', 'old-2', 'new-1', 'new-2'));
    assert.deepEqual(subjects(await listPublishedMessages(service, { limit: 2 })), ['new-1', 'new-2']);
  });

  it('never lists a message before the relay published it', async () => {
    const [first, second] = await written('sent', 'waiting');
    await markPublished([first!]);
    assert.deepEqual(subjects(await listPublishedMessages(service, { after: 0, limit: 10 })), ['sent']);
    assert.deepEqual(subjects(await listPublishedMessages(service, { limit: 10 })), ['sent']);
    await markPublished([second!]);
    assert.deepEqual(subjects(await listPublishedMessages(service, { after: first!, limit: 10 })), [
      'waiting',
    ]);
  });

  it('holds back a message published ahead of an older one still waiting, so a reader continuing after it misses neither', async () => {
    // Batches in flight at once: the later batch can be confirmed and marked before the earlier one.
    const [older, newer] = await written('older', 'newer');
    await markPublished([newer!]);
    assert.deepEqual(await listPublishedMessages(service, { after: 0, limit: 10 }), []);
    assert.deepEqual(await listPublishedMessages(service, { limit: 10 }), []);
    await markPublished([older!]);
    assert.deepEqual(subjects(await listPublishedMessages(service, { after: 0, limit: 10 })), [
      'older',
      'newer',
    ]);
  });

  it(`reads at most ${MAX_PUBLISHED_PAGE} messages at once`, async () => {
    await service.begin((tx) =>
      enqueue(
        tx,
        Array.from({ length: MAX_PUBLISHED_PAGE + 5 }, (_, index) => placed(`bulk-${index}`)),
      ),
    );
    await service`UPDATE outbox SET published_at = now()`;
    assert.equal(
      (await listPublishedMessages(service, { after: 0, limit: 1_000 })).length,
      MAX_PUBLISHED_PAGE,
    );
  });

  it('cuts data whose JSON is longer than the limit to a string of its beginning, and says so', async () => {
    const note = 'x'.repeat(MAX_PUBLISHED_DATA_CHARS);
    await service.begin((tx) => enqueue(tx, [placed('large', { note }), placed('small')]));
    await service`UPDATE outbox SET published_at = now()`;
    const [large, small] = await listPublishedMessages(service, { after: 0, limit: 10 });
    assert.equal(large!.dataTruncated, true);
    assert.equal(typeof large!.data, 'string');
    assert.equal((large!.data as string).length, MAX_PUBLISHED_DATA_CHARS);
    assert.ok((large!.data as string).startsWith('{"note": "xxx'), 'the beginning of the JSON');
    assert.equal(small!.dataTruncated, false);
    assert.deepEqual(small!.data, { orderId: 'small' });
  });
});
