import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool, databaseUrlFor, ensureDatabase, type Pool } from '@bazaar/postgres';
import { dropDatabasesWithPrefix, testDatabaseServerUrl, uniqueDatabasePrefix } from '@bazaar/testing';
import {
  createEventStore,
  type EventStore,
  type GlobalPosition,
  installEventStore,
  type NewEvent,
  START,
  TransactionOrderConflictError,
} from '../src/index.js';

/*
 * The key promise of the event store: a reader that follows the global order and checkpoints the last
 * position it saw never skips an event, however the writing transactions interleave, stall and roll back.
 * Writers race here in many short transactions; a follower reads in small pages while they write; afterwards
 * what it saw is compared with what committed and with the store's final order.
 */

const serverUrl = testDatabaseServerUrl();
const prefix = uniqueDatabasePrefix('es_order');
let db: Pool;
let store: EventStore;

before(async () => {
  const name = `${prefix}_store`;
  await ensureDatabase(serverUrl, name);
  db = createPool(databaseUrlFor(serverUrl, name), { max: 40, applicationName: 'global-order-test' });
  await installEventStore(db);
  store = createEventStore(db);
});

after(async () => {
  await db?.end({ timeout: 5 });
  await dropDatabasesWithPrefix(serverUrl, prefix);
});

/** What is wrong with what a follower saw; all empty when it saw every committed event once, in order. */
interface Verdict {
  /** Committed, never seen. */
  missing: string[];
  /** Seen more than once. */
  duplicated: string[];
  /** Seen after an event that the final order puts later. */
  outOfOrder: string[];
  /** Seen, but never committed (rolled back, or unknown). */
  unexpected: string[];
}

function check(
  seen: readonly string[],
  committed: ReadonlySet<string>,
  finalOrder: readonly string[],
): Verdict {
  const times = new Map<string, number>();
  for (const id of seen) times.set(id, (times.get(id) ?? 0) + 1);
  const rank = new Map(finalOrder.map((id, index) => [id, index]));
  const outOfOrder: string[] = [];
  let latest = -1;
  for (const id of times.keys()) {
    const place = rank.get(id);
    if (place === undefined) continue;
    if (place < latest) outOfOrder.push(id);
    else latest = place;
  }
  return {
    missing: [...committed].filter((id) => !times.has(id)),
    duplicated: [...times].filter(([, count]) => count > 1).map(([id]) => id),
    outOfOrder,
    unexpected: [...times.keys()].filter((id) => !committed.has(id)),
  };
}

const clean: Verdict = { missing: [], duplicated: [], outOfOrder: [], unexpected: [] };

/** A reader of the global order that keeps a checkpoint, as a projection or relay would. */
interface Follower {
  readonly name: string;
  /** Every event id it was given, in the order it was given them. */
  readonly seen: string[];
  /** Reads one page after its checkpoint and moves the checkpoint; returns how many events it got. */
  poll(): Promise<number>;
  /** Whether the table holds no committed event beyond its checkpoint (it has reached the end). */
  atEnd(): Promise<boolean>;
}

/** Follows store.readAll, checkpointing the last event's global position. */
function storeFollower(pageSize: number): Follower {
  let checkpoint: GlobalPosition = START;
  const seen: string[] = [];
  return {
    name: 'store.readAll',
    seen,
    async poll() {
      const events = await store.readAll({ after: checkpoint, limit: pageSize });
      for (const event of events) seen.push(event.id);
      if (events.length > 0) checkpoint = events.at(-1)!.globalPosition;
      return events.length;
    },
    async atEnd() {
      const [row] = await db<{ beyond: number }[]>`
        SELECT count(*)::int AS beyond FROM es_events
        WHERE (transaction_id, position) > (${checkpoint.transactionId}::xid8, ${checkpoint.position})`;
      return row!.beyond === 0;
    },
  };
}

/** The classic mistake: follows the bigserial and checkpoints the highest position it saw. */
function naiveFollower(pageSize: number): Follower {
  let checkpoint = 0;
  const seen: string[] = [];
  return {
    name: 'ORDER BY position',
    seen,
    async poll() {
      const rows = await db<{ id: string; position: number }[]>`
        SELECT event_id AS id, position FROM es_events WHERE position > ${checkpoint}
        ORDER BY position LIMIT ${pageSize}`;
      for (const row of rows) {
        seen.push(row.id);
        checkpoint = Math.max(checkpoint, row.position);
      }
      return rows.length;
    },
    async atEnd() {
      const [row] = await db<{ beyond: number }[]>`
        SELECT count(*)::int AS beyond FROM es_events WHERE position > ${checkpoint}`;
      return row!.beyond === 0;
    },
  };
}

interface Scenario {
  writers: number;
  transactionsPerWriter: number;
  /** Each transaction sleeps 0..maxDelayMs between its appends and its commit. */
  maxDelayMs: number;
  /** Share of transactions that roll back on purpose after appending. */
  rollbackRate: number;
  streams: number;
  /** One more writer keeps a transaction open this long after appending, again and again, while the others run. */
  slowCommitMs: number;
  /** Page size of the followers. */
  pageSize: number;
}

const ciSized: Scenario = {
  writers: 16,
  transactionsPerWriter: 25,
  maxDelayMs: 15,
  rollbackRate: 0.2,
  streams: 24,
  slowCommitMs: 200,
  pageSize: 7,
};

interface Round {
  /** Ids of the events of the transactions that committed. */
  committed: Set<string>;
  /** Ids of the events of the transactions rolled back on purpose. */
  rolledBack: Set<string>;
  transactions: { committed: number; rolledBack: number; slow: number };
  /** The store's global order once every writer has finished. */
  finalOrder: string[];
  verdicts: Map<string, Verdict>;
  /** Per follower, how many events it had seen when the writers finished (it followed live, not only at the end). */
  seenWhileWriting: Map<string, number>;
  /** Whether a follower reached the end in time; false means it stalled. */
  drained: Map<string, boolean>;
}

class RollbackOnPurpose extends Error {}

/** Runs the writers and the followers together, then checks every follower. */
async function runRound(scenario: Scenario, followers: Follower[]): Promise<Round> {
  await db`TRUNCATE es_events, es_streams`;
  const committed = new Set<string>();
  const rolledBack = new Set<string>();
  const transactions = { committed: 0, rolledBack: 0, slow: 0 };
  const streams = Array.from({ length: scenario.streams }, (_, index) => `order-${index}-${randomUUID()}`);

  /**
   * One transaction appending 1–3 events to one or two random streams (in a fixed order: no deadlocks), or
   * to `own` streams only: a stream's appends queue on its row lock, so a writer that holds one open for long
   * keeps its own streams, or it would hold back the writers it should race.
   */
  async function transaction(delayMs: number, rollback: boolean, own = streams): Promise<void> {
    const count = 1 + randomInt(3);
    const chosen =
      count > 1 && randomInt(3) === 0
        ? [...new Set([own[randomInt(own.length)]!, own[randomInt(own.length)]!])].sort()
        : [own[randomInt(own.length)]!];
    const batches: NewEvent[][] = chosen.map(() => []);
    for (let index = 0; index < count; index++)
      batches[index % chosen.length]!.push({ id: randomUUID(), type: 'Noted', data: { index } });
    const ids = batches.flat().map((event) => event.id!);
    try {
      await db.begin(async (tx) => {
        for (const [index, stream] of chosen.entries())
          await store.appendWith(tx, stream, batches[index]!, { expectedVersion: 'any' });
        await sleep(delayMs);
        if (rollback) throw new RollbackOnPurpose();
      });
    } catch (error) {
      // A transaction that wrote one stream and then found a newer writer ahead of it on the next one is
      // refused (stream order in the log); like a rollback, none of its events exist.
      if (!(error instanceof RollbackOnPurpose) && !(error instanceof TransactionOrderConflictError))
        throw error;
      for (const id of ids) rolledBack.add(id);
      transactions.rolledBack++;
      return;
    }
    for (const id of ids) committed.add(id);
    transactions.committed++;
  }

  let writing = true;
  let fastWritersDone = false;
  const fastWriters = Array.from({ length: scenario.writers }, async () => {
    for (let done = 0; done < scenario.transactionsPerWriter; done++)
      await transaction(randomInt(scenario.maxDelayMs + 1), Math.random() < scenario.rollbackRate);
  });
  const slowStreams = [`slow-${randomUUID()}`];
  const slowWriter = (async () => {
    do {
      await transaction(scenario.slowCommitMs, false, slowStreams);
      transactions.slow++;
    } while (!fastWritersDone);
  })();
  const seenWhileWriting = new Map<string, number>();
  const drained = new Map<string, boolean>();
  const following = followers.map(async (follower) => {
    while (writing) if ((await follower.poll()) === 0) await sleep(1);
    seenWhileWriting.set(follower.name, follower.seen.length);
    // drain: read until nothing committed lies beyond the checkpoint (give up after 15 s: a stall fails the checks)
    const deadline = Date.now() + 15_000;
    for (;;) {
      if ((await follower.poll()) > 0) continue;
      if (await follower.atEnd()) return drained.set(follower.name, true);
      if (Date.now() > deadline) return drained.set(follower.name, false);
      await sleep(5);
    }
  });
  // the followers drain only once every writer has finished: a transaction still open could commit after
  // a follower found nothing more, and look like a skip
  const writers = Promise.all(fastWriters).finally(() => {
    fastWritersDone = true;
  });
  try {
    await Promise.all([writers, slowWriter]);
  } finally {
    writing = false;
    await Promise.allSettled(following);
  }
  await Promise.all(following);

  await everyCommittedEventReadable();
  const finalOrder = (await store.readAll({ limit: 1_000_000 })).map((event) => event.id);
  const verdicts = new Map(
    followers.map((follower) => [follower.name, check(follower.seen, committed, finalOrder)]),
  );
  return { committed, rolledBack, transactions, finalOrder, verdicts, seenWhileWriting, drained };
}

/**
 * readAll holds back events that an older, still running transaction might precede; transaction ids are
 * server-wide, so a transaction in another database of the server holds them back too, for a moment.
 */
async function everyCommittedEventReadable(): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const [row] = await db<{ committed: number }[]>`SELECT count(*)::int AS committed FROM es_events`;
    if ((await store.countAfter(START)) === row!.committed) return;
    if (Date.now() > deadline) throw new Error('committed events stayed unreadable for 15 s');
    await sleep(10);
  }
}

/** The round's own bookkeeping is right: the table holds exactly the committed events, some rolled back. */
function assertSoundRound(round: Round): void {
  assert.deepEqual(
    check(round.finalOrder, round.committed, round.finalOrder),
    clean,
    'the table holds what committed',
  );
  assert.equal(round.finalOrder.length, round.committed.size);
  assert.ok(round.transactions.rolledBack > 0, 'some transactions rolled back');
  assert.ok(round.transactions.slow > 0, 'the slow writer committed');
  for (const id of round.rolledBack) assert.equal(round.committed.has(id), false);
}

/** A short summary for failure messages and diagnostics. */
function describeVerdict(verdict: Verdict): string {
  return `missing ${verdict.missing.length}, duplicated ${verdict.duplicated.length}, out of order ${verdict.outOfOrder.length}, unexpected ${verdict.unexpected.length}`;
}

describe('the checker', () => {
  it('reports missing, duplicated, out-of-order and unexpected events, and nothing for a faithful reader', () => {
    const finalOrder = ['a', 'b', 'c', 'd', 'e'];
    const committed = new Set(finalOrder);
    assert.deepEqual(check(finalOrder, committed, finalOrder), clean);
    assert.deepEqual(check(['a', 'b', 'd', 'e'], committed, finalOrder), { ...clean, missing: ['c'] });
    assert.deepEqual(check(['a', 'b', 'b', 'c', 'd', 'e'], committed, finalOrder), {
      ...clean,
      duplicated: ['b'],
    });
    assert.deepEqual(check(['a', 'c', 'b', 'd', 'e'], committed, finalOrder), {
      ...clean,
      outOfOrder: ['b'],
    });
    assert.deepEqual(check(['a', 'b', 'x', 'c', 'd', 'e'], committed, finalOrder), {
      ...clean,
      unexpected: ['x'],
    });
  });
});

describe('the global order', () => {
  it('gives a checkpointing follower every committed event exactly once, in order, over 20 racing rounds', async (t) => {
    const started = performance.now();
    const totals = { events: 0, rolledBack: 0, slow: 0, whileWriting: 0 };
    for (let round = 1; round <= 20; round++) {
      const follower = storeFollower(ciSized.pageSize);
      const result = await runRound(ciSized, [follower]);
      assertSoundRound(result);
      const verdict = result.verdicts.get(follower.name)!;
      assert.deepEqual(verdict, clean, `round ${round}: ${describeVerdict(verdict)}`);
      assert.deepEqual(
        follower.seen,
        result.finalOrder,
        `round ${round}: the follower's order is the store's`,
      );
      assert.equal(result.drained.get(follower.name), true, `round ${round}: the follower reached the end`);
      assert.ok(
        result.seenWhileWriting.get(follower.name)! > 0,
        `round ${round}: it followed while writers wrote`,
      );
      totals.events += result.committed.size;
      totals.rolledBack += result.transactions.rolledBack;
      totals.slow += result.transactions.slow;
      totals.whileWriting += result.seenWhileWriting.get(follower.name)!;
    }
    t.diagnostic(
      `20 rounds in ${Math.round(performance.now() - started)} ms: ${totals.events} committed events ` +
        `(${totals.whileWriting} read while writers wrote), ${totals.rolledBack} transactions rolled back, ` +
        `${totals.slow} slow commits`,
    );
  });

  it('catches the skips of a follower that checkpoints the highest position it saw', async (t) => {
    let detected: Verdict | undefined;
    let rounds = 0;
    while (!detected && rounds < 5) {
      rounds++;
      // the same race, followed both ways at once
      const naive = naiveFollower(ciSized.pageSize);
      const faithful = storeFollower(ciSized.pageSize);
      const result = await runRound(ciSized, [naive, faithful]);
      assertSoundRound(result);
      assert.deepEqual(result.verdicts.get(faithful.name), clean, `round ${rounds}: readAll never skips`);
      const verdict = result.verdicts.get(naive.name)!;
      assert.deepEqual(verdict.duplicated, []);
      assert.deepEqual(verdict.unexpected, []);
      t.diagnostic(`round ${rounds}, ${naive.name}: ${describeVerdict(verdict)} of ${result.committed.size}`);
      if (verdict.missing.length > 0) detected = verdict;
    }
    assert.ok(detected, `no skip detected in ${rounds} rounds: the scenario cannot tell a skipping reader`);
    assert.ok(detected.missing.length > 0);
  });
});
