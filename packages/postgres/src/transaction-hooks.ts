import type postgres from 'postgres';

type Sql = postgres.Sql | postgres.TransactionSql;

interface Hooks {
  /** The pool the transaction belongs to. */
  pool: postgres.Sql;
  /** Run inside the transaction after its body, in order; they may register more. */
  beforeCommit: (() => Promise<void>)[];
  /** Run once the transaction has committed (never after a rollback). */
  afterCommit: (() => void)[];
}

const hooksOf = new WeakMap<object, Hooks>();

/**
 * Whether `sql` is a transaction of a pool made by createPool (one that runs commit hooks). Code that
 * defers work to the commit falls back to doing it at once elsewhere.
 */
export function hasCommitHooks(sql: Sql): boolean {
  return hooksOf.has(sql);
}

/** The pool a hooked transaction (or savepoint) belongs to, to reach the same database after it. */
export function poolOf(sql: Sql): postgres.Sql | undefined {
  return hooksOf.get(sql)?.pool;
}

/**
 * Runs `work` inside the transaction of `sql`, after the transaction's own body and before its COMMIT:
 * writes collected during the transaction (an outbox's messages) go out in one statement, pipelined with
 * the other work registered (see withCommitHooks). A rollback skips it. Throws when `sql` is not a hooked transaction.
 */
export function beforeCommit(sql: Sql, work: () => Promise<void>): void {
  const hooks = hooksOf.get(sql);
  if (!hooks) throw new Error('beforeCommit needs a transaction of a pool made by createPool');
  hooks.beforeCommit.push(work);
}

/**
 * Runs `effect` once the transaction of `sql` has committed, never after a rollback: wake-ups that
 * must not announce what may still roll back. Outside a hooked transaction it runs on the next tick.
 */
export function afterCommit(sql: Sql, effect: () => void): void {
  const hooks = hooksOf.get(sql);
  if (hooks) hooks.afterCommit.push(effect);
  else queueMicrotask(effect);
}

function runAfterCommit(effects: readonly (() => void)[]): void {
  for (const effect of effects) {
    try {
      effect();
    } catch {
      // a wake-up that throws must not turn a committed transaction into a failed call
    }
  }
}

/** A savepoint's hooks join its transaction's only if the savepoint is released (not rolled back). */
function hookSavepoints(tx: postgres.TransactionSql, hooks: Hooks): void {
  const savepoint = tx.savepoint.bind(tx) as (...args: unknown[]) => Promise<unknown>;
  (tx as unknown as { savepoint: (...args: unknown[]) => Promise<unknown> }).savepoint = (...args) => {
    const body = args.pop() as (sp: postgres.TransactionSql) => unknown;
    return savepoint(...args, async (sp: postgres.TransactionSql) => {
      const inner: Hooks = { pool: hooks.pool, beforeCommit: [], afterCommit: [] };
      hooksOf.set(sp, inner);
      hookSavepoints(sp, inner);
      const result = await body(sp);
      hooks.beforeCommit.push(...inner.beforeCommit);
      hooks.afterCommit.push(...inner.afterCommit);
      return result;
    });
  };
}

/**
 * Gives a pool's transactions before- and after-commit hooks: `pool.begin(fn)` runs `fn`, then the
 * before-commit work registered meanwhile, commits, then runs the after-commit effects.
 */
export function withCommitHooks(pool: postgres.Sql): postgres.Sql {
  const begin = pool.begin.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { begin: (...args: unknown[]) => Promise<unknown> }).begin = (...args) => {
    const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
    let committedEffects: (() => void)[] = [];
    return begin(...args, async (tx: postgres.TransactionSql) => {
      const hooks: Hooks = { pool, beforeCommit: [], afterCommit: [] };
      hooksOf.set(tx, hooks);
      hookSavepoints(tx, hooks);
      const result = await body(tx);
      // The work registered so far is started together: postgres.js pipelines statements issued at once
      // on the transaction's connection, so the outbox's insert and the events' append (say) cost one round
      // trip between them. They run in registration order; if one fails, those after it fail too and the
      // transaction rolls back. Work that registers more work runs in a later round.
      while (hooks.beforeCommit.length > 0) {
        const round = hooks.beforeCommit.splice(0);
        const results = await Promise.allSettled(round.map((work) => work()));
        const failed = results.find((result) => result.status === 'rejected');
        if (failed) throw (failed as PromiseRejectedResult).reason;
      }
      committedEffects = hooks.afterCommit;
      return result;
    }).then((result) => {
      runAfterCommit(committedEffects);
      return result;
    });
  };
  return pool;
}
