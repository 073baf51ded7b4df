import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FULFILMENT_TOPICS, FULFILMENT_TYPES } from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import {
  createTestTokenIssuer,
  eventDriver,
  eventually,
  injectJson,
  startTestService,
  type TestTokenIssuer,
} from '@bazaar/testing';
import { paymentService } from '../src/service.js';

// The payment service on the real PostgreSQL with the PostgreSQL message store: commands are published on
// the transport as ordering's saga would, and the replies are read from the service's own outbox.
let payment: Awaited<ReturnType<typeof startTestService>>;
let db: Pool;
let issuer: TestTokenIssuer;
let driver: ReturnType<typeof eventDriver>;

const GROUP = 'payment.commands';
const call = (...args: Parameters<ReturnType<typeof injectJson>>) => injectJson(payment.app)(...args);

interface Reply {
  type: string;
  data: Record<string, unknown> & { paymentId?: string | null };
}

interface PaymentRow {
  status: string;
  paymentId: string | null;
  userId: string | null;
  amount: number;
  currency: string | null;
  refundedAmount: number;
  declineReason: string | null;
  cardLast4: string | null;
  updatedAt: Date;
}

/** Sends a command as the saga does: every send is a new message, even when it repeats a command. */
const send = (type: string, data: { orderId: string } & Record<string, unknown>) =>
  driver.send(FULFILMENT_TOPICS.paymentCommands, type, data, data.orderId);

/** Waits until the consumer has handled the message (its effect committed with the inbox row). */
const handled = (messageId: string) => driver.handled(messageId);

const capture = (orderId: string, options: { userId?: string; cardLast4?: string; amount?: number } = {}) =>
  send(FULFILMENT_TYPES.capturePayment, {
    orderId,
    userId: options.userId ?? randomUUID(),
    amount: { amount: options.amount ?? 4999, currency: 'EUR' },
    cardLast4: options.cardLast4 ?? '4242',
  });
const refund = (orderId: string) => send(FULFILMENT_TYPES.refundPayment, { orderId });

const captureAndWait = async (...args: Parameters<typeof capture>) => handled(await capture(...args));
const refundAndWait = async (orderId: string) => handled(await refund(orderId));

async function repliesFor(orderId: string): Promise<Reply[]> {
  return (await driver.published(orderId)).map(({ type, data }) => ({ type, data }) as Reply);
}

async function paymentOf(orderId: string): Promise<PaymentRow | undefined> {
  const [row] = await db<PaymentRow[]>`
    SELECT status, payment_id AS "paymentId", user_id AS "userId", amount, currency,
           refunded_amount AS "refundedAmount", decline_reason AS "declineReason", card_last4 AS "cardLast4",
           updated_at AS "updatedAt"
    FROM payments WHERE order_id = ${orderId}`;
  return row;
}

before(async () => {
  issuer = await createTestTokenIssuer();
  payment = await startTestService(paymentService, { transport: true, tokens: issuer.verifier });
  db = payment.context.db!;
  driver = eventDriver(payment, { source: '/bazaar/ordering', group: GROUP });
});
after(async () => {
  await payment?.close();
});

describe('capture-payment', () => {
  it('charges a good card once and replies payment-captured with a new payment id', async () => {
    const orderId = randomUUID();
    const userId = randomUUID();
    await captureAndWait(orderId, { userId, amount: 12_345 });
    const row = await paymentOf(orderId);
    assert.equal(row?.status, 'CAPTURED');
    assert.equal(row?.amount, 12_345);
    assert.equal(row?.currency, 'EUR');
    assert.equal(row?.cardLast4, '4242');
    assert.match(row?.paymentId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(await repliesFor(orderId), [
      {
        type: FULFILMENT_TYPES.paymentCaptured,
        data: { paymentId: row?.paymentId, orderId, userId, amount: { amount: 12_345, currency: 'EUR' } },
      },
    ]);
  });

  it('records a declined card and replies payment-declined with the reason', async () => {
    for (const [cardLast4, reason] of [
      ['0002', 'PAYMENT_DECLINED'],
      ['9995', 'INSUFFICIENT_FUNDS'],
    ] as const) {
      const orderId = randomUUID();
      const userId = randomUUID();
      await captureAndWait(orderId, { userId, cardLast4 });
      const row = await paymentOf(orderId);
      assert.equal(row?.status, 'DECLINED');
      assert.equal(row?.declineReason, reason);
      assert.equal(row?.paymentId, null);
      assert.deepEqual(await repliesFor(orderId), [
        {
          type: FULFILMENT_TYPES.paymentDeclined,
          data: { orderId, userId, amount: { amount: 4999, currency: 'EUR' }, reason },
        },
      ]);
    }
  });

  it('records a charge in doubt as PENDING and replies nothing when the provider never answers', async () => {
    const orderId = randomUUID();
    await captureAndWait(orderId, { cardLast4: '0341' });
    assert.equal((await paymentOf(orderId))?.status, 'PENDING');
    assert.deepEqual(await repliesFor(orderId), []);
    // The saga's retry of the step: still no answer.
    await captureAndWait(orderId, { cardLast4: '0341' });
    assert.deepEqual(await repliesFor(orderId), []);
    // The saga's timeout turns into a refund: the charge is voided, nothing was taken, nothing goes back.
    await refundAndWait(orderId);
    const row = await paymentOf(orderId);
    assert.equal(row?.status, 'VOIDED');
    assert.equal(row?.refundedAmount, 0);
    assert.deepEqual(await repliesFor(orderId), [
      {
        type: FULFILMENT_TYPES.paymentRefunded,
        data: { orderId, paymentId: null, amount: { amount: 0, currency: 'XXX' } },
      },
    ]);
  });

  it('answers a repeated capture (a new message) with the recorded outcome and charges nothing new', async () => {
    const orderId = randomUUID();
    const userId = randomUUID();
    await captureAndWait(orderId, { userId });
    const first = await paymentOf(orderId);
    await captureAndWait(orderId, { userId });
    await captureAndWait(orderId, { userId, amount: 1 });
    assert.deepEqual(await paymentOf(orderId), first, 'the payment did not change');
    const replies = await repliesFor(orderId);
    assert.equal(replies.length, 3);
    for (const reply of replies) {
      assert.equal(reply.type, FULFILMENT_TYPES.paymentCaptured);
      assert.deepEqual(reply.data, replies[0]!.data);
    }

    const declinedOrder = randomUUID();
    await captureAndWait(declinedOrder, { cardLast4: '0002' });
    await captureAndWait(declinedOrder, { cardLast4: '0002' });
    const declines = await repliesFor(declinedOrder);
    assert.deepEqual(
      declines.map((reply) => reply.type),
      [FULFILMENT_TYPES.paymentDeclined, FULFILMENT_TYPES.paymentDeclined],
    );
    assert.deepEqual(declines[1], declines[0]);
  });

  it('charges once when ten copies of a capture arrive at once', async () => {
    const orderId = randomUUID();
    const userId = randomUUID();
    const ids = await Promise.all(Array.from({ length: 10 }, () => capture(orderId, { userId })));
    await Promise.all(ids.map(handled));
    const [count] = await db<{ rows: number }[]>`
      SELECT count(*)::int AS rows FROM payments WHERE order_id = ${orderId}`;
    assert.equal(count?.rows, 1);
    const row = await paymentOf(orderId);
    assert.equal(row?.status, 'CAPTURED');
    const replies = await repliesFor(orderId);
    assert.equal(replies.length, 10, 'every copy is answered');
    assert.equal(new Set(replies.map((reply) => reply.data.paymentId)).size, 1, 'with one payment');
    assert.equal(replies[0]?.data.paymentId, row?.paymentId);
  });
});

describe('commands that can never be handled', () => {
  it('dead-letters at once a capture whose amount is beyond exact integers, charging nothing', async () => {
    const orderId = randomUUID();
    const adminToken = await issuer.token({ role: 'admin' });
    const id = await capture(orderId, { amount: 2 ** 53 });
    const letter = await eventually(async () => {
      const { body } = await call(
        'GET',
        `/api/admin/messaging/payment/dead-letters?group=${GROUP}`,
        undefined,
        adminToken,
      );
      return (body.items as { envelope: { id: string }; attempts: number; lastError: string }[]).find(
        (item) => item.envelope.id === id,
      );
    }, 'the capture is a dead letter');
    assert.equal(letter.attempts, 1, 'poison is not retried');
    assert.match(letter.lastError, /not exact/);
    assert.equal(await paymentOf(orderId), undefined);
    assert.deepEqual(await repliesFor(orderId), []);
  });
});

describe('refund-payment', () => {
  it('refunds a captured payment in full, answers a repeated refund alike, and refuses a late capture', async () => {
    const orderId = randomUUID();
    await captureAndWait(orderId, { amount: 2500 });
    const captured = await paymentOf(orderId);
    await refundAndWait(orderId);
    const refunded = await paymentOf(orderId);
    assert.equal(refunded?.status, 'REFUNDED');
    assert.equal(refunded?.refundedAmount, 2500);
    assert.equal(refunded?.paymentId, captured?.paymentId);

    await refundAndWait(orderId);
    await captureAndWait(orderId, { amount: 2500 });
    assert.deepEqual(await paymentOf(orderId), refunded, 'nothing changed after the first refund');
    const expected = {
      type: FULFILMENT_TYPES.paymentRefunded,
      data: { orderId, paymentId: captured?.paymentId, amount: { amount: 2500, currency: 'EUR' } },
    };
    const replies = await repliesFor(orderId);
    assert.deepEqual(replies.slice(1), [expected, expected], 'the late capture got no reply');
  });

  it('leaves a tombstone when the refund comes first, and the late capture charges nothing', async () => {
    const orderId = randomUUID();
    await refundAndWait(orderId);
    const tombstone = await paymentOf(orderId);
    assert.equal(tombstone?.status, 'VOIDED');
    assert.equal(tombstone?.userId, null);
    assert.equal(tombstone?.amount, 0);

    await captureAndWait(orderId);
    await refundAndWait(orderId);
    assert.deepEqual(await paymentOf(orderId), tombstone);
    const nothingBack = {
      type: FULFILMENT_TYPES.paymentRefunded,
      data: { orderId, paymentId: null, amount: { amount: 0, currency: 'XXX' } },
    };
    assert.deepEqual(await repliesFor(orderId), [nothingBack, nothingBack]);
  });

  it('finds the order’s payment whatever case its id is spelt in', async () => {
    const orderId = randomUUID();
    await captureAndWait(orderId.toUpperCase());
    await refundAndWait(orderId);
    assert.equal((await paymentOf(orderId))?.status, 'REFUNDED');
    const replies = await repliesFor(orderId);
    assert.deepEqual(
      replies.map((reply) => [reply.type, reply.data.orderId]),
      [
        [FULFILMENT_TYPES.paymentCaptured, orderId],
        [FULFILMENT_TYPES.paymentRefunded, orderId],
      ],
    );
  });

  it('voids a declined payment', async () => {
    const orderId = randomUUID();
    await captureAndWait(orderId, { cardLast4: '9995' });
    await refundAndWait(orderId);
    const row = await paymentOf(orderId);
    assert.equal(row?.status, 'VOIDED');
    assert.equal(row?.declineReason, 'INSUFFICIENT_FUNDS', 'the decline stays on record');
    assert.equal(row?.refundedAmount, 0);
  });

  it('keeps captured minus refunded equal to what is kept when captures and refunds race', async () => {
    const orders = Array.from({ length: 10 }, () => randomUUID());
    const ids = await Promise.all(orders.flatMap((orderId) => [capture(orderId), refund(orderId)]));
    await Promise.all(ids.map(handled));
    for (const orderId of orders) {
      const row = await paymentOf(orderId);
      const replies = await repliesFor(orderId);
      const capturedReplies = replies.filter((reply) => reply.type === FULFILMENT_TYPES.paymentCaptured);
      const refundReply = replies.find((reply) => reply.type === FULFILMENT_TYPES.paymentRefunded);
      if (row?.status === 'REFUNDED') {
        // The capture won: it was charged, then given back in full, and the saga heard both.
        assert.equal(capturedReplies.length, 1);
        assert.equal(row.refundedAmount, row.amount);
        assert.deepEqual(refundReply?.data.amount, { amount: 4999, currency: 'EUR' });
      } else {
        // The refund won: a tombstone, and the capture that came after it was never charged nor answered.
        assert.equal(row?.status, 'VOIDED');
        assert.equal(capturedReplies.length, 0);
        assert.deepEqual(refundReply?.data.amount, { amount: 0, currency: 'XXX' });
      }
    }
    const [money] = await db<{ kept: number }[]>`
      SELECT (coalesce(sum(amount) FILTER (WHERE status IN ('CAPTURED', 'REFUNDED')), 0)
              - coalesce(sum(refunded_amount), 0))::int AS kept
      FROM payments WHERE order_id = ANY(${orders}::uuid[])`;
    assert.equal(money?.kept, 0);
  });
});

describe('HTTP: payments of their owner', () => {
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
    // Oldest first: a captured, a declined and a refunded payment.
    await captureAndWait(orders[0]!, { userId, amount: 1000 });
    await captureAndWait(orders[1]!, { userId, cardLast4: '0002' });
    await captureAndWait(orders[2]!, { userId, amount: 3000 });
    await refundAndWait(orders[2]!);
  });

  it("shows the owner an order's payment", async () => {
    const { status, body } = await call('GET', `/api/payments/${orders[2]}`, undefined, userToken);
    assert.equal(status, 200);
    assert.equal(body.orderId, orders[2]);
    assert.equal(body.status, 'REFUNDED');
    assert.deepEqual(body.amount, { amount: 3000, currency: 'EUR' });
    assert.deepEqual(body.refunded, { amount: 3000, currency: 'EUR' });
    assert.equal(body.cardLast4, '4242');
    assert.match(body.paymentId, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(body.createdAt)));
    assert.ok(Date.parse(body.updatedAt) >= Date.parse(body.createdAt));
    const declined = await call('GET', `/api/payments/${orders[1]}`, undefined, userToken);
    assert.equal(declined.body.declineReason, 'PAYMENT_DECLINED');
    assert.equal(declined.body.paymentId, null);
  });

  it("answers 404 for someone else's payment, and for none; an admin sees any", async () => {
    const foreign = await call('GET', `/api/payments/${orders[0]}`, undefined, otherToken);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.type, 'urn:bazaar:problem:not-found');
    assert.equal(foreign.body.amount, undefined);
    assert.equal((await call('GET', `/api/payments/${randomUUID()}`, undefined, userToken)).status, 404);
    const admin = await call('GET', `/api/payments/${orders[0]}`, undefined, adminToken);
    assert.equal(admin.status, 200);
    assert.equal(admin.body.status, 'CAPTURED');
  });

  it('hides tombstones from users and shows them to admins without a currency', async () => {
    const orderId = randomUUID();
    await refundAndWait(orderId);
    assert.equal((await call('GET', `/api/payments/${orderId}`, undefined, userToken)).status, 404);
    const admin = await call('GET', `/api/payments/${orderId}`, undefined, adminToken);
    assert.equal(admin.status, 200);
    assert.equal(admin.body.status, 'VOIDED');
    assert.deepEqual(admin.body.amount, { amount: 0, currency: 'XXX' });
  });

  it("lists the caller's payments newest first, page by page", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const { status, body } = await call('GET', url, undefined, userToken);
      assert.equal(status, 200, JSON.stringify(body));
      assert.ok(body.items.length <= 2);
      seen.push(...body.items.map((item: { orderId: string }) => item.orderId));
      cursor = body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [...orders].reverse());
    const others = await call('GET', '/api/payments', undefined, otherToken);
    assert.deepEqual(others.body, { items: [], nextCursor: null });
  });

  it("lets an admin list another user's payments, and nobody else", async () => {
    const admin = await call('GET', `/api/payments?userId=${userId}&limit=100`, undefined, adminToken);
    assert.equal(admin.status, 200);
    assert.equal(admin.body.items.length, 3);
    const nosy = await call('GET', `/api/payments?userId=${userId}`, undefined, otherToken);
    assert.equal(nosy.status, 404);
    assert.equal(nosy.body.items, undefined);
    const self = await call('GET', `/api/payments?userId=${userId}`, undefined, userToken);
    assert.equal(self.status, 200);
    assert.equal(self.body.items.length, 3);
  });

  it('answers bad input with 400 problems and a missing token with 401', async () => {
    for (const url of [
      '/api/payments?limit=0',
      '/api/payments?limit=101',
      '/api/payments?limit=ten',
      '/api/payments?userId=not-a-uuid',
      '/api/payments?colour=red',
      `/api/payments?cursor=${'x'.repeat(201)}`,
      '/api/payments/not-a-uuid',
    ]) {
      const { status, headers, body } = await call('GET', url, undefined, userToken);
      assert.equal(status, 400, url);
      assert.match(String(headers['content-type']), /application\/problem\+json/);
      assert.equal(body.type, 'urn:bazaar:problem:validation', url);
    }
    for (const cursor of [
      'bm90LWEtY3Vyc29y',
      Buffer.from(JSON.stringify(['2026-02-31T00:00:00.000000Z', randomUUID()])).toString('base64url'),
      Buffer.from(JSON.stringify(["x'; DROP TABLE payments; --", randomUUID()])).toString('base64url'),
    ]) {
      const forged = await call('GET', `/api/payments?cursor=${cursor}`, undefined, userToken);
      assert.equal(forged.status, 400);
      assert.equal(forged.body.type, 'urn:bazaar:problem:invalid-cursor');
    }
    assert.equal((await call('GET', '/api/payments')).status, 401);
    assert.equal((await call('GET', `/api/payments/${orders[0]}`)).status, 401);
  });

  it('counts the decisions it made as metrics', async () => {
    const metrics = await payment.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(
      metrics.body,
      /payment_command_outcomes_total\{command="capture",outcome="captured"[^}]*\} [1-9]/,
    );
    assert.match(
      metrics.body,
      /payment_command_outcomes_total\{command="refund",outcome="voided"[^}]*\} [1-9]/,
    );
  });
});
