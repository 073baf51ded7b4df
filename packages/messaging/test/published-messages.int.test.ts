import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import {
  dropDatabasesWithPrefix,
  eventually,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import {
  createEnvelope,
  enqueue,
  installMessageStore,
  installOutbox,
  listPublishedMessages,
  MAX_PUBLISHED_DATA_CHARS,
  MAX_PUBLISHED_PAGE,
  PUBLISHED_SETTLE_MS,
  type PublishedPage,
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

/** Marks rows published as the relay does once the transport confirmed them, a while ago. */
async function markPublished(ids: readonly number[], ago = '1 minute'): Promise<void> {
  await service`
    UPDATE outbox SET published_at = now() - ${ago}::interval WHERE id = ANY(${ids}::bigint[])`;
}

const subjects = (page: PublishedPage) => page.messages.map((message) => message.subject);
const read = (options: { after?: number; limit?: number }) =>
  listPublishedMessages(service, { limit: 10, ...options });

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
      // The relay marks a row after the publish drained() waits for: wait by the database's clock until
      // every row is marked and settled.
      await eventually(async () => {
        const [row] = await service<{ unsettled: number }[]>`
          SELECT count(*)::int AS unsettled FROM outbox WHERE published_at IS NULL
             OR published_at >= now() - make_interval(secs => ${PUBLISHED_SETTLE_MS / 1000})`;
        return row!.unsettled === 0 ? true : undefined;
      }, 'every row published and settled');
      const { messages, next } = await read({ after: 0 });
      assert.deepEqual(
        messages.map((message) => message.outboxId),
        ids,
      );
      assert.equal(next, ids.at(-1));
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
    const firstPage = await read({ after: 0, limit: 2 });
    assert.deepEqual(subjects(firstPage), ['a', 'b']);
    const secondPage = await read({ after: firstPage.next, limit: 2 });
    assert.deepEqual(subjects(secondPage), ['c', 'd']);
    const rest = await read({ after: secondPage.next, limit: 2 });
    assert.deepEqual(subjects(rest), ['e']);
    assert.deepEqual(await read({ after: rest.next, limit: 2 }), { messages: [], next: ids.at(-1) });
  });

  it('without a position answers the latest messages, oldest of them first, so a tail starts now', async () => {
    const ids = await written('old-1', 'old-2', 'new-1', 'new-2');
    await markPublished(ids);
    const latest = await read({ limit: 2 });
    assert.deepEqual(subjects(latest), ['new-1', 'new-2']);
    assert.equal(latest.next, ids.at(-1));
  });

  it('without a position and with nothing published yet, continues from the start', async () => {
    assert.deepEqual(await read({}), { messages: [], next: 0 });
    await written('first');
    assert.deepEqual(await read({}), { messages: [], next: 0 }, 'written, not yet published');
  });

  it('never lists a message before the relay published it', async () => {
    const [first, second] = await written('sent', 'waiting');
    await markPublished([first!]);
    assert.deepEqual(subjects(await read({ after: 0 })), ['sent']);
    assert.deepEqual(subjects(await read({})), ['sent']);
    await markPublished([second!]);
    assert.deepEqual(subjects(await read({ after: first! })), ['waiting']);
  });

  it('holds back a message published ahead of an older one still waiting, so a reader continuing misses neither', async () => {
    // Batches in flight at once: the later batch can be confirmed and marked before the earlier one.
    const [older, newer] = await written('older', 'newer');
    await markPublished([newer!]);
    assert.deepEqual(await read({ after: 0 }), { messages: [], next: 0 });
    assert.deepEqual(await read({}), { messages: [], next: 0 });
    await markPublished([older!]);
    assert.deepEqual(subjects(await read({ after: 0 })), ['older', 'newer']);
  });

  it('holds back a message published within the settle time, and every message above it', async () => {
    // A row whose transaction committed late (after the rows above it were published) is published late too:
    // the rows above wait behind it, whether the reader has a position or starts now.
    const [early, late, above] = await written('early', 'late', 'above');
    await markPublished([early!, above!]);
    await markPublished([late!], '0 seconds');
    assert.deepEqual(subjects(await read({ after: 0 })), ['early']);
    const latest = await read({});
    assert.deepEqual(subjects(latest), ['early']);
    assert.equal(latest.next, early);
    // A margin: a timer may fire a millisecond early against the database's clock.
    await sleep(PUBLISHED_SETTLE_MS + 50);
    assert.deepEqual(subjects(await read({ after: early! })), ['late', 'above']);
  });

  it(`reads at most ${MAX_PUBLISHED_PAGE} messages at once`, async () => {
    await service.begin((tx) =>
      enqueue(
        tx,
        Array.from({ length: MAX_PUBLISHED_PAGE + 5 }, (_, index) => placed(`bulk-${index}`)),
      ),
    );
    await service`UPDATE outbox SET published_at = now() - interval '1 minute'`;
    assert.equal((await read({ after: 0, limit: 1_000 })).messages.length, MAX_PUBLISHED_PAGE);
  });

  it('cuts data whose JSON is longer than the limit to a string of its beginning, and says so', async () => {
    const note = 'x'.repeat(MAX_PUBLISHED_DATA_CHARS);
    await service.begin((tx) => enqueue(tx, [placed('large', { note }), placed('small')]));
    await service`UPDATE outbox SET published_at = now() - interval '1 minute'`;
    const [large, small] = (await read({ after: 0 })).messages;
    assert.equal(large!.dataTruncated, true);
    assert.equal(typeof large!.data, 'string');
    assert.equal((large!.data as string).length, MAX_PUBLISHED_DATA_CHARS);
    assert.ok((large!.data as string).startsWith('{"note": "xxx'), 'the beginning of the JSON');
    assert.equal(small!.dataTruncated, false);
    assert.deepEqual(small!.data, { orderId: 'small' });
  });
});
