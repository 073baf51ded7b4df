import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  EVENT_TYPES,
  type OrderCancelled,
  type OrderConfirmed,
  type UserRegistered,
  type UserUpdated,
} from '@bazaar/contracts';
import { createEnvelope, type Envelope } from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import { createTestTokenIssuer, startTestService } from '@bazaar/testing';
import type postgres from 'postgres';
import { type Mailbox, mailbox, RecipientNotKnownYetError } from '../src/application/mailbox.js';
import { notificationService } from '../src/service.js';

// The consumers as the host runs them, on the real PostgreSQL, in two services of their own: one handles
// each scenario's events as one batch (one transaction), the other one event per transaction, in the same
// order. Both get the same events, so after every scenario their tables must be equal.
type Running = Awaited<ReturnType<typeof startTestService>>;
interface Instance {
  running: Running;
  db: Pool;
  mail: Mailbox;
}
let batched: Instance;
let alone: Instance;

async function instance(): Promise<Instance> {
  const running = await startTestService(notificationService, {
    tokens: (await createTestTokenIssuer()).verifier,
  });
  const db = running.context.db!;
  return { running, db, mail: mailbox(db, running.messaging!) };
}

before(async () => {
  [batched, alone] = await Promise.all([instance(), instance()]);
});
after(async () => {
  await Promise.all([batched?.running.close(), alone?.running.close()]);
});

type Consumer = 'onUserEvents' | 'onOrderEvents';
const inOneBatch = (target: Instance, consumer: Consumer, events: readonly Envelope[], sql?: Counting) =>
  target.db.begin((tx) => target.mail[consumer](sql ? sql(tx) : tx, events));
const oneAtATime = async (target: Instance, consumer: Consumer, events: readonly Envelope[]) => {
  for (const event of events) await inOneBatch(target, consumer, [event]);
};
type Counting = (tx: postgres.TransactionSql) => postgres.TransactionSql;

/** The recipients, the mailboxes (in the order sent) and the events published, without generated ids. */
async function tablesOf({ db }: Instance) {
  const notifications = await db<Record<string, unknown>[]>`
    SELECT id, recipient_id, address, kind, reference, subject, body, source_event_id
    FROM notifications ORDER BY seq`;
  const names = new Map(notifications.map((row) => [row.id, `${row.kind} of ${row.reference}`]));
  const published = await db<{ type: string; data: Record<string, unknown> }[]>`
    SELECT envelope->>'type' AS type, envelope->'data' AS data FROM outbox ORDER BY id`;
  return {
    recipients: await db`SELECT user_id, email, name, updated_at FROM recipients ORDER BY user_id`,
    notifications: notifications.map(({ id: _id, ...row }) => row),
    published: published.map(({ type, data }) => ({
      type,
      data: { ...data, notificationId: names.get(data.notificationId) } as Record<string, unknown>,
    })),
  };
}
type Tables = Awaited<ReturnType<typeof tablesOf>>;

/**
 * Handles `earlier` one at a time on both services, then `batch` as one batch on one and one at a time on
 * the other, and asserts they left every table alike. Answers the tables.
 */
async function sameAsOneAtATime(
  consumer: Consumer,
  batch: readonly Envelope[],
  earlier: readonly Envelope[] = [],
): Promise<Tables> {
  await Promise.all([oneAtATime(batched, consumer, earlier), oneAtATime(alone, consumer, earlier)]);
  await Promise.all([inOneBatch(batched, consumer, batch), oneAtATime(alone, consumer, batch)]);
  const tables = await tablesOf(batched);
  assert.deepEqual(tables, await tablesOf(alone), 'the batch left every table as one event at a time does');
  return tables;
}

const event = (type: string, data: unknown, subject: string): Envelope =>
  createEnvelope({ type, source: '/bazaar/test', data, subject });
const T0 = Date.parse('2026-11-25T10:00:00Z');
const instant = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function user(name: string) {
  const userId: string = randomUUID();
  const email = (version: string) => `${name.toLowerCase()}-${version}-${userId.slice(0, 8)}@example.com`;
  return {
    userId,
    registered: (at: number, version = 'first'): Envelope =>
      event(
        EVENT_TYPES.userRegistered,
        { userId, email: email(version), name, registeredAt: instant(at) } satisfies UserRegistered,
        userId,
      ),
    updated: (at: number, version: string): Envelope =>
      event(
        EVENT_TYPES.userUpdated,
        {
          userId,
          email: email(version),
          name: `${name} ${version}`,
          role: 'customer',
          updatedAt: instant(at),
        } satisfies UserUpdated,
        userId,
      ),
  };
}

const again = (envelope: Envelope): Envelope => ({ ...envelope, id: randomUUID() });

function order(userId: string) {
  const orderId = randomUUID();
  const total = { amount: 2599, currency: 'EUR' };
  return {
    orderId,
    confirmed: (): Envelope =>
      event(
        EVENT_TYPES.orderConfirmed,
        { orderId, userId, total, confirmedAt: instant(60) } satisfies OrderConfirmed,
        orderId,
      ),
    cancelled: (): Envelope =>
      event(
        EVENT_TYPES.orderCancelled,
        {
          orderId,
          userId,
          total,
          reason: 'PAYMENT_DECLINED',
          cancelledAt: instant(60),
        } satisfies OrderCancelled,
        orderId,
      ),
  };
}

const of = (tables: Tables, userIds: readonly string[]) => ({
  recipients: tables.recipients.filter((row) => userIds.includes(String(row.user_id))),
  notifications: tables.notifications.filter((row) => userIds.includes(String(row.recipient_id))),
});

describe('a batch of user events gives the tables of one event at a time', () => {
  it('keeps the newest version of each recipient and welcomes each new user once', async () => {
    const [ann, bob, cem, dan] = [user('Ann'), user('Bob'), user('Cem'), user('Dan')];
    const tables = await sameAsOneAtATime(
      'onUserEvents',
      [
        ann.registered(0),
        bob.updated(5, 'older'), // older than Bob's registration below: loses to it
        bob.registered(10),
        ann.updated(20, 'newer'),
        again(ann.registered(0)), // a replay under a new message id: no second welcome
        cem.registered(30),
        cem.updated(30, 'same-time'), // as old as the registration: the first one stays
        dan.updated(40, 'newer'),
        dan.updated(35, 'between'),
      ],
      [dan.registered(30)],
    );
    const mine = of(tables, [ann.userId, bob.userId, cem.userId, dan.userId]);
    const byUser = new Map(mine.recipients.map((row) => [String(row.user_id), row]));
    assert.equal(byUser.get(ann.userId)?.name, 'Ann newer');
    assert.equal(byUser.get(bob.userId)?.name, 'Bob');
    assert.equal(byUser.get(cem.userId)?.name, 'Cem');
    assert.equal(byUser.get(dan.userId)?.name, 'Dan newer');
    assert.deepEqual(
      mine.notifications.map((row) => [row.kind, row.reference]),
      [
        ['welcome', dan.userId],
        ['welcome', ann.userId],
        ['welcome', bob.userId],
        ['welcome', cem.userId],
      ],
    );
  });
});

describe('a batch of order events gives the tables of one event at a time', () => {
  it('sends one confirmation or cancellation per order, to the customer as known, and announces each once', async () => {
    const [eve, fay] = [user('Eve'), user('Fay')];
    await sameAsOneAtATime('onUserEvents', [eve.registered(0), fay.registered(0)]);
    const [first, second, third, before] = [
      order(eve.userId),
      order(fay.userId),
      order(eve.userId),
      order(fay.userId),
    ];
    const confirmation = first.confirmed();
    const tables = await sameAsOneAtATime(
      'onOrderEvents',
      [
        confirmation,
        second.cancelled(),
        again(confirmation), // re-sent under a new message id
        before.confirmed(), // already told in an earlier batch
        third.confirmed(),
      ],
      [before.confirmed()],
    );
    const mine = of(tables, [eve.userId, fay.userId]);
    assert.deepEqual(
      mine.notifications.map((row) => [row.kind, row.reference]),
      [
        ['welcome', eve.userId],
        ['welcome', fay.userId],
        ['order-confirmed', before.orderId],
        ['order-confirmed', first.orderId],
        ['order-cancelled', second.orderId],
        ['order-confirmed', third.orderId],
      ],
    );
    assert.equal(
      mine.notifications.find((row) => row.reference === first.orderId)?.source_event_id,
      confirmation.id,
      'the first of the two events sent it',
    );
    const sent = tables.published.filter(
      (row) =>
        row.type === EVENT_TYPES.notificationSent &&
        [eve.userId, fay.userId].includes(String(row.data.recipientId)),
    );
    assert.equal(sent.length, mine.notifications.length, 'one notification.sent per message');
  });

  it('fails a batch with a customer not known yet before writing anything', async () => {
    const gus = user('Gus');
    await sameAsOneAtATime('onUserEvents', [gus.registered(0)]);
    const stranger = randomUUID();
    const before = await tablesOf(batched);
    await assert.rejects(
      inOneBatch(batched, 'onOrderEvents', [order(gus.userId).confirmed(), order(stranger).confirmed()]),
      (error: unknown) => error instanceof RecipientNotKnownYetError && error.userIds.join() === stranger,
    );
    assert.deepEqual(await tablesOf(batched), before);
  });
});

describe('statements per batch', () => {
  /** Handles the events as one batch and answers the statements it sent (outbox included). */
  async function statementsOf(consumer: Consumer, events: readonly Envelope[]): Promise<number> {
    await oneAtATime(alone, consumer, events);
    let sent = 0;
    // The outbox, not seeing a pool's transaction, then writes at once instead of just before the commit.
    const counting: Counting = (tx) =>
      new Proxy(tx, {
        apply(target, self, args) {
          sent += 1;
          return Reflect.apply(target, self, args);
        },
      });
    await inOneBatch(batched, consumer, events, counting);
    return sent;
  }

  it('is the same for 40 users and their orders as for 2: a fixed number, not one per event', async () => {
    for (const count of [2, 40]) {
      const users = Array.from({ length: count }, (_, i) => user(`User${i}`));
      assert.equal(
        await statementsOf(
          'onUserEvents',
          users.flatMap((u) => [u.registered(0), u.updated(10, 'newer')]),
        ),
        3,
        'recipients, notifications, outbox',
      );
      assert.equal(
        await statementsOf(
          'onOrderEvents',
          users.flatMap((u) => [order(u.userId).confirmed(), order(u.userId).cancelled()]),
        ),
        3,
        'recipients, notifications, outbox',
      );
    }
  });
});
