import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ConfigError } from '@bazaar/config';
import { FULFILMENT_TOPICS, FULFILMENT_TYPES } from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import {
  createTestTokenIssuer,
  dropDatabasesWithPrefix,
  eventDriver,
  injectJson,
  startTestService,
  type TestTokenIssuer,
  testDatabaseServerUrl,
  uniqueDatabasePrefix,
} from '@bazaar/testing';
import { shippingService } from '../src/service.js';

// The shipping service on the real PostgreSQL with the PostgreSQL message store: commands are published on
// the transport as ordering's saga would, and the replies are read from the service's own outbox.
let shipping: Awaited<ReturnType<typeof startTestService>>;
let db: Pool;
let issuer: TestTokenIssuer;
let driver: ReturnType<typeof eventDriver>;

const GROUP = 'shipping.commands';
const TRACKING = /^BZ[A-Z0-9]{10}$/;
const call = (...args: Parameters<ReturnType<typeof injectJson>>) => injectJson(shipping.app)(...args);

interface Reply {
  type: string;
  data: Record<string, unknown> & { shipmentId?: string | null; trackingNumber?: string };
}

interface ShipmentRow {
  status: string;
  shipmentId: string | null;
  userId: string | null;
  trackingNumber: string | null;
  country: string | null;
  detail: string | null;
  updatedAt: Date;
}

/** Sends a command as the saga does: every send is a new message, even when it repeats a command. */
const send = (type: string, data: { orderId: string } & Record<string, unknown>) =>
  driver.send(FULFILMENT_TOPICS.shippingCommands, type, data, data.orderId);

/** Waits until the consumer has handled the message (its effect committed with the inbox row). */
const handled = (messageId: string) => driver.handled(messageId);

const create = (orderId: string, options: { userId?: string; country?: string } = {}) =>
  send(FULFILMENT_TYPES.createShipment, {
    orderId,
    userId: options.userId ?? randomUUID(),
    address: {
      name: 'Ann',
      line1: '1 Main St',
      city: 'Berlin',
      postalCode: '10115',
      country: options.country ?? 'DE',
    },
  });
const cancel = (orderId: string) => send(FULFILMENT_TYPES.cancelShipment, { orderId });
const createAndWait = async (...args: Parameters<typeof create>) => handled(await create(...args));
const cancelAndWait = async (orderId: string) => handled(await cancel(orderId));

async function repliesFor(orderId: string): Promise<Reply[]> {
  return (await driver.published(orderId)).map(({ type, data }) => ({ type, data }) as Reply);
}

async function shipmentOf(orderId: string): Promise<ShipmentRow | undefined> {
  const [row] = await db<ShipmentRow[]>`
    SELECT status, shipment_id AS "shipmentId", user_id AS "userId", tracking_number AS "trackingNumber",
           country, detail, updated_at AS "updatedAt"
    FROM shipments WHERE order_id = ${orderId}`;
  return row;
}

before(async () => {
  issuer = await createTestTokenIssuer();
  shipping = await startTestService(shippingService, {
    transport: true,
    tokens: issuer.verifier,
    env: { SHIPPING_UNAVAILABLE_COUNTRIES: 'AQ, kp' },
  });
  db = shipping.context.db!;
  driver = eventDriver(shipping, { source: '/bazaar/ordering', group: GROUP });
});
after(async () => {
  await shipping?.close();
});

describe('create-shipment', () => {
  it('creates a shipment with a tracking number and replies shipment-created', async () => {
    const orderId = randomUUID();
    const userId = randomUUID();
    await createAndWait(orderId, { userId, country: 'FR' });
    const row = await shipmentOf(orderId);
    assert.equal(row?.status, 'CREATED');
    assert.equal(row?.userId, userId);
    assert.equal(row?.country, 'FR');
    assert.match(row?.trackingNumber ?? '', TRACKING);
    assert.deepEqual(await repliesFor(orderId), [
      {
        type: FULFILMENT_TYPES.shipmentCreated,
        data: { shipmentId: row?.shipmentId, orderId, trackingNumber: row?.trackingNumber },
      },
    ]);
  });

  it('fails for a country it does not ship to (configured), saying why', async () => {
    for (const [country, name] of [
      ['AQ', 'Antarctica'],
      ['KP', 'North Korea'],
    ]) {
      const orderId = randomUUID();
      await createAndWait(orderId, { country });
      const row = await shipmentOf(orderId);
      assert.equal(row?.status, 'FAILED');
      assert.equal(row?.trackingNumber, null);
      const detail = `Bazaar does not ship to ${name} (${country}).`;
      assert.equal(row?.detail, detail);
      assert.deepEqual(await repliesFor(orderId), [
        { type: FULFILMENT_TYPES.shipmentFailed, data: { orderId, reason: 'SHIPPING_UNAVAILABLE', detail } },
      ]);
    }
  });

  it('answers a repeated request (a new message) with the recorded outcome and creates nothing new', async () => {
    const orderId = randomUUID();
    const userId = randomUUID();
    await createAndWait(orderId, { userId });
    const first = await shipmentOf(orderId);
    await createAndWait(orderId, { userId });
    await createAndWait(orderId, { userId, country: 'AQ' });
    assert.deepEqual(await shipmentOf(orderId), first, 'the shipment did not change');
    const replies = await repliesFor(orderId);
    assert.equal(replies.length, 3);
    for (const reply of replies) assert.deepEqual(reply, replies[0]);

    const failedOrder = randomUUID();
    await createAndWait(failedOrder, { country: 'AQ' });
    await createAndWait(failedOrder, { country: 'AQ' });
    const failures = await repliesFor(failedOrder);
    assert.equal(failures.length, 2);
    assert.deepEqual(failures[1], failures[0]);
  });

  it('creates one shipment when ten copies of the request arrive at once', async () => {
    const orderId = randomUUID();
    const userId = randomUUID();
    const ids = await Promise.all(Array.from({ length: 10 }, () => create(orderId, { userId })));
    await Promise.all(ids.map(handled));
    const [count] = await db<{ rows: number }[]>`
      SELECT count(*)::int AS rows FROM shipments WHERE order_id = ${orderId}`;
    assert.equal(count?.rows, 1);
    const replies = await repliesFor(orderId);
    assert.equal(replies.length, 10, 'every copy is answered');
    assert.equal(new Set(replies.map((reply) => reply.data.trackingNumber)).size, 1, 'with one shipment');
  });
});

describe('cancel-shipment', () => {
  it('cancels a created shipment, answers a repeated cancellation alike, and refuses a late request', async () => {
    const orderId = randomUUID();
    await createAndWait(orderId);
    const created = await shipmentOf(orderId);
    await cancelAndWait(orderId);
    const cancelled = await shipmentOf(orderId);
    assert.equal(cancelled?.status, 'CANCELLED');
    assert.equal(cancelled?.trackingNumber, created?.trackingNumber, 'the tracking number stays on record');

    await cancelAndWait(orderId);
    await createAndWait(orderId);
    assert.deepEqual(await shipmentOf(orderId), cancelled, 'nothing changed after the first cancellation');
    const expected = {
      type: FULFILMENT_TYPES.shipmentCancelled,
      data: { orderId, shipmentId: created?.shipmentId },
    };
    assert.deepEqual(
      (await repliesFor(orderId)).slice(1),
      [expected, expected],
      'the late request got no reply',
    );
  });

  it('leaves a tombstone when the cancellation comes first, and the late request creates nothing', async () => {
    const orderId = randomUUID();
    await cancelAndWait(orderId);
    const tombstone = await shipmentOf(orderId);
    assert.equal(tombstone?.status, 'CANCELLED');
    assert.equal(tombstone?.shipmentId, null);
    assert.equal(tombstone?.userId, null);

    await createAndWait(orderId);
    await cancelAndWait(orderId);
    assert.deepEqual(await shipmentOf(orderId), tombstone);
    const nothing = { type: FULFILMENT_TYPES.shipmentCancelled, data: { orderId, shipmentId: null } };
    assert.deepEqual(await repliesFor(orderId), [nothing, nothing]);
  });

  it('finds the order’s shipment whatever case its id is spelt in', async () => {
    const orderId = randomUUID();
    await createAndWait(orderId.toUpperCase());
    await cancelAndWait(orderId);
    assert.equal((await shipmentOf(orderId))?.status, 'CANCELLED');
    const replies = await repliesFor(orderId);
    assert.deepEqual(
      replies.map((reply) => [reply.type, reply.data.orderId]),
      [
        [FULFILMENT_TYPES.shipmentCreated, orderId],
        [FULFILMENT_TYPES.shipmentCancelled, orderId],
      ],
    );
  });

  it('turns a failed shipment into a cancelled one with no shipment id', async () => {
    const orderId = randomUUID();
    await createAndWait(orderId, { country: 'AQ' });
    await cancelAndWait(orderId);
    const row = await shipmentOf(orderId);
    assert.equal(row?.status, 'CANCELLED');
    assert.match(row?.detail ?? '', /Antarctica/);
    assert.deepEqual((await repliesFor(orderId)).at(-1), {
      type: FULFILMENT_TYPES.shipmentCancelled,
      data: { orderId, shipmentId: null },
    });
  });

  it('never leaves a created shipment behind a cancellation when the two race', async () => {
    const orders = Array.from({ length: 10 }, () => randomUUID());
    const ids = await Promise.all(orders.flatMap((orderId) => [create(orderId), cancel(orderId)]));
    await Promise.all(ids.map(handled));
    for (const orderId of orders) {
      const row = await shipmentOf(orderId);
      assert.equal(row?.status, 'CANCELLED');
      const replies = await repliesFor(orderId);
      const createdReply = replies.find((reply) => reply.type === FULFILMENT_TYPES.shipmentCreated);
      const cancelledReply = replies.find((reply) => reply.type === FULFILMENT_TYPES.shipmentCancelled);
      // Either the shipment was created and then cancelled (the saga heard both, about one shipment), or
      // the cancellation came first and the request was never answered.
      assert.equal(cancelledReply?.data.shipmentId, createdReply ? createdReply.data.shipmentId : null);
      assert.equal(row?.shipmentId, cancelledReply?.data.shipmentId);
    }
  });
});

describe('HTTP: shipments of their owner', () => {
  const userId = randomUUID();
  const otherId = randomUUID();
  let userToken: string;
  let otherToken: string;
  let adminToken: string;
  const orders = [randomUUID(), randomUUID(), randomUUID()];

  before(async () => {
    userToken = await issuer.token({ userId });
    otherToken = await issuer.token({ userId: otherId });
    adminToken = await issuer.token({ role: 'admin' });
    // Oldest first: a created, a failed and a cancelled shipment.
    await createAndWait(orders[0]!, { userId, country: 'DE' });
    await createAndWait(orders[1]!, { userId, country: 'AQ' });
    await createAndWait(orders[2]!, { userId, country: 'NL' });
    await cancelAndWait(orders[2]!);
  });

  it("shows the owner an order's shipment", async () => {
    const { status, body } = await call('GET', `/api/shipments/${orders[0]}`, undefined, userToken);
    assert.equal(status, 200);
    assert.equal(body.orderId, orders[0]);
    assert.equal(body.status, 'CREATED');
    assert.equal(body.country, 'DE');
    assert.match(body.trackingNumber, TRACKING);
    assert.match(body.shipmentId, /^[0-9a-f-]{36}$/);
    assert.equal(body.detail, undefined);
    assert.ok(!Number.isNaN(Date.parse(body.createdAt)));
    assert.ok(Date.parse(body.updatedAt) >= Date.parse(body.createdAt));
    const failed = await call('GET', `/api/shipments/${orders[1]}`, undefined, userToken);
    assert.equal(failed.body.status, 'FAILED');
    assert.equal(failed.body.trackingNumber, null);
    assert.match(failed.body.detail, /Antarctica/);
  });

  it("answers 404 for someone else's shipment, and for none; an admin sees any", async () => {
    const foreign = await call('GET', `/api/shipments/${orders[0]}`, undefined, otherToken);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.type, 'urn:bazaar:problem:not-found');
    assert.equal(foreign.body.trackingNumber, undefined);
    assert.equal((await call('GET', `/api/shipments/${randomUUID()}`, undefined, userToken)).status, 404);
    const admin = await call('GET', `/api/shipments/${orders[0]}`, undefined, adminToken);
    assert.equal(admin.status, 200);
    assert.equal(admin.body.status, 'CREATED');
  });

  it('hides tombstones from users and shows them to admins', async () => {
    const orderId = randomUUID();
    await cancelAndWait(orderId);
    assert.equal((await call('GET', `/api/shipments/${orderId}`, undefined, userToken)).status, 404);
    const admin = await call('GET', `/api/shipments/${orderId}`, undefined, adminToken);
    assert.equal(admin.status, 200);
    assert.equal(admin.body.status, 'CANCELLED');
    assert.equal(admin.body.shipmentId, null);
  });

  it("lists the caller's shipments newest first, page by page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/shipments?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await call('GET', url, undefined, userToken);
      assert.equal(status, 200, JSON.stringify(body));
      assert.ok(body.items.length <= 2);
      seen.push(...body.items.map((item: { orderId: string }) => item.orderId));
      cursor = body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...orders].reverse());
    const others = await call('GET', '/api/shipments', undefined, otherToken);
    assert.deepEqual(others.body, { items: [], nextCursor: null });
  });

  it("lets an admin list another user's shipments, and nobody else", async () => {
    const admin = await call('GET', `/api/shipments?userId=${userId}`, undefined, adminToken);
    assert.equal(admin.status, 200);
    assert.equal(admin.body.items.length, 3);
    const nosy = await call('GET', `/api/shipments?userId=${userId}`, undefined, otherToken);
    assert.equal(nosy.status, 404);
    assert.equal(nosy.body.items, undefined);
  });

  it('answers bad input with 400 problems and a missing token with 401', async () => {
    for (const url of [
      '/api/shipments?limit=0',
      '/api/shipments?limit=101',
      '/api/shipments?userId=42',
      '/api/shipments?sort=asc',
      `/api/shipments?cursor=${'x'.repeat(201)}`,
      '/api/shipments/42',
    ]) {
      const { status, headers, body } = await call('GET', url, undefined, userToken);
      assert.equal(status, 400, url);
      assert.match(String(headers['content-type']), /application\/problem\+json/);
      assert.equal(body.type, 'urn:bazaar:problem:validation', url);
    }
    for (const cursor of [
      'bm90LWEtY3Vyc29y',
      Buffer.from(JSON.stringify(['2026-13-01T00:00:00.000000Z', randomUUID()])).toString('base64url'),
      Buffer.from(JSON.stringify([`${new Date().toISOString()}`, 'x'])).toString('base64url'),
    ]) {
      const forged = await call('GET', `/api/shipments?cursor=${cursor}`, undefined, userToken);
      assert.equal(forged.status, 400);
      assert.equal(forged.body.type, 'urn:bazaar:problem:invalid-cursor');
    }
    assert.equal((await call('GET', '/api/shipments')).status, 401);
    assert.equal((await call('GET', `/api/shipments/${orders[0]}`)).status, 401);
  });

  it('counts the decisions it made as metrics', async () => {
    const metrics = await shipping.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(
      metrics.body,
      /shipping_command_outcomes_total\{command="create",outcome="created"[^}]*\} [1-9]/,
    );
    assert.match(
      metrics.body,
      /shipping_command_outcomes_total\{command="cancel",outcome="tombstoned"[^}]*\} [1-9]/,
    );
  });
});

describe('configuration', () => {
  it('refuses to start with a country code that does not exist, naming the variable', async () => {
    const serverUrl = testDatabaseServerUrl();
    const prefix = uniqueDatabasePrefix('shipcfg');
    try {
      await assert.rejects(
        startTestService(shippingService, {
          serverUrl,
          prefix,
          env: { SHIPPING_UNAVAILABLE_COUNTRIES: 'AQ,XX' },
        }),
        (error: unknown) =>
          error instanceof ConfigError && /SHIPPING_UNAVAILABLE_COUNTRIES: XX/.test(error.message),
      );
    } finally {
      await dropDatabasesWithPrefix(serverUrl, prefix);
    }
  });
});
