import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  aggregateRepository,
  ConcurrencyConflictError,
  createEventStore,
  installEventStore,
} from '@bazaar/event-store';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import { ORDER_STREAM_PREFIX } from '../src/application/order-summaries.js';
import { orders } from '../src/application/orders.js';
import { type OrderCommand, orderDecider } from '../src/domain/order.js';

type OrderRepository = ReturnType<typeof orderRepository>;
const orderRepository = (store: ReturnType<typeof createEventStore>) =>
  aggregateRepository(store, orderDecider, { streamPrefix: ORDER_STREAM_PREFIX });

// A customer's cancel and the saga's next step land on the order's stream at the same moment: the store
// refuses one append (a real ConcurrencyConflictError from PostgreSQL). The customer must not see that.
const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('cancelrace');
let db: Pool;
let useCases: ReturnType<typeof orders>;
let repository: OrderRepository;
let raceNextCancel = false;
let racedAppends = 0;
const cancelledInSaga: string[] = [];

before(async () => {
  const name = `${prefix}_ordering`;
  await ensureDatabase(serverUrl, name);
  db = createPool(databaseUrlFor(serverUrl, name), { max: 4 });
  await installEventStore(db);
  const store = createEventStore(db);
  const real = orderRepository(store);
  // The race, made certain: just before the cancel's append, the "saga" records a step on the stream in a
  // transaction of its own, so the cancel's read of the stream is stale when it appends.
  const racing: OrderRepository = {
    ...real,
    async handle(id, command, options) {
      if (command.type === 'RequestCancellation' && raceNextCancel) {
        raceNextCancel = false;
        racedAppends += 1;
        const before = await real.load(id, {}, options?.sql);
        await real.handle(id, {
          type: 'RecordStep',
          step: { name: 'reserve-inventory', status: 'COMPLETED', at: new Date().toISOString() },
        });
        return real.handle(id, command, { ...options, expectedVersion: before.version });
      }
      return real.handle(id, command, options);
    },
  };
  repository = real;
  useCases = orders({
    db,
    store,
    repository: racing,
    priceList: { prices: async () => new Map(), close: async () => {} },
    fulfilment: {
      start: async () => {},
      cancel: async (_tx, orderId) => {
        cancelledInSaga.push(orderId);
        return true;
      },
    },
  });
});
after(async () => {
  await db?.end();
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

async function placedOrder(userId: string): Promise<string> {
  const orderId = randomUUID();
  const place: OrderCommand = {
    type: 'PlaceOrder',
    orderId,
    userId,
    items: [{ productId: randomUUID(), quantity: 1, unitPrice: { amount: 1250, currency: 'EUR' } }],
    shippingAddress: { name: 'Ann', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
    paymentMethod: { type: 'card', last4: '4242' },
    at: new Date().toISOString(),
  };
  await repository.handle(orderId, place);
  return orderId;
}

describe('cancelling while the saga writes the order', () => {
  it('given a step landing between the read and the append, when the customer cancels, then the cancel is decided again and accepted', async () => {
    const userId = randomUUID();
    const orderId = await placedOrder(userId);
    raceNextCancel = true;
    const answer = await useCases.cancel({ userId, role: 'customer' }, orderId);
    assert.deepEqual(answer, { orderId, status: 'PENDING' });
    assert.equal(racedAppends, 1, 'the race happened');
    const events = await useCases.events({ userId, role: 'customer' }, orderId);
    assert.deepEqual(
      events.map((event) => event.type),
      ['OrderPlaced', 'OrderStepRecorded', 'OrderCancellationRequested'],
    );
    // Once in the transaction whose append the store refused (rolled back with it), once in the one that
    // committed: the refusal really happened, and the request was decided again.
    assert.deepEqual(cancelledInSaga, [orderId, orderId]);
  });

  it('given the race, the store itself refuses the stale append (what the retry is for)', async () => {
    const userId = randomUUID();
    const orderId = await placedOrder(userId);
    const stale = await repository.load(orderId);
    const step = { name: 'reserve-inventory', status: 'COMPLETED', at: new Date().toISOString() } as const;
    await repository.handle(orderId, { type: 'RecordStep', step });
    await assert.rejects(
      repository.handle(
        orderId,
        { type: 'RequestCancellation', at: new Date().toISOString() },
        { expectedVersion: stale.version },
      ),
      ConcurrencyConflictError,
    );
  });
});
