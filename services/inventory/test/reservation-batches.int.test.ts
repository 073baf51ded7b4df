import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import type { Envelope } from '@bazaar/messaging';
import { connect, databaseUrlFor, withCommitHooks } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import type postgres from 'postgres';
import { reservations, toCommand } from '../src/application/reservations.js';
import { inventoryHarness, type Running, startInventory } from './inventory-harness.js';

// A batch of saga commands must come to exactly what handling them one at a time, in order, comes to:
// the same reservation rows, stock rows and replies. The same commands run three ways, each on products
// and orders of its own: one transaction per command, one transaction for all (the application called
// directly, so that they are surely one batch), and through the transport to the running consumer.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('batches');
const INITIAL_STOCK = 10;
const T = FULFILMENT_TYPES;
let inventory: Running;
let harness: ReturnType<typeof inventoryHarness>;
let pool: postgres.Sql;
/** Every statement the direct pool sent, in order. */
let statements: string[] = [];

const quiet = { debug: () => {}, warn: () => {} };

before(async () => {
  inventory = await startInventory(prefix, INITIAL_STOCK);
  harness = inventoryHarness(inventory);
  pool = withCommitHooks(
    connect(databaseUrlFor(serverUrl, `${prefix}_inventory`), {
      max: 1,
      onnotice: () => {},
      debug: (_connection, query) => statements.push(query),
    }),
  );
});
after(async () => {
  await pool?.end();
  await inventory?.stop();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

const ORDERS = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7', 'o8'] as const;
type OrderName = (typeof ORDERS)[number];

/** Products P and Q with stock, U without; orders o1…o8; o8 holds one P before the batch. */
async function world() {
  const products = { P: await harness.newProduct(), Q: await harness.newProduct(), U: randomUUID() };
  const orders = Object.fromEntries(ORDERS.map((name) => [name, randomUUID()])) as Record<OrderName, string>;
  const { P, Q, U } = products;
  const reserve = (order: OrderName, ...lines: [string, number][]) =>
    harness.reserve(
      orders[order],
      lines.map(([productId, quantity]) => ({ productId, quantity })),
    );
  const release = (order: OrderName) => harness.release(orders[order]);
  const commit = (order: OrderName) => harness.commit(orders[order]);

  const before = reserve('o8', [P, 1]);
  const batch: Envelope[] = [
    reserve('o1', [P, 4]), // held: P 6 left
    reserve('o2', [P, 5]), // held: P 1 left
    reserve('o3', [P, 2]), // out of stock
    release('o1'), // gives 4 back: P 5
    reserve('o3', [P, 2]), // a repeat: the recorded failure again, although P has 5 now
    reserve('o4', [P, 2], [Q, 1]), // held: P 3, Q 9
    reserve('o5', [Q, 1], [U, 1]), // unknown product
    commit('o2'), // sold: P 5 committed
    reserve('o2', [P, 5]), // a repeat: reserved again, nothing more held
    release('o6'), // before any reserve: a tombstone
    reserve('o6', [P, 1]), // late: holds nothing, answers nothing
    commit('o4'),
    commit('o4'), // a repeat
    commit('o7'), // never reserved: nothing, no answer
    release('o2'), // committed stock is never released: no answer
    release('o8'), // held before the batch: 1 back
    release('o3'), // failed: released, nothing given back
  ];

  const names = new Map<string, string>([
    ...Object.entries(products).map(([name, id]) => [id, name] as [string, string]),
    ...Object.entries(orders).map(([name, id]) => [id, name] as [string, string]),
  ]);
  /** Ids spelt as their names, so that the worlds compare. */
  const named = <T>(value: T): T => {
    let text = JSON.stringify(value);
    for (const [id, name] of names) text = text.replaceAll(id, name);
    return JSON.parse(text) as T;
  };

  return {
    products,
    orders,
    before,
    batch,
    /** Everything the commands left: stock rows, reservation rows and every order's replies. */
    async outcome() {
      const stock = await harness.db`
        SELECT product_id AS "productId", received, available, reserved, committed FROM stock
        WHERE product_id = ANY(${Object.values(products)}::uuid[]) ORDER BY product_id`;
      const rows = await harness.db`
        SELECT order_id AS "orderId", status, lines, reason, failed_product_ids::text[] AS "failedProductIds"
        FROM reservations WHERE order_id = ANY(${Object.values(orders)}::uuid[])`;
      const replies = Object.fromEntries(
        await Promise.all(
          Object.entries(orders).map(async ([name, id]) => [name, await harness.replies(id)] as const),
        ),
      );
      return named({
        stock: Object.fromEntries(stock.map(({ productId, ...counts }) => [productId, counts])),
        reservations: Object.fromEntries(rows.map(({ orderId, ...row }) => [orderId, row])),
        replies,
      });
    },
  };
}

const app = () => reservations(pool, inventory.messaging!, quiet);
const received = (envelopes: readonly Envelope[]) =>
  envelopes.map((envelope) => ({ command: toCommand(envelope), messageId: envelope.id }));
const oneTransaction = (envelopes: readonly Envelope[]) =>
  pool.begin((tx) => app().handleBatch(tx, received(envelopes)));

const held = (name: string, productId: string, quantity: number) => ({
  type: T.stockReserved,
  data: { orderId: name, lines: [{ productId, quantity }] },
});
const EXPECTED = {
  stock: {
    P: { received: 10, available: 3, reserved: 0, committed: 7 },
    Q: { received: 10, available: 9, reserved: 0, committed: 1 },
  },
  reservations: {
    o1: {
      status: 'RELEASED',
      lines: [{ productId: 'P', quantity: 4 }],
      reason: null,
      failedProductIds: null,
    },
    o2: {
      status: 'COMMITTED',
      lines: [{ productId: 'P', quantity: 5 }],
      reason: null,
      failedProductIds: null,
    },
    o3: {
      status: 'RELEASED',
      lines: [{ productId: 'P', quantity: 2 }],
      reason: 'OUT_OF_STOCK',
      failedProductIds: ['P'],
    },
    o4: {
      status: 'COMMITTED',
      lines: [
        { productId: 'P', quantity: 2 },
        { productId: 'Q', quantity: 1 },
      ],
      reason: null,
      failedProductIds: null,
    },
    o5: {
      status: 'FAILED',
      lines: [
        { productId: 'Q', quantity: 1 },
        { productId: 'U', quantity: 1 },
      ],
      reason: 'UNKNOWN_PRODUCT',
      failedProductIds: ['U'],
    },
    o6: { status: 'RELEASED', lines: null, reason: null, failedProductIds: null },
    o8: {
      status: 'RELEASED',
      lines: [{ productId: 'P', quantity: 1 }],
      reason: null,
      failedProductIds: null,
    },
  },
  replies: {
    o1: [held('o1', 'P', 4), { type: T.stockReleased, data: { orderId: 'o1', released: true } }],
    o2: [held('o2', 'P', 5), { type: T.stockCommitted, data: { orderId: 'o2' } }, held('o2', 'P', 5)],
    o3: [
      { type: T.stockReservationFailed, data: { orderId: 'o3', reason: 'OUT_OF_STOCK', productIds: ['P'] } },
      { type: T.stockReservationFailed, data: { orderId: 'o3', reason: 'OUT_OF_STOCK', productIds: ['P'] } },
      { type: T.stockReleased, data: { orderId: 'o3', released: false } },
    ],
    o4: [
      {
        type: T.stockReserved,
        data: {
          orderId: 'o4',
          lines: [
            { productId: 'P', quantity: 2 },
            { productId: 'Q', quantity: 1 },
          ],
        },
      },
      { type: T.stockCommitted, data: { orderId: 'o4' } },
      { type: T.stockCommitted, data: { orderId: 'o4' } },
    ],
    o5: [
      {
        type: T.stockReservationFailed,
        data: { orderId: 'o5', reason: 'UNKNOWN_PRODUCT', productIds: ['U'] },
      },
    ],
    o6: [{ type: T.stockReleased, data: { orderId: 'o6', released: false } }],
    o7: [],
    o8: [held('o8', 'P', 1), { type: T.stockReleased, data: { orderId: 'o8', released: true } }],
  },
};

describe('a batch of saga commands', () => {
  let oneAtATime: unknown;

  before(async () => {
    const reference = await world();
    await oneTransaction([reference.before]);
    for (const envelope of reference.batch) await oneTransaction([envelope]);
    oneAtATime = await reference.outcome();
  });

  it('handled one command at a time, comes to the rows and replies the rules say', () => {
    assert.deepEqual(oneAtATime, EXPECTED);
  });

  it('in one transaction, comes to exactly what one command at a time comes to', async () => {
    const batched = await world();
    await oneTransaction([batched.before]);
    await oneTransaction(batched.batch);
    assert.deepEqual(await batched.outcome(), oneAtATime);
  });

  it('takes the same few statements for a batch of 17 commands as for a batch of 2', async () => {
    const count = async (envelopes: readonly Envelope[]) => {
      statements = [];
      await oneTransaction(envelopes);
      return statements.filter((query) => !/^\s*(begin|commit)\b/i.test(query)).length;
    };
    const small = await world();
    await oneTransaction([small.before]);
    // Both batches reach every statement: they lock and change stock, write reservations and reply.
    const two = await count([small.batch[0]!, small.batch.at(-2)!]);
    const large = await world();
    await oneTransaction([large.before]);
    const seventeen = await count(large.batch);
    // Lock the orders, read their reservations, lock the stock rows, write the reservations, write the
    // stock rows, write the replies to the outbox.
    assert.equal(seventeen, 6, statements.join('\n---\n'));
    assert.equal(two, seventeen);
  });

  it('through the transport to the running consumer, comes to the same', async () => {
    const sent = await world();
    await harness.send(sent.before);
    await harness.repliesOnce(sent.orders.o8, 1);
    await harness.send(...sent.batch);
    await harness.handled(...sent.batch);
    assert.deepEqual(await sent.outcome(), oneAtATime);
  });
});

describe('products announced together', () => {
  it('open their stock once each, and leave a product known already as it is', async () => {
    const known = await harness.newProduct();
    const orderId = randomUUID();
    await harness.send(harness.reserve(orderId, [{ productId: known, quantity: 3 }]));
    await harness.repliesOnce(orderId, 1);
    const [first, second] = [randomUUID(), randomUUID()];
    const events = await harness.announceProducts(first, known, second, first);
    await harness.handledBy('inventory.catalog-events', events);
    const opening = { received: 10, available: 10, reserved: 0, committed: 0 };
    assert.deepEqual(await harness.stock(first), { productId: first, ...opening });
    assert.deepEqual(await harness.stock(second), { productId: second, ...opening });
    assert.deepEqual(await harness.stock(known), {
      productId: known,
      received: 10,
      available: 7,
      reserved: 3,
      committed: 0,
    });
  });
});
