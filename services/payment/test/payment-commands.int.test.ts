import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import type { Pool, Sql } from '@bazaar/postgres';
import { createTestTokenIssuer, eventually, startTestService } from '@bazaar/testing';
import { type PaymentCommands, paymentCommands } from '../src/application/payment-commands.js';
import { type PaymentsRepository, paymentsRepository } from '../src/db/payments-repository.js';
import type { PaymentCommand, PaymentOutcome } from '../src/domain/payment.js';
import { paymentService } from '../src/service.js';

// The payment commands as the `commands` consumer applies them, on the real PostgreSQL: a batch in one
// transaction must leave exactly the rows and replies (in the outbox) of the same commands one at a time.
let payment: Awaited<ReturnType<typeof startTestService>>;
let db: Pool;
let repository: PaymentsRepository;
/** The repository's statements, counted per method. */
const statements = new Map<string, number>();
const outcomes: { command: PaymentCommand['kind']; outcome: PaymentOutcome }[] = [];
let commands: PaymentCommands;

/** Counts the calls of a repository method that send a statement (one with nothing to write sends none). */
function counted<Rows extends readonly unknown[], Result>(
  name: string,
  method: (rows: Rows, tx: Sql) => Promise<Result>,
): (rows: Rows, tx: Sql) => Promise<Result> {
  return (rows, tx) => {
    if (rows.length > 0) statements.set(name, (statements.get(name) ?? 0) + 1);
    return method(rows, tx);
  };
}

before(async () => {
  const issuer = await createTestTokenIssuer();
  payment = await startTestService(paymentService, { tokens: issuer.verifier });
  db = payment.context.db!;
  const real = paymentsRepository(db);
  repository = {
    ...real,
    lockAll: counted('lockAll', real.lockAll),
    insertAllIfAbsent: counted('insertAllIfAbsent', real.insertAllIfAbsent),
    updateAll: counted('updateAll', real.updateAll),
  };
  commands = paymentCommands(repository, payment.messaging!, (command, outcome) =>
    outcomes.push({ command, outcome }),
  );
});
after(async () => {
  await payment?.close();
});

/** A command of a scenario names its orders by letter; each run gives the letters fresh order ids. */
type Step =
  | { kind: 'capture'; order: string; cardLast4?: string; amount?: number }
  | { kind: 'refund'; order: string };
const capture = (order: string, options: { cardLast4?: string; amount?: number } = {}): Step => ({
  kind: 'capture',
  order,
  ...options,
});
const refund = (order: string): Step => ({ kind: 'refund', order });

const USER = randomUUID();

function commandsOf(steps: readonly Step[], ids: Map<string, string>): PaymentCommand[] {
  return steps.map((step) => {
    const orderId = ids.get(step.order)!;
    return step.kind === 'refund'
      ? { kind: 'refund', orderId }
      : {
          kind: 'capture',
          orderId,
          userId: USER,
          amount: { amount: step.amount ?? 4999, currency: 'EUR' },
          cardLast4: step.cardLast4 ?? '4242',
        };
  });
}

interface Outcome {
  rows: Record<string, unknown>[];
  replies: { type: string; subject: string; data: unknown }[];
}

/**
 * The orders' rows and the replies published for them (in outbox order), with every order id and payment
 * id replaced by its letter, so two runs on different orders compare equal when they did the same.
 */
async function outcomeOf(ids: Map<string, string>): Promise<Outcome> {
  const orderIds = [...ids.values()];
  const rows = await db<Record<string, unknown>[]>`
    SELECT order_id AS "orderId", payment_id AS "paymentId", user_id AS "userId", amount, currency, status,
           decline_reason AS "declineReason", card_last4 AS "cardLast4", refunded_amount AS "refundedAmount"
    FROM payments WHERE order_id = ANY(${orderIds}::uuid[]) ORDER BY order_id`;
  const replies = await db<{ envelope: { type: string; subject: string; data: unknown } }[]>`
    SELECT envelope FROM outbox WHERE envelope->>'subject' = ANY(${orderIds}::text[]) ORDER BY id`;
  const names = new Map<string, string>();
  for (const [letter, orderId] of ids) names.set(orderId, letter);
  for (const row of rows)
    if (row.paymentId) names.set(row.paymentId as string, `payment of ${names.get(row.orderId as string)}`);
  const named = (value: unknown): unknown =>
    typeof value === 'string'
      ? (names.get(value) ?? value)
      : Array.isArray(value)
        ? value.map(named)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, named(inner)]))
          : value;
  return {
    rows: (named(rows) as Record<string, unknown>[]).sort((a, b) =>
      String(a.orderId).localeCompare(String(b.orderId)),
    ),
    replies: replies.map(({ envelope }) =>
      named({ type: envelope.type, subject: envelope.subject, data: envelope.data }),
    ) as Outcome['replies'],
  };
}

const freshIds = (steps: readonly Step[]) => new Map(steps.map((step) => [step.order, randomUUID()]));

const oneAtATime = async (steps: readonly Step[], ids: Map<string, string>) => {
  for (const command of commandsOf(steps, ids)) await db.begin((tx) => commands.handleBatch(tx, [command]));
};

/** Asserts that the orders of both runs were left alike, and answers what the first run left. */
async function sameOutcome(batched: Map<string, string>, alone: Map<string, string>): Promise<Outcome> {
  const outcome = await outcomeOf(batched);
  assert.deepEqual(outcome, await outcomeOf(alone), 'the batch left what one command at a time leaves');
  return outcome;
}

/**
 * Runs the steps once as one batch and once one transaction per command (each after the same `earlier`
 * steps, one at a time), compares what each left, and says what the batch cost.
 */
async function sameAsOneAtATime(
  steps: readonly Step[],
  earlier: readonly Step[] = [],
): Promise<Outcome & { sent: Record<string, number>; counted: number }> {
  const together = freshIds([...earlier, ...steps]);
  const alone = freshIds([...earlier, ...steps]);
  for (const run of [together, alone]) await oneAtATime(earlier, run);
  statements.clear();
  outcomes.length = 0;
  await db.begin((tx) => commands.handleBatch(tx, commandsOf(steps, together)));
  const cost = { sent: Object.fromEntries(statements), counted: outcomes.length };
  await oneAtATime(steps, alone);
  return { ...(await sameOutcome(together, alone)), ...cost };
}

const nothingBack = (order: string) => ({
  type: FULFILMENT_TYPES.paymentRefunded,
  subject: order,
  data: { orderId: order, paymentId: null, amount: { amount: 0, currency: 'XXX' } },
});

describe('a batch of payment commands', () => {
  it('captures and refunds an order whose capture and refund come in one batch', async () => {
    const { rows, replies } = await sameAsOneAtATime([capture('A', { amount: 2500 }), refund('A')]);
    assert.deepEqual(rows, [
      {
        orderId: 'A',
        paymentId: 'payment of A',
        userId: USER,
        amount: 2500,
        currency: 'EUR',
        status: 'REFUNDED',
        declineReason: null,
        cardLast4: '4242',
        refundedAmount: 2500,
      },
    ]);
    assert.deepEqual(replies, [
      {
        type: FULFILMENT_TYPES.paymentCaptured,
        subject: 'A',
        data: {
          paymentId: 'payment of A',
          orderId: 'A',
          userId: USER,
          amount: { amount: 2500, currency: 'EUR' },
        },
      },
      {
        type: FULFILMENT_TYPES.paymentRefunded,
        subject: 'A',
        data: { orderId: 'A', paymentId: 'payment of A', amount: { amount: 2500, currency: 'EUR' } },
      },
    ]);
  });

  it('answers a repeated capture with the same charge, and charges once', async () => {
    const { rows, replies } = await sameAsOneAtATime([
      capture('A'),
      capture('A'),
      capture('A', { amount: 1 }),
    ]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, 'CAPTURED');
    assert.equal(rows[0]?.amount, 4999);
    assert.equal(replies.length, 3);
    for (const reply of replies) assert.deepEqual(reply, replies[0]);
  });

  it('leaves a tombstone when the refund comes before the capture, and the capture charges nothing', async () => {
    const { rows, replies } = await sameAsOneAtATime([refund('A'), capture('A'), refund('A')]);
    assert.deepEqual(
      rows.map(({ status, userId, amount }) => ({ status, userId, amount })),
      [{ status: 'VOIDED', userId: null, amount: 0 }],
    );
    assert.deepEqual(replies, [nothingBack('A'), nothingBack('A')], 'the barred capture got no reply');
  });

  it('records declined cards and charges in doubt, and voids them on refund', async () => {
    const { rows, replies } = await sameAsOneAtATime([
      capture('A', { cardLast4: '0002' }),
      capture('B', { cardLast4: '9995' }),
      capture('C', { cardLast4: '0341' }),
      capture('C', { cardLast4: '0341' }),
      capture('A', { cardLast4: '0002' }),
      refund('B'),
    ]);
    assert.deepEqual(
      rows.map(({ orderId, status, declineReason }) => ({ orderId, status, declineReason })),
      [
        { orderId: 'A', status: 'DECLINED', declineReason: 'PAYMENT_DECLINED' },
        { orderId: 'B', status: 'VOIDED', declineReason: 'INSUFFICIENT_FUNDS' },
        { orderId: 'C', status: 'PENDING', declineReason: null },
      ],
    );
    assert.deepEqual(
      replies.map(({ type, subject }) => [type, subject]),
      [
        [FULFILMENT_TYPES.paymentDeclined, 'A'],
        [FULFILMENT_TYPES.paymentDeclined, 'B'],
        [FULFILMENT_TYPES.paymentDeclined, 'A'],
        [FULFILMENT_TYPES.paymentRefunded, 'B'],
      ],
      'the provider that never answers is never answered for',
    );
  });

  it('applies commands to recorded payments as to new ones', async () => {
    // A is captured and B tombstoned before, so the batch finds their payments recorded and C's not.
    const { rows } = await sameAsOneAtATime(
      [refund('A'), capture('B'), capture('C'), capture('A'), refund('C')],
      [capture('A'), refund('B')],
    );
    assert.deepEqual(
      rows.map(({ status }) => status),
      ['REFUNDED', 'VOIDED', 'REFUNDED'],
    );
  });

  it('decides many orders in one lock, one insert and one update', async () => {
    const orders = Array.from({ length: 40 }, (_, i) => `order ${String(i).padStart(2, '0')}`);
    const steps = orders.flatMap((order, i) =>
      i % 4 === 0
        ? [capture(order), refund(order)]
        : [capture(order, { cardLast4: i % 4 === 1 ? '0002' : '4242' })],
    );
    // Half the orders already have a payment: the batch updates those (or repeats their answer) and
    // inserts the others.
    const { rows, sent, counted } = await sameAsOneAtATime(
      steps,
      orders.filter((_, i) => i % 2 === 0).map((order) => capture(order)),
    );
    assert.deepEqual(sent, { lockAll: 1, insertAllIfAbsent: 1, updateAll: 1 });
    assert.equal(counted, steps.length, 'every command counted once, after the commit');
    assert.equal(rows.length, 40);
  });

  it('decides again against the row a concurrent transaction inserted first', async () => {
    const later = [capture('A'), capture('B'), refund('A')];
    const ids = freshIds(later);
    const alone = freshIds(later);
    let recorded!: () => void;
    let commitFirst!: () => void;
    const written = new Promise<void>((resolve) => {
      recorded = resolve;
    });
    const held = new Promise<void>((resolve) => {
      commitFirst = resolve;
    });
    // The first transaction records A's refund (a tombstone) and holds its commit...
    const first = db.begin(async (tx) => {
      await commands.handleBatch(tx, commandsOf([refund('A')], ids));
      recorded();
      await held;
    });
    await written;
    // ...while the batch finds no row for A, tries to insert it and waits for the first transaction.
    statements.clear();
    const batch = db.begin((tx) => commands.handleBatch(tx, commandsOf(later, ids)));
    await eventually(async () => {
      const [waiting] = await db<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO payments%'`;
      return waiting && waiting.n > 0 ? true : undefined;
    }, 'the batch waits for the first transaction’s insert');
    commitFirst();
    await Promise.all([first, batch]);
    // The batch's second round locks A again and finds the tombstone: nothing more to write.
    assert.deepEqual(Object.fromEntries(statements), { lockAll: 2, insertAllIfAbsent: 1 });

    await oneAtATime([refund('A'), ...later], alone);
    const { rows } = await sameOutcome(ids, alone);
    assert.deepEqual(
      rows.map(({ orderId, status }) => [orderId, status]),
      [
        ['A', 'VOIDED'],
        ['B', 'CAPTURED'],
      ],
      'the late capture of A was barred by the tombstone it found in the second round',
    );
  });
});
