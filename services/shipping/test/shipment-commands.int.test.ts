import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import type { Pool, Sql } from '@bazaar/postgres';
import { createTestTokenIssuer, eventually, startTestService } from '@bazaar/testing';
import { shipmentCommands } from '../src/application/shipment-commands.js';
import { loadShippingRules } from '../src/config.js';
import { type ShipmentsRepository, shipmentsRepository } from '../src/db/shipments-repository.js';
import type { ShipmentCommand, ShipmentOutcome } from '../src/domain/shipment.js';
import { shippingService } from '../src/service.js';

// The shipping commands as the `commands` consumer applies them, on the real PostgreSQL: a batch in one
// transaction must leave exactly the rows and replies (in the outbox) of the same commands one at a time.
const ENV = { SHIPPING_UNAVAILABLE_COUNTRIES: 'AQ, kp' };
let shipping: Awaited<ReturnType<typeof startTestService>>;
let db: Pool;
let repository: ShipmentsRepository;
/** The repository's statements, counted per method. */
const statements = new Map<string, number>();
const outcomes: { command: ShipmentCommand['kind']; outcome: ShipmentOutcome }[] = [];
let commands: ReturnType<typeof shipmentCommands>;

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
  shipping = await startTestService(shippingService, { tokens: issuer.verifier, env: ENV });
  db = shipping.context.db!;
  const real = shipmentsRepository(db);
  repository = {
    ...real,
    lockAll: counted('lockAll', real.lockAll),
    insertAllIfAbsent: counted('insertAllIfAbsent', real.insertAllIfAbsent),
    updateAll: counted('updateAll', real.updateAll),
  };
  commands = shipmentCommands(repository, shipping.messaging!, loadShippingRules(ENV), (command, outcome) =>
    outcomes.push({ command, outcome }),
  );
});
after(async () => {
  await shipping?.close();
});

/** A command of a scenario names its orders by letter; each run gives the letters fresh order ids. */
type Step = { kind: 'create'; order: string; country?: string } | { kind: 'cancel'; order: string };
const create = (order: string, country?: string): Step => ({
  kind: 'create',
  order,
  ...(country ? { country } : {}),
});
const cancel = (order: string): Step => ({ kind: 'cancel', order });

const USER = randomUUID();

function commandsOf(steps: readonly Step[], ids: Map<string, string>): ShipmentCommand[] {
  return steps.map((step) => {
    const orderId = ids.get(step.order)!;
    return step.kind === 'cancel'
      ? { kind: 'cancel', orderId }
      : { kind: 'create', orderId, userId: USER, address: { country: step.country ?? 'DE' } };
  });
}

interface Outcome {
  rows: Record<string, unknown>[];
  replies: { type: string; subject: string; data: unknown }[];
}

/**
 * The orders' rows and the replies published for them (in outbox order), with every order id, shipment id
 * and tracking number replaced by its letter, so two runs on different orders compare equal when they did
 * the same.
 */
async function outcomeOf(ids: Map<string, string>): Promise<Outcome> {
  const orderIds = [...ids.values()];
  const rows = await db<Record<string, unknown>[]>`
    SELECT order_id AS "orderId", shipment_id AS "shipmentId", user_id AS "userId",
           tracking_number AS "trackingNumber", status, country, detail
    FROM shipments WHERE order_id = ANY(${orderIds}::uuid[])`;
  const replies = await db<{ envelope: { type: string; subject: string; data: unknown } }[]>`
    SELECT envelope FROM outbox WHERE envelope->>'subject' = ANY(${orderIds}::text[]) ORDER BY id`;
  const names = new Map<string, string>();
  for (const [letter, orderId] of ids) names.set(orderId, letter);
  for (const row of rows) {
    const letter = names.get(row.orderId as string);
    if (row.shipmentId) names.set(row.shipmentId as string, `shipment of ${letter}`);
    if (row.trackingNumber) names.set(row.trackingNumber as string, `tracking number of ${letter}`);
  }
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

const cancelled = (order: string, shipmentId: string | null) => ({
  type: FULFILMENT_TYPES.shipmentCancelled,
  subject: order,
  data: { orderId: order, shipmentId },
});

describe('a batch of shipping commands', () => {
  it('creates and cancels a shipment whose create and cancel come in one batch', async () => {
    const { rows, replies } = await sameAsOneAtATime([create('A', 'FR'), cancel('A')]);
    assert.deepEqual(rows, [
      {
        orderId: 'A',
        shipmentId: 'shipment of A',
        userId: USER,
        trackingNumber: 'tracking number of A',
        status: 'CANCELLED',
        country: 'FR',
        detail: 'Cancelled before dispatch.',
      },
    ]);
    assert.deepEqual(replies, [
      {
        type: FULFILMENT_TYPES.shipmentCreated,
        subject: 'A',
        data: { shipmentId: 'shipment of A', orderId: 'A', trackingNumber: 'tracking number of A' },
      },
      cancelled('A', 'shipment of A'),
    ]);
  });

  it('leaves a tombstone when the cancel comes before the create, and ships nothing', async () => {
    const { rows, replies } = await sameAsOneAtATime([cancel('A'), create('A'), cancel('A')]);
    assert.deepEqual(
      rows.map(({ status, shipmentId, userId }) => ({ status, shipmentId, userId })),
      [{ status: 'CANCELLED', shipmentId: null, userId: null }],
    );
    assert.deepEqual(replies, [cancelled('A', null), cancelled('A', null)], 'the barred create got no reply');
  });

  it('fails for a country it does not ship to, answers repeats alike, and cancels the failure', async () => {
    const { rows, replies } = await sameAsOneAtATime([
      create('A', 'AQ'),
      create('B', 'KP'),
      create('A', 'AQ'),
      create('C'),
      create('C'),
      cancel('B'),
    ]);
    assert.deepEqual(
      rows.map(({ orderId, status, shipmentId }) => ({ orderId, status, shipmentId })),
      [
        { orderId: 'A', status: 'FAILED', shipmentId: null },
        { orderId: 'B', status: 'CANCELLED', shipmentId: null },
        { orderId: 'C', status: 'CREATED', shipmentId: 'shipment of C' },
      ],
    );
    assert.match(String(rows[1]?.detail), /does not ship to .* \(KP\)/, 'the failure stays the explanation');
    assert.deepEqual(
      replies.map(({ type, subject }) => [type, subject]),
      [
        [FULFILMENT_TYPES.shipmentFailed, 'A'],
        [FULFILMENT_TYPES.shipmentFailed, 'B'],
        [FULFILMENT_TYPES.shipmentFailed, 'A'],
        [FULFILMENT_TYPES.shipmentCreated, 'C'],
        [FULFILMENT_TYPES.shipmentCreated, 'C'],
        [FULFILMENT_TYPES.shipmentCancelled, 'B'],
      ],
    );
    assert.deepEqual(replies[2], replies[0]);
    assert.deepEqual(replies[4], replies[3]);
  });

  it('applies commands to recorded shipments as to new ones', async () => {
    // A is created and B tombstoned before, so the batch finds their shipments recorded and C's not.
    const { rows } = await sameAsOneAtATime(
      [cancel('A'), create('B'), create('C'), create('A'), cancel('C')],
      [create('A'), cancel('B')],
    );
    assert.deepEqual(
      rows.map(({ status, detail }) => [status, detail]),
      [
        ['CANCELLED', 'Cancelled before dispatch.'],
        ['CANCELLED', 'Cancelled before any shipment was created.'],
        ['CANCELLED', 'Cancelled before dispatch.'],
      ],
    );
  });

  it('decides many orders in one lock, one insert and one update', async () => {
    const orders = Array.from({ length: 40 }, (_, i) => `order ${String(i).padStart(2, '0')}`);
    const steps = orders.flatMap((order, i) =>
      i % 4 === 0 ? [create(order), cancel(order)] : [create(order, i % 4 === 1 ? 'AQ' : 'NL')],
    );
    // Half the orders already have a shipment: the batch updates those (or repeats their answer) and
    // inserts the others.
    const { rows, sent, counted } = await sameAsOneAtATime(
      steps,
      orders.filter((_, i) => i % 2 === 0).map((order) => create(order)),
    );
    assert.deepEqual(sent, { lockAll: 1, insertAllIfAbsent: 1, updateAll: 1 });
    assert.equal(counted, steps.length, 'every command counted once, after the commit');
    assert.equal(rows.length, 40);
  });

  it('decides again against the row a concurrent transaction inserted first', async () => {
    const later = [create('A'), create('B'), cancel('A')];
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
    // The first transaction records A's cancellation (a tombstone) and holds its commit...
    const first = db.begin(async (tx) => {
      await commands.handleBatch(tx, commandsOf([cancel('A')], ids));
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
        WHERE datname = current_database() AND wait_event_type = 'Lock'
          AND query LIKE '%INSERT INTO shipments%'`;
      return waiting && waiting.n > 0 ? true : undefined;
    }, 'the batch waits for the first transaction’s insert');
    commitFirst();
    await Promise.all([first, batch]);
    // The batch's second round locks A again and finds the tombstone: nothing more to write.
    assert.deepEqual(Object.fromEntries(statements), { lockAll: 2, insertAllIfAbsent: 1 });

    await oneAtATime([cancel('A'), ...later], alone);
    const { rows } = await sameOutcome(ids, alone);
    assert.deepEqual(
      rows.map(({ orderId, status }) => [orderId, status]),
      [
        ['A', 'CANCELLED'],
        ['B', 'CREATED'],
      ],
      'the late create of A was barred by the tombstone it found in the second round',
    );
  });
});
