import type { Pool } from '@bazaar/postgres';
import { type Context, context, contextFromTraceparent, currentTracer, trace } from '@bazaar/tracing';
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

/** What the owner hears of one saga's transition (see SagaDefinition.onNoticesMany). */
export interface OwnerNotices<Data> {
  sagaId: string;
  data: Data;
  notices: readonly SagaNotice[];
}

// As text: postgres.js sends an array of Dates as one timestamp.
const deadlineOf = (state: SagaState) =>
  state.deadline === null ? null : new Date(state.deadline).toISOString();

/** History rows as arrays for one multi-row insert. */
function historyRows(entries: readonly { id: string; notice: SagaNotice }[]) {
  return {
    ids: entries.map((entry) => entry.id),
    kinds: entries.map((entry) => entry.notice.kind),
    steps: entries.map(({ notice }) => ('step' in notice ? notice.step : null)),
    details: entries.map(({ notice }) => {
      const { kind: _kind, ...detail } = notice;
      const { step: _step, ...rest } = detail as { step?: string } & Record<string, unknown>;
      return Object.keys(rest).length > 0 ? JSON.stringify(rest) : null;
    }),
  };
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

  const stateOf = (row: Row): SagaState => ({
    status: row.status,
    step: row.step,
    attempt: row.attempt,
    deadline: row.deadline?.getTime() ?? null,
    failureReason: row.failureReason,
  });

  /**
   * A span per applied transition (`saga <name> <input>`), in the trace of what caused it: the request that
   * started the saga, the reply's message, the timer's or operator's call. What the transition sends runs in it.
   */
  function transitionSpan(
    entry: { id: string; input: SagaInput; parent?: Context },
    before: SagaState,
    after: SagaState,
  ) {
    const parent = entry.parent ?? context.active();
    const span = currentTracer(parent).startSpan(
      `saga ${definition.name} ${entry.input.kind}`,
      {
        attributes: {
          'saga.name': definition.name,
          'saga.id': entry.id,
          'saga.input': entry.input.kind === 'reply' ? entry.input.type : entry.input.kind,
          'saga.status': after.status,
          'saga.step.before': definition.steps[before.step]?.name ?? '',
          'saga.step': definition.steps[after.step]?.name ?? '',
        },
      },
      parent,
    );
    return { context: trace.setSpan(parent, span), end: () => span.end() };
  }

  /** Tells the owner what transitions did: all sagas of a wave in one call when it can take many. */
  async function tellOwner(tx: postgres.TransactionSql, told: OwnerNotices<Data>[]): Promise<void> {
    const nonEmpty = told.filter((item) => item.notices.length > 0);
    if (nonEmpty.length === 0) return;
    if (definition.onNoticesMany) await definition.onNoticesMany(tx, nonEmpty);
    else if (definition.onNotices)
      for (const item of nonEmpty) await definition.onNotices(tx, item.sagaId, item.data, item.notices);
  }

  /**
   * Applies inputs to sagas in one transaction and with a constant number of statements: the machine
   * decides each transition (a saga named twice sees its first transition's state), commands go to the
   * outbox, the owner hears each wave of notices in one call (the notices before a local step, then the
   * step, then what follows), and every changed saga's state and history are written in one statement.
   */
  async function applyMany(
    tx: postgres.TransactionSql,
    entries: readonly {
      id: string;
      data: Data;
      state: SagaState;
      input: SagaInput;
      isNew?: boolean;
      /** The trace the input belongs to (a reply's message); the active context otherwise. */
      parent?: Context;
    }[],
  ): Promise<{ applied: boolean; status: SagaStatus }[]> {
    const sagas = new Map<string, { data: Data; state: SagaState; isNew: boolean; changed: boolean }>();
    const history: { id: string; notice: SagaNotice }[] = [];
    const results: { applied: boolean; status: SagaStatus }[] = [];
    // Rounds: one input per saga each, so a saga's second input follows its first's owner calls and steps.
    let pending = entries.map((entry, index) => ({ ...entry, index }));
    while (pending.length > 0) {
      const seen = new Set<string>();
      const round = pending.filter((entry) => !seen.has(entry.id) && seen.add(entry.id));
      pending = pending.filter((entry) => !round.includes(entry));
      // Per saga, its notices in waves split by its local steps: notices, step, notices, step, …, notices.
      const waves: { told: OwnerNotices<Data>[]; steps: (() => Promise<void>)[] }[] = [];
      const wave = (n: number) => {
        while (waves.length <= n) waves.push({ told: [], steps: [] });
        return waves[n]!;
      };
      for (const entry of round) {
        const saga = sagas.get(entry.id) ?? {
          data: entry.data,
          state: entry.state,
          isNew: entry.isNew ?? false,
          changed: false,
        };
        sagas.set(entry.id, saga);
        const result = transition(definition, saga.state, entry.input);
        results[entry.index] = {
          applied: result.applied,
          status: result.applied ? result.state.status : saga.state.status,
        };
        if (!result.applied) continue;
        const span = transitionSpan(entry, saga.state, result.state);
        saga.state = result.state;
        saga.changed = true;
        let n = 0;
        let notices: SagaNotice[] = [];
        // The commands it sends carry the transition's trace (through the outbox's envelopes).
        await context
          .with(span.context, async () => {
            for (const effect of result.effects) {
              const step = 'step' in effect ? definition.steps[effect.step] : undefined;
              if (effect.kind === 'send-command') {
                if (step?.kind === 'remote') await options.send(tx, entry.id, step.command(saga.data));
              } else if (effect.kind === 'send-compensation') {
                if (step?.compensation)
                  await options.send(tx, entry.id, step.compensation.command(saga.data));
              } else if (effect.kind === 'run-local') {
                wave(n).told.push({ sagaId: entry.id, data: saga.data, notices });
                if (step?.kind === 'local') wave(n).steps.push(() => step.run(tx, saga.data, entry.id));
                notices = [];
                n++;
              } else {
                notices.push(effect.notice);
                history.push({ id: entry.id, notice: effect.notice });
              }
            }
          })
          .finally(() => span.end());
        wave(n).told.push({ sagaId: entry.id, data: saga.data, notices });
      }
      for (const { told, steps } of waves) {
        await tellOwner(tx, told);
        for (const run of steps) await run();
      }
    }

    const changed = [...sagas.entries()].filter(([, saga]) => saga.changed);
    if (changed.length === 0) return results;
    const rows = historyRows(history);
    const fresh = changed.filter(([, saga]) => saga.isNew);
    const known = changed.filter(([, saga]) => !saga.isNew);
    // New sagas are inserted, the others updated, and the history of all appended: one statement.
    await tx`
      WITH inserted AS (
        INSERT INTO saga_instances (id, saga, status, step, attempt, deadline, failure_reason, data)
        SELECT id, ${definition.name}, status, step, attempt, deadline, failure_reason, data::jsonb
        FROM unnest(${fresh.map(([id]) => id)}::uuid[], ${fresh.map(([, s]) => s.state.status)}::text[],
                    ${fresh.map(([, s]) => s.state.step)}::int[], ${fresh.map(([, s]) => s.state.attempt)}::int[],
                    ${fresh.map(([, s]) => deadlineOf(s.state))}::text[]::timestamptz[],
                    ${fresh.map(([, s]) => s.state.failureReason)}::text[],
                    ${fresh.map(([, s]) => JSON.stringify(s.data))}::text[])
             AS n(id, status, step, attempt, deadline, failure_reason, data)
        RETURNING id
      ), updated AS (
        UPDATE saga_instances s
        SET status = u.status, step = u.step, attempt = u.attempt, deadline = u.deadline,
            failure_reason = u.failure_reason, updated_at = now()
        FROM unnest(${known.map(([id]) => id)}::uuid[], ${known.map(([, k]) => k.state.status)}::text[],
                    ${known.map(([, k]) => k.state.step)}::int[], ${known.map(([, k]) => k.state.attempt)}::int[],
                    ${known.map(([, k]) => deadlineOf(k.state))}::text[]::timestamptz[],
                    ${known.map(([, k]) => k.state.failureReason)}::text[])
             AS u(id, status, step, attempt, deadline, failure_reason)
        WHERE s.id = u.id
        RETURNING s.id
      )
      INSERT INTO saga_history (saga_id, kind, step, detail)
      SELECT h.saga_id, h.kind, h.step, h.detail::jsonb
      -- Details travel as text: postgres.js would encode strings bound to jsonb[] as JSON strings.
      FROM unnest(${rows.ids}::uuid[], ${rows.kinds}::text[], ${rows.steps}::text[], ${rows.details}::text[])
           WITH ORDINALITY AS h(saga_id, kind, step, detail, n)
      ORDER BY h.n`;
    // (The history's foreign key is checked at the end of the statement, after the sagas' rows are in.)
    return results;
  }

  /** Locks the named sagas of this definition, in id order (two batches never deadlock on them). */
  async function lockAll(tx: postgres.TransactionSql, ids: readonly string[]): Promise<Map<string, Row>> {
    const unique = [...new Set(ids)].sort();
    const rows = await tx<Row[]>`
      SELECT ${tx.unsafe(COLUMNS)} FROM saga_instances
      WHERE id = ANY(${unique}::uuid[]) AND saga = ${definition.name}
      ORDER BY id FOR UPDATE`;
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Applies inputs to existing sagas; an unknown saga's input does not apply. */
  async function feedMany(
    tx: postgres.TransactionSql,
    inputs: readonly { id: string; input: SagaInput; parent?: Context }[],
  ) {
    const rows = await lockAll(
      tx,
      inputs.map((entry) => entry.id),
    );
    const known = inputs
      .map((entry, index) => ({ ...entry, index, row: rows.get(entry.id) }))
      .filter((entry) => entry.row !== undefined);
    const applied = await applyMany(
      tx,
      known.map(({ id, input, row, parent }) => ({
        id,
        input,
        data: row!.data as Data,
        state: stateOf(row!),
        ...(parent ? { parent } : {}),
      })),
    );
    const results: { applied: boolean; status: SagaStatus | undefined }[] = inputs.map(() => ({
      applied: false,
      status: undefined,
    }));
    known.forEach((entry, position) => {
      results[entry.index] = applied[position]!;
    });
    return results;
  }

  /** Applies `input` to saga `id` inside `tx`; false when there is no such saga or the input did not apply. */
  async function feed(tx: postgres.TransactionSql, id: string, input: SagaInput) {
    const [result] = await feedMany(tx, [{ id, input }]);
    return result!;
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
      await applyMany(tx, [{ id, data, state: initial, input: { kind: 'start', now: now() }, isNew: true }]);
    },

    /** A reply for saga `id` (the caller's inbox transaction); late and duplicate replies change nothing. */
    reply: (tx: postgres.TransactionSql, id: string, type: string, data: unknown) =>
      feed(tx, id, { kind: 'reply', type, data, now: now() }),

    /**
     * Replies for many sagas in the caller's (inbox) transaction, with a constant number of statements:
     * the sagas are locked together, and each reply applies as it would alone, in order.
     */
    replies: (
      tx: postgres.TransactionSql,
      replies: readonly { sagaId: string; type: string; data: unknown; traceparent?: string }[],
    ) =>
      feedMany(
        tx,
        replies.map((reply) => ({
          id: reply.sagaId,
          input: { kind: 'reply', type: reply.type, data: reply.data, now: now() } as const,
          // Each reply's transition joins its own message's trace, also when a batch mixes many orders.
          ...(reply.traceparent ? { parent: contextFromTraceparent(reply.traceparent) } : {}),
        })),
      ),

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
          await applyMany(tx, [
            {
              id: row.id,
              data: row.data as Data,
              state: stateOf(row),
              input: { kind: 'deadline-passed', now: now() },
            },
          ]);
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
