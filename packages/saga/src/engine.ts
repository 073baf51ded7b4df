import type { Pool } from '@bazaar/postgres';
import type postgres from 'postgres';
import type { SagaCommand, SagaDefinition, SagaNotice } from './definition.js';
import { isTerminal, type SagaInput, type SagaState, type SagaStatus, transition } from './machine.js';

export interface SagaRecord<Data> {
  id: string;
  saga: string;
  status: SagaStatus;
  /** The step in progress or being compensated, by name (null once finished). */
  currentStep: string | null;
  attempt: number;
  deadline: Date | null;
  failureReason: string | null;
  data: Data;
  createdAt: Date;
  updatedAt: Date;
  /** `updatedAt` as text to the microsecond: where `list` continues after this record. */
  position: string;
}

export interface SagaHistoryEntry {
  at: Date;
  kind: SagaNotice['kind'];
  step: string | null;
  detail: Record<string, unknown> | null;
}

interface Row {
  id: string;
  saga: string;
  status: SagaStatus;
  step: number;
  attempt: number;
  deadline: Date | null;
  failureReason: string | null;
  data: unknown;
  createdAt: Date;
  updatedAt: Date;
  position: string;
}

// A Date holds milliseconds and updated_at microseconds: list positions travel as text.
const COLUMNS = `id, saga, status, step, attempt, deadline, failure_reason AS "failureReason", data,
  created_at AS "createdAt", updated_at AS "updatedAt",
  to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position`;

export interface SagaEngineOptions<Data> {
  db: Pool;
  definition: SagaDefinition<Data>;
  /** Sends the saga's commands through the owner's outbox, in the transition's transaction. */
  send(tx: postgres.TransactionSql, sagaId: string, command: SagaCommand): Promise<void>;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Runs one saga definition on PostgreSQL. Every transition — start, reply, deadline, cancel, retry — locks
 * the saga's row, computes the next state with the pure machine and, in the same transaction, sends its
 * commands (outbox), runs local steps, tells the owner, appends history and stores the new state. A process
 * killed at any point therefore resumes from the last committed transition: replies are redelivered, and
 * deadlines are stored, so any instance's timer picks them up.
 */
export function sagaEngine<Data>(options: SagaEngineOptions<Data>) {
  const { db, definition } = options;
  const now = options.now ?? Date.now;

  const toRecord = (row: Row): SagaRecord<Data> => ({
    id: row.id,
    saga: row.saga,
    status: row.status,
    currentStep: isTerminal(row.status) ? null : (definition.steps[row.step]?.name ?? null),
    attempt: row.attempt,
    deadline: row.deadline,
    failureReason: row.failureReason,
    data: row.data as Data,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    position: row.position,
  });

  /** The history rows of some notices, as arrays for one multi-row insert. */
  function historyRows(id: string, notices: readonly SagaNotice[]) {
    return {
      ids: notices.map(() => id),
      kinds: notices.map((notice) => notice.kind),
      steps: notices.map((notice) => ('step' in notice ? notice.step : null)),
      details: notices.map(({ kind: _kind, ...detail }) => {
        const { step: _step, ...rest } = detail as { step?: string } & Record<string, unknown>;
        return Object.keys(rest).length > 0 ? JSON.stringify(rest) : null;
      }),
    };
  }

  async function apply(
    tx: postgres.TransactionSql,
    id: string,
    data: Data,
    state: SagaState,
    input: SagaInput,
    isNew = false,
  ): Promise<{ applied: boolean; status: SagaStatus }> {
    const result = transition(definition, state, input);
    if (!result.applied) return { applied: false, status: state.status };
    let stored = !isNew;
    const insertSaga = async () => {
      await tx`
        INSERT INTO saga_instances (id, saga, status, step, attempt, data)
        VALUES (${id}, ${definition.name}, 'RUNNING', 0, 0, ${tx.json(data as postgres.JSONValue)})`;
      stored = true;
    };
    let notices: SagaNotice[] = [];
    // The owner hears the notices once per transition; before a local step, which may depend on what the
    // owner recorded, it hears those so far (and their history is written then).
    const tellOwner = async () => {
      if (notices.length > 0) await definition.onNotices?.(tx, id, data, notices);
    };
    for (const effect of result.effects) {
      if (effect.kind === 'send-command') {
        const step = definition.steps[effect.step]!;
        if (step.kind === 'remote') await options.send(tx, id, step.command(data));
      } else if (effect.kind === 'send-compensation') {
        const step = definition.steps[effect.step]!;
        if (step.compensation) await options.send(tx, id, step.compensation.command(data));
      } else if (effect.kind === 'run-local') {
        const step = definition.steps[effect.step]!;
        await tellOwner();
        if (!stored) await insertSaga();
        if (notices.length > 0) {
          const rows = historyRows(id, notices);
          await tx`
            INSERT INTO saga_history (saga_id, kind, step, detail)
            SELECT * FROM unnest(${rows.ids}::uuid[], ${rows.kinds}::text[], ${rows.steps}::text[], ${rows.details}::jsonb[])`;
          notices = [];
        }
        if (step.kind === 'local') await step.run(tx, data, id);
      } else {
        notices.push(effect.notice);
      }
    }
    await tellOwner();
    const next = result.state;
    const deadline = next.deadline === null ? null : new Date(next.deadline);
    const rows = historyRows(id, notices);
    // The new state and the transition's history in one statement (the saga's row first when it is new).
    const saga = stored
      ? tx`
          UPDATE saga_instances
          SET status = ${next.status}, step = ${next.step}, attempt = ${next.attempt}, deadline = ${deadline},
              failure_reason = ${next.failureReason}, updated_at = now()
          WHERE id = ${id}
          RETURNING id`
      : tx`
          INSERT INTO saga_instances (id, saga, status, step, attempt, deadline, failure_reason, data)
          VALUES (${id}, ${definition.name}, ${next.status}, ${next.step}, ${next.attempt}, ${deadline},
                  ${next.failureReason}, ${tx.json(data as postgres.JSONValue)})
          RETURNING id`;
    await tx`
      WITH saga AS (${saga})
      INSERT INTO saga_history (saga_id, kind, step, detail)
      SELECT saga.id, h.kind, h.step, h.detail
      FROM saga, unnest(${rows.kinds}::text[], ${rows.steps}::text[], ${rows.details}::jsonb[]) WITH ORDINALITY
           AS h(kind, step, detail, n)
      ORDER BY h.n`;
    return { applied: true, status: next.status };
  }

  async function locked(tx: postgres.TransactionSql, id: string): Promise<Row | undefined> {
    const [row] = await tx<Row[]>`
      SELECT ${tx.unsafe(COLUMNS)} FROM saga_instances WHERE id = ${id} AND saga = ${definition.name} FOR UPDATE`;
    return row;
  }

  const stateOf = (row: Row): SagaState => ({
    status: row.status,
    step: row.step,
    attempt: row.attempt,
    deadline: row.deadline?.getTime() ?? null,
    failureReason: row.failureReason,
  });

  /** Applies `input` to saga `id` inside `tx`; false when there is no such saga or the input did not apply. */
  async function feed(tx: postgres.TransactionSql, id: string, input: SagaInput) {
    const row = await locked(tx, id);
    if (!row) return { applied: false, status: undefined };
    return apply(tx, id, row.data as Data, stateOf(row), input);
  }

  const allReplies = new Set<string>();
  for (const step of definition.steps) {
    if (step.kind === 'remote') {
      for (const type of step.replies.completed) allReplies.add(type);
      for (const type of Object.keys(step.replies.failed ?? {})) allReplies.add(type);
    }
    for (const type of step.compensation?.replies ?? []) allReplies.add(type);
  }

  return {
    definition,
    /** Every reply type the saga listens for (subscribe to these). */
    replyTypes: [...allReplies],

    /** Starts saga `id` in the caller's transaction (with the change that caused it). */
    async start(tx: postgres.TransactionSql, id: string, data: Data): Promise<void> {
      const initial: SagaState = {
        status: 'RUNNING',
        step: 0,
        attempt: 0,
        deadline: null,
        failureReason: null,
      };
      await apply(tx, id, data, initial, { kind: 'start', now: now() }, true);
    },

    /** A reply for saga `id` (the caller's inbox transaction); late and duplicate replies change nothing. */
    reply: (tx: postgres.TransactionSql, id: string, type: string, data: unknown) =>
      feed(tx, id, { kind: 'reply', type, data, now: now() }),

    /** Stops a running saga and compensates what ran (and what may be running). */
    cancel: (tx: postgres.TransactionSql, id: string, reason: string) =>
      feed(tx, id, { kind: 'cancel', reason, now: now() }),

    /** Resumes a parked saga's compensation (operator action). */
    retry: (id: string) => db.begin((tx) => feed(tx, id, { kind: 'retry', now: now() })),

    /** Handles every saga whose deadline has passed, each in its own transaction; returns how many. */
    async fireDueDeadlines(limit = 100): Promise<number> {
      let fired = 0;
      while (fired < limit) {
        const handled = await db.begin(async (tx) => {
          // SKIP LOCKED: several instances share the work, and a saga busy with a reply is left to it.
          const [row] = await tx<Row[]>`
            SELECT ${tx.unsafe(COLUMNS)} FROM saga_instances
            WHERE saga = ${definition.name} AND deadline <= ${new Date(now())}
            ORDER BY deadline LIMIT 1 FOR UPDATE SKIP LOCKED`;
          if (!row) return false;
          await apply(tx, row.id, row.data as Data, stateOf(row), { kind: 'deadline-passed', now: now() });
          return true;
        });
        if (!handled) break;
        fired++;
      }
      return fired;
    },

    /** Polls for passed deadlines until stopped. */
    startTimers(pollMs = 500): { stop(): Promise<void> } {
      let stopped = false;
      let timer: NodeJS.Timeout | undefined;
      let running: Promise<void> = Promise.resolve();
      const tick = () => {
        running = (async () => {
          try {
            await this.fireDueDeadlines();
          } catch (error) {
            options.onError?.(error);
          }
          if (!stopped) timer = setTimeout(tick, pollMs);
        })();
      };
      timer = setTimeout(tick, pollMs);
      return {
        async stop() {
          stopped = true;
          clearTimeout(timer);
          await running;
        },
      };
    },

    async get(id: string): Promise<{ saga: SagaRecord<Data>; history: SagaHistoryEntry[] } | undefined> {
      const [row] = await db<Row[]>`
        SELECT ${db.unsafe(COLUMNS)} FROM saga_instances WHERE id = ${id} AND saga = ${definition.name}`;
      if (!row) return undefined;
      const history = await db<SagaHistoryEntry[]>`
        SELECT at, kind, step, detail FROM saga_history WHERE saga_id = ${id} ORDER BY seq`;
      return { saga: toRecord(row), history };
    },

    /** Newest changes first; `after` is the last record of the previous page. */
    async list(query: {
      status?: SagaStatus;
      limit: number;
      after?: { position: string; id: string };
    }): Promise<SagaRecord<Data>[]> {
      const rows = await db<Row[]>`
        SELECT ${db.unsafe(COLUMNS)} FROM saga_instances
        WHERE saga = ${definition.name}
          ${query.status ? db`AND status = ${query.status}` : db``}
          ${query.after ? db`AND (updated_at, id) < (${query.after.position}::text::timestamptz, ${query.after.id}::uuid)` : db``}
        ORDER BY updated_at DESC, id DESC LIMIT ${query.limit}`;
      return rows.map(toRecord);
    },

    async countByStatus(): Promise<Record<string, number>> {
      const rows = await db<{ status: string; n: number }[]>`
        SELECT status, count(*)::int AS n FROM saga_instances WHERE saga = ${definition.name} GROUP BY status`;
      return Object.fromEntries(rows.map((row) => [row.status, row.n]));
    },
  };
}

export type SagaEngine<Data> = ReturnType<typeof sagaEngine<Data>>;
