import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import { inventoryHarness, type Reply, type Running, startInventory } from './inventory-harness.js';

// The saga's side is played by the test: commands go straight onto the transport, as ordering's relay
// would publish them, and the replies are read from inventory's outbox.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('reserve');
const INITIAL_STOCK = 10;
let inventory: Running;
let harness: ReturnType<typeof inventoryHarness>;

const T = FULFILMENT_TYPES;
const levels = (available: number, reserved = 0, committed = 0) => ({
  received: available + reserved + committed,
  available,
  reserved,
  committed,
});
const stockOf = async (productId: string) => {
  const { productId: _id, ...counts } = (await harness.stock(productId))!;
  return counts;
};

before(async () => {
  inventory = await startInventory(prefix, INITIAL_STOCK);
  harness = inventoryHarness(inventory);
});
after(async () => {
  await inventory?.stop();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

describe('the saga path: reserve, then commit', () => {
  it('holds the stock, sells it on commit, and answers each command', async () => {
    const [p1, p2] = [await harness.newProduct(), await harness.newProduct()];
    const orderId = randomUUID();
    const lines = [
      { productId: p1, quantity: 3 },
      { productId: p2, quantity: 1 },
    ];
    await harness.send(harness.reserve(orderId, lines));
    assert.deepEqual(await harness.repliesOnce(orderId, 1), [
      { type: T.stockReserved, data: { orderId, lines } },
    ]);
    assert.equal((await harness.reservation(orderId))?.status, 'HELD');
    assert.deepEqual(await stockOf(p1), levels(7, 3));
    assert.deepEqual(await stockOf(p2), levels(9, 1));

    await harness.send(harness.commit(orderId));
    const replies = await harness.repliesOnce(orderId, 2);
    assert.deepEqual(replies[1], { type: T.stockCommitted, data: { orderId } });
    assert.equal((await harness.reservation(orderId))?.status, 'COMMITTED');
    assert.deepEqual(await stockOf(p1), levels(7, 0, 3));
    assert.deepEqual(await stockOf(p2), levels(9, 0, 1));
  });

  it('answers repeated commands (new message ids) as before and changes nothing', async () => {
    const productId = await harness.newProduct();
    const orderId = randomUUID();
    const lines = [{ productId, quantity: 2 }];
    await harness.send(harness.reserve(orderId, lines));
    await harness.repliesOnce(orderId, 1);
    await harness.send(harness.reserve(orderId, lines));
    const [first, second] = await harness.repliesOnce(orderId, 2);
    assert.deepEqual(second, first);
    assert.deepEqual(await stockOf(productId), levels(8, 2));

    await harness.send(harness.commit(orderId));
    await harness.repliesOnce(orderId, 3);
    await harness.send(harness.commit(orderId), harness.reserve(orderId, lines));
    const replies = await harness.repliesOnce(orderId, 5);
    assert.deepEqual(
      replies
        .slice(3)
        .map((reply) => reply.type)
        .sort(),
      [T.stockCommitted, T.stockReserved].sort(),
    );
    assert.deepEqual(await stockOf(productId), levels(8, 0, 2));
  });

  it("refuses to release a confirmed order's stock and answers nothing", async () => {
    const productId = await harness.newProduct();
    const orderId = randomUUID();
    await harness.send(harness.reserve(orderId, [{ productId, quantity: 4 }]));
    await harness.repliesOnce(orderId, 1);
    await harness.send(harness.commit(orderId));
    await harness.repliesOnce(orderId, 2);
    const release = harness.release(orderId);
    await harness.send(release);
    await harness.handled(release);
    assert.equal((await harness.replies(orderId)).length, 2);
    assert.equal((await harness.reservation(orderId))?.status, 'COMMITTED');
    assert.deepEqual(await stockOf(productId), levels(6, 0, 4));
  });
});

describe('the compensation path: reserve, then release', () => {
  it('gives held stock back, answers released, and answers a repeat the same way', async () => {
    const productId = await harness.newProduct();
    const orderId = randomUUID();
    await harness.send(harness.reserve(orderId, [{ productId, quantity: 5 }]));
    await harness.repliesOnce(orderId, 1);
    assert.deepEqual(await stockOf(productId), levels(5, 5));

    await harness.send(harness.release(orderId));
    const [, released] = await harness.repliesOnce(orderId, 2);
    assert.deepEqual(released, { type: T.stockReleased, data: { orderId, released: true } });
    assert.equal((await harness.reservation(orderId))?.status, 'RELEASED');
    assert.deepEqual(await stockOf(productId), levels(10));

    await harness.send(harness.release(orderId));
    const replies = await harness.repliesOnce(orderId, 3);
    assert.deepEqual(replies[2], released);
    assert.deepEqual(await stockOf(productId), levels(10));

    // The saga's reserve retry, arriving after the compensation: nothing is held, nothing answered.
    const late = harness.reserve(orderId, [{ productId, quantity: 5 }]);
    await harness.send(late, harness.commit(orderId));
    await harness.handled(late);
    assert.equal((await harness.replies(orderId)).length, 3);
    assert.deepEqual(await stockOf(productId), levels(10));
  });

  it('records a tombstone for a release that comes first, so the late reserve holds nothing', async () => {
    const productId = await harness.newProduct();
    const orderId = randomUUID();
    await harness.send(harness.release(orderId));
    assert.deepEqual(await harness.repliesOnce(orderId, 1), [
      { type: T.stockReleased, data: { orderId, released: false } },
    ]);
    assert.deepEqual(await harness.reservation(orderId), { status: 'RELEASED', reason: null, lines: null });

    const late = harness.reserve(orderId, [{ productId, quantity: 1 }]);
    await harness.send(late);
    await harness.handled(late);
    assert.equal((await harness.replies(orderId)).length, 1);
    assert.deepEqual(await harness.reservation(orderId), { status: 'RELEASED', reason: null, lines: null });
    assert.deepEqual(await stockOf(productId), levels(10));
  });
});

describe('reservations that fail', () => {
  it('holds nothing when one line is short (all or none) and names the short product', async () => {
    const [plenty, scarce] = [await harness.newProduct(), await harness.newProduct()];
    const orderId = randomUUID();
    await harness.send(
      harness.reserve(orderId, [
        { productId: plenty, quantity: 2 },
        { productId: scarce, quantity: INITIAL_STOCK + 1 },
      ]),
    );
    const failure: Reply = {
      type: T.stockReservationFailed,
      data: { orderId, reason: 'OUT_OF_STOCK', productIds: [scarce] },
    };
    assert.deepEqual(await harness.repliesOnce(orderId, 1), [failure]);
    assert.equal((await harness.reservation(orderId))?.status, 'FAILED');
    assert.deepEqual(await stockOf(plenty), levels(10));
    assert.deepEqual(await stockOf(scarce), levels(10));

    // A retry gets the recorded failure again; the release marks it released but gives nothing back.
    await harness.send(harness.reserve(orderId, [{ productId: scarce, quantity: INITIAL_STOCK + 1 }]));
    assert.deepEqual((await harness.repliesOnce(orderId, 2))[1], failure);
    await harness.send(harness.release(orderId));
    assert.deepEqual((await harness.repliesOnce(orderId, 3))[2], {
      type: T.stockReleased,
      data: { orderId, released: false },
    });
    assert.deepEqual(await harness.reservation(orderId), {
      status: 'RELEASED',
      reason: 'OUT_OF_STOCK',
      lines: [
        { productId: plenty, quantity: 2 },
        { productId: scarce, quantity: INITIAL_STOCK + 1 },
      ],
    });
    assert.deepEqual(await stockOf(scarce), levels(10));
  });

  it('answers UNKNOWN_PRODUCT for a product inventory keeps no stock for', async () => {
    const known = await harness.newProduct();
    const unknown = randomUUID();
    const orderId = randomUUID();
    await harness.send(
      harness.reserve(orderId, [
        { productId: known, quantity: 1 },
        { productId: unknown, quantity: 1 },
      ]),
    );
    assert.deepEqual(await harness.repliesOnce(orderId, 1), [
      {
        type: T.stockReservationFailed,
        data: { orderId, reason: 'UNKNOWN_PRODUCT', productIds: [unknown] },
      },
    ]);
    assert.deepEqual(await stockOf(known), levels(10));
  });

  it('commits nothing for an order it never held stock for', async () => {
    const orderId = randomUUID();
    const commit = harness.commit(orderId);
    await harness.send(commit);
    await harness.handled(commit);
    assert.deepEqual(await harness.replies(orderId), []);
    assert.equal(await harness.reservation(orderId), undefined);
  });
});

describe('under concurrency (8 consumers in each of two instances on the same databases)', () => {
  let second: Running;
  before(async () => {
    second = await startInventory(prefix, INITIAL_STOCK);
  });
  after(async () => {
    await second?.stop();
  });

  const commandCounter = async (instance: Running, name: string) => {
    const metrics = await instance.app.inject({ method: 'GET', url: '/metrics' });
    const sample = new RegExp(`^${name}\\{[^}]*group="inventory\\.commands"[^}]*\\} (\\d+)$`, 'm').exec(
      metrics.body,
    );
    return Number(sample?.[1] ?? 0);
  };

  const stockIsBalanced = async (productId: string) => {
    const [row] = await harness.db<{ balanced: boolean; nonNegative: boolean }[]>`
      SELECT received = available + reserved + committed AS balanced,
             least(received, available, reserved, committed) >= 0 AS "nonNegative"
      FROM stock WHERE product_id = ${productId}`;
    assert.deepEqual(row, { balanced: true, nonNegative: true });
  };

  it('holds exactly the 10 units there are among 40 orders of one unit, and gives them all back', async () => {
    const productId = await harness.newProduct();
    const orders = Array.from({ length: 40 }, () => randomUUID());
    await harness.send(...orders.map((orderId) => harness.reserve(orderId, [{ productId, quantity: 1 }])));
    const replies = await Promise.all(
      orders.map(async (orderId) => (await harness.repliesOnce(orderId, 1))[0]!),
    );

    const reserved = replies.filter((reply) => reply.type === T.stockReserved);
    const failed = replies.filter((reply) => reply.type === T.stockReservationFailed);
    assert.equal(reserved.length, 10);
    assert.equal(failed.length, 30);
    for (const reply of failed) assert.deepEqual(reply.data.productIds, [productId]);
    assert.ok(failed.every((reply) => reply.data.reason === 'OUT_OF_STOCK'));
    assert.deepEqual(await stockOf(productId), levels(0, 10));
    await stockIsBalanced(productId);
    const statuses = await harness.db<{ status: string; count: number }[]>`
      SELECT status, count(*)::int AS count FROM reservations
      WHERE order_id = ANY(${orders}::uuid[]) GROUP BY status ORDER BY status`;
    assert.deepEqual(
      [...statuses],
      [
        { status: 'FAILED', count: 30 },
        { status: 'HELD', count: 10 },
      ],
    );
    await harness.send(...orders.map((orderId) => harness.release(orderId)));
    const releases = await Promise.all(
      orders.map(async (orderId) => (await harness.repliesOnce(orderId, 2))[1]!),
    );
    assert.equal(releases.filter((reply) => reply.data.released === true).length, 10);
    assert.equal(releases.filter((reply) => reply.data.released === false).length, 30);
    assert.deepEqual(await stockOf(productId), levels(10));
    await stockIsBalanced(productId);
  });

  it('never deadlocks when orders name the same products in opposite orders', async () => {
    const [a, b] = [await harness.newProduct(), await harness.newProduct()];
    const orders = Array.from({ length: 30 }, () => randomUUID());
    await harness.send(
      ...orders.map((orderId, i) =>
        harness.reserve(
          orderId,
          i % 2 === 0
            ? [
                { productId: a, quantity: 1 },
                { productId: b, quantity: 1 },
              ]
            : [
                { productId: b, quantity: 1 },
                { productId: a, quantity: 1 },
              ],
        ),
      ),
    );
    const replies = await Promise.all(
      orders.map(async (orderId) => (await harness.repliesOnce(orderId, 1))[0]!),
    );
    assert.equal(replies.filter((reply) => reply.type === T.stockReserved).length, 10);
    assert.deepEqual(await stockOf(a), levels(0, 10));
    assert.deepEqual(await stockOf(b), levels(0, 10));
    const handled = await Promise.all(
      [inventory, second].map((instance) => commandCounter(instance, 'messaging_handled_total')),
    );
    assert.ok(handled[0]! + handled[1]! >= 40 + 40 + 30, `handled: ${handled}`);
    // A deadlock would have failed a handler, which the transport retries: none was, in either instance.
    for (const instance of [inventory, second]) {
      assert.equal(await commandCounter(instance, 'messaging_retried_total'), 0);
      assert.equal(await commandCounter(instance, 'messaging_dead_lettered_total'), 0);
    }
  });
  it('never deadlocks when the batches of both instances share orders and products', async () => {
    const [a, b] = [await harness.newProduct(), await harness.newProduct()];
    const orders = Array.from({ length: 30 }, () => randomUUID());
    const reserveOf = (orderId: string, i: number) =>
      harness.reserve(orderId, [
        { productId: i % 2 === 0 ? a : b, quantity: 1 },
        { productId: i % 2 === 0 ? b : a, quantity: 1 },
      ]);
    // Every order's reserve twice (the saga's retry), all at once: both instances' batches name the same
    // orders, and the same products in different orders.
    await harness.send(...orders.map(reserveOf), ...orders.map(reserveOf).reverse());
    const replies = await Promise.all(orders.map((orderId) => harness.repliesOnce(orderId, 2)));
    for (const [first, repeat] of replies) assert.deepEqual(repeat, first);
    assert.equal(replies.filter(([first]) => first!.type === T.stockReserved).length, 10);
    assert.deepEqual(await stockOf(a), levels(0, 10));
    assert.deepEqual(await stockOf(b), levels(0, 10));
    await stockIsBalanced(a);
    await stockIsBalanced(b);
    for (const instance of [inventory, second]) {
      assert.equal(await commandCounter(instance, 'messaging_retried_total'), 0);
      assert.equal(await commandCounter(instance, 'messaging_dead_lettered_total'), 0);
    }
  });
});
