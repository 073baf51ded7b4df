import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  EVENT_TYPES,
  EVENTS,
  type OrderCancelled,
  type OrderConfirmed,
  type UserRegistered,
} from '@bazaar/contracts';
import { createEnvelope } from '@bazaar/messaging';
import {
  createTestTokenIssuer,
  eventually,
  injectJson,
  startTestService,
  type TestTokenIssuer,
} from '@bazaar/testing';
import { notificationService } from '../src/service.js';

// Order events are published straight onto the transport, as ordering's relay would: notification alone is
// under test, with a user's UserRegistered sent the same way.
const GROUP = 'notification.order-events';
let notification: Awaited<ReturnType<typeof startTestService>>;
let issuer: TestTokenIssuer;

const call = (...args: Parameters<ReturnType<typeof injectJson>>) => injectJson(notification.app)(...args);
const db = () => notification.context.db!;

/** Publishes one event on the transport; `id` lets a test re-send a message or send a new one. */
async function publish(type: string, data: unknown, subject: string, id: string = randomUUID()) {
  const topic = EVENTS.get(type)?.topic;
  assert.ok(topic, `${type} is in the catalogue`);
  const source = `/bazaar/${EVENTS.get(type)?.publisher}`;
  const envelope = createEnvelope({ type, source, data, subject, id });
  await notification.messaging!.transport!.publish([{ topic, envelope }]);
  return envelope.id;
}

const newCustomer = (name: string): UserRegistered => ({
  userId: randomUUID(),
  email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@example.com`,
  name,
  registeredAt: new Date().toISOString(),
});

interface MailboxItem {
  kind: string;
  reference: string;
  subject: string;
  body: string;
  address: string;
}

async function mailboxOf(userId: string): Promise<MailboxItem[]> {
  const token = await issuer.token({ userId });
  const response = await call('GET', '/api/notifications?limit=100', undefined, token);
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body.items;
}

const messageIn = (userId: string, kind: string, reference: string) =>
  eventually(async () => {
    const items = await mailboxOf(userId);
    return items.find((item) => item.kind === kind && item.reference === reference);
  }, `a ${kind} message about ${reference} is in the mailbox`);

/** Registers a customer through a UserRegistered envelope and waits until notification knows them. */
async function registeredCustomer(name: string) {
  const customer = newCustomer(name);
  await publish(EVENT_TYPES.userRegistered, customer, customer.userId);
  await messageIn(customer.userId, 'welcome', customer.userId);
  return customer;
}

const confirmation = (customer: UserRegistered, amount = 4598): OrderConfirmed => ({
  orderId: randomUUID(),
  userId: customer.userId,
  total: { amount, currency: 'EUR' },
  confirmedAt: new Date().toISOString(),
});

const handledCount = async (messageIds: readonly string[]) => {
  const [row] = await db()<{ n: number }[]>`
    SELECT count(*)::int AS n FROM inbox WHERE consumer = ${GROUP} AND message_id IN ${db()(messageIds)}`;
  return row?.n ?? 0;
};

const sentEvents = (reference: string) =>
  db()<{ data: { kind: string; reference: string; recipientId: string } }[]>`
    SELECT envelope->'data' AS data FROM outbox
    WHERE envelope->>'type' = ${EVENT_TYPES.notificationSent} AND envelope->'data'->>'reference' = ${reference}`;

const retriedSoFar = async () => {
  const metrics = await notification.app.inject({ method: 'GET', url: '/metrics' });
  const line = metrics.body
    .split('\n')
    .find((entry) => entry.startsWith('messaging_retried_total{') && entry.includes(`group="${GROUP}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
};

before(async () => {
  issuer = await createTestTokenIssuer();
  notification = await startTestService(notificationService, { transport: true, tokens: issuer.verifier });
});
after(async () => {
  await notification?.close();
});

describe('order confirmations (OrderConfirmed → notification)', () => {
  it("stores a confirmation in the customer's mailbox, addressed to their email, with the total", async () => {
    const customer = await registeredCustomer('Olivia');
    const order = confirmation(customer, 123_456);
    await publish(EVENT_TYPES.orderConfirmed, order, order.orderId);

    const message = await messageIn(customer.userId, 'order-confirmed', order.orderId);
    assert.equal(message.address, customer.email);
    assert.match(message.body, /^Hello Olivia,/);
    assert.match(message.body, /EUR 1,234\.56/);
    const [sent, ...more] = await eventually(async () => {
      const rows = await sentEvents(order.orderId);
      return rows.length > 0 ? rows : undefined;
    }, 'notification.sent is in the outbox');
    assert.equal(more.length, 0);
    assert.deepEqual(
      { kind: sent?.data.kind, recipientId: sent?.data.recipientId },
      { kind: 'order-confirmed', recipientId: customer.userId },
    );
  });

  it('sends exactly one confirmation per order, even when the event is re-sent with a new message id', async () => {
    const customer = await registeredCustomer('Ralph');
    const order = confirmation(customer);
    const first = await publish(EVENT_TYPES.orderConfirmed, order, order.orderId);
    const second = await publish(EVENT_TYPES.orderConfirmed, order, order.orderId);
    await publish(EVENT_TYPES.orderConfirmed, order, order.orderId, first); // and a plain redelivery
    await eventually(
      async () => ((await handledCount([first, second])) === 2 ? true : undefined),
      'both messages were handled',
    );

    const confirmations = (await mailboxOf(customer.userId)).filter(
      (item) => item.kind === 'order-confirmed',
    );
    assert.equal(confirmations.length, 1);
    const [row] = await db()<{ n: number }[]>`
      SELECT count(*)::int AS n FROM notifications WHERE kind = 'order-confirmed' AND reference = ${order.orderId}`;
    assert.equal(row?.n, 1, 'DESIGN §6.4: one confirmation notification per confirmed order');
    assert.equal((await sentEvents(order.orderId)).length, 1, 'and one notification.sent');
  });

  it('retries an order event whose customer is not known yet and sends it once they are', async () => {
    const customer = newCustomer('Late');
    const order = confirmation(customer);
    const retriedBefore = await retriedSoFar();
    await publish(EVENT_TYPES.orderConfirmed, order, order.orderId);
    await eventually(
      async () => ((await retriedSoFar()) > retriedBefore ? true : undefined),
      'the order event failed for lack of a recipient and was scheduled again',
    );
    assert.equal((await mailboxOf(customer.userId)).length, 0);

    await publish(EVENT_TYPES.userRegistered, customer, customer.userId);
    const message = await messageIn(customer.userId, 'order-confirmed', order.orderId);
    assert.equal(message.address, customer.email);
    const status = await call(
      'GET',
      `/api/admin/messaging/notification/dead-letters?group=${GROUP}`,
      undefined,
      await issuer.token({ role: 'admin' }),
    );
    assert.equal(status.status, 200);
    assert.equal(status.body.items.length, 0, 'nothing was given up on');
  });
});

describe('batches of order events', () => {
  it('sends the known customers’ mail of a batch and retries only the event of a customer not known yet', async () => {
    const [kim, lee] = [await registeredCustomer('Kim'), await registeredCustomer('Lee')];
    const max = newCustomer('Max');
    const orders = [confirmation(kim), confirmation(max), confirmation(lee)];
    const envelopes = orders.map((order) =>
      createEnvelope({
        type: EVENT_TYPES.orderConfirmed,
        source: '/bazaar/ordering',
        data: order,
        subject: order.orderId,
      }),
    );
    const retriedBefore = await retriedSoFar();
    // Published together, so the group takes them as one batch.
    await notification.messaging!.transport!.publish(
      envelopes.map((envelope) => ({ topic: EVENTS.get(EVENT_TYPES.orderConfirmed)!.topic, envelope })),
    );
    await messageIn(kim.userId, 'order-confirmed', orders[0]!.orderId);
    await messageIn(lee.userId, 'order-confirmed', orders[2]!.orderId);
    await eventually(
      async () => ((await retriedSoFar()) > retriedBefore ? true : undefined),
      'the event of the unknown customer was scheduled again',
    );
    assert.equal(await handledCount([envelopes[1]!.id]), 0, 'not handled while its customer is unknown');

    await publish(EVENT_TYPES.userRegistered, max, max.userId);
    await messageIn(max.userId, 'order-confirmed', orders[1]!.orderId);
    assert.equal(await handledCount(envelopes.map((envelope) => envelope.id)), 3);
    for (const order of orders) {
      const [row] = await db()<{ n: number }[]>`
        SELECT count(*)::int AS n FROM notifications WHERE kind = 'order-confirmed' AND reference = ${order.orderId}`;
      assert.equal(row?.n, 1, 'one confirmation per order');
      assert.equal((await sentEvents(order.orderId)).length, 1, 'and one notification.sent');
    }
  });
});

describe('order cancellations (OrderCancelled → notification)', () => {
  it('tells the customer why the order was cancelled, once per order', async () => {
    const customer = await registeredCustomer('Nina');
    const order: OrderCancelled = {
      orderId: randomUUID(),
      userId: customer.userId,
      reason: 'PAYMENT_DECLINED',
      total: { amount: 1999, currency: 'EUR' },
      cancelledAt: new Date().toISOString(),
    };
    const first = await publish(EVENT_TYPES.orderCancelled, order, order.orderId);
    const second = await publish(EVENT_TYPES.orderCancelled, order, order.orderId);
    const message = await messageIn(customer.userId, 'order-cancelled', order.orderId);
    assert.match(message.subject, /was cancelled/);
    assert.match(message.body, /EUR 19\.99/);
    assert.match(message.body, /declined the payment/);
    assert.equal(message.address, customer.email);
    await eventually(
      async () => ((await handledCount([first, second])) === 2 ? true : undefined),
      'both messages were handled',
    );
    const cancellations = (await mailboxOf(customer.userId)).filter(
      (item) => item.kind === 'order-cancelled',
    );
    assert.equal(cancellations.length, 1);
  });

  it("shows a customer's order messages newest first beside the welcome, and only to them", async () => {
    const customer = await registeredCustomer('Mia');
    const confirmed = confirmation(customer);
    await publish(EVENT_TYPES.orderConfirmed, confirmed, confirmed.orderId);
    await messageIn(customer.userId, 'order-confirmed', confirmed.orderId);
    const cancelled: OrderCancelled = {
      orderId: randomUUID(),
      userId: customer.userId,
      reason: 'OUT_OF_STOCK',
      total: { amount: 500, currency: 'EUR' },
      cancelledAt: new Date().toISOString(),
    };
    await publish(EVENT_TYPES.orderCancelled, cancelled, cancelled.orderId);
    await messageIn(customer.userId, 'order-cancelled', cancelled.orderId);

    const kinds = (await mailboxOf(customer.userId)).map((item) => item.kind);
    assert.deepEqual(kinds, ['order-cancelled', 'order-confirmed', 'welcome']);
    const someoneElse = await mailboxOf(randomUUID());
    assert.equal(someoneElse.length, 0);
  });
});
