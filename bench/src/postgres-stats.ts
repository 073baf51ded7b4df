import postgres from 'postgres';

export interface DatabaseActivity {
  /** Committed and rolled-back transactions (pg_stat_database). */
  transactions: number;
  /**
   * Statements the clients sent, BEGIN and COMMIT included (pg_stat_statements calls, top level only): each
   * one a round trip, unless pipelined.
   */
  statements: number;
  /** Rows in the services' outboxes: every message a service has sent. */
  messages: number;
}

/**
 * Reads what a system's databases (`<prefix>_*`) have done so far. pg_stat_statements must be preloaded
 * (shared_preload_libraries) for statements; without it they read as NaN.
 */
export function databaseActivity(serverUrl: string, prefix: string) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  const pattern = `${prefix.replace(/_/g, '\\_')}\\_%`;
  const perDatabase = new Map<string, postgres.Sql>();
  let statementsAvailable: boolean | undefined;

  async function databases(): Promise<string[]> {
    const rows = await admin<{ datname: string }[]>`
      SELECT datname FROM pg_database WHERE datname LIKE ${pattern} ORDER BY datname`;
    return rows.map((row) => row.datname);
  }

  async function outboxRows(database: string): Promise<number> {
    let sql = perDatabase.get(database);
    if (!sql) {
      const url = new URL(serverUrl);
      url.pathname = `/${database}`;
      sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
      perDatabase.set(database, sql);
    }
    const [table] = await sql<{ exists: boolean }[]>`SELECT to_regclass('outbox') IS NOT NULL AS exists`;
    if (!table?.exists) return 0;
    const [row] = await sql<{ n: string }[]>`SELECT count(*)::text AS n FROM outbox`;
    return Number(row?.n ?? 0);
  }

  return {
    async read(): Promise<DatabaseActivity> {
      const names = await databases();
      const [stats] = await admin<{ transactions: string }[]>`
        SELECT coalesce(sum(xact_commit + xact_rollback), 0)::text AS transactions
        FROM pg_stat_database WHERE datname LIKE ${pattern}`;
      if (statementsAvailable === undefined) {
        statementsAvailable = await admin`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.then(
          () => true,
          () => false,
        );
      }
      let statements = Number.NaN;
      if (statementsAvailable) {
        const [row] = await admin<{ calls: string }[]>`
          SELECT coalesce(sum(s.calls), 0)::text AS calls
          FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname LIKE ${pattern}`;
        statements = Number(row?.calls ?? 0);
      }
      let messages = 0;
      for (const name of names) messages += await outboxRows(name);
      return { transactions: Number(stats?.transactions ?? 0), statements, messages };
    },

    /** Calls per statement so far (pg_stat_statements is updated at once, unlike pg_stat_database). */
    async statementCalls(): Promise<StatementCalls> {
      const calls: StatementCalls = new Map();
      if (!statementsAvailable) return calls;
      const rows = await admin<{ id: string; calls: string; total: number; query: string }[]>`
        SELECT s.dbid::text || ':' || s.queryid::text AS id, s.calls::text AS calls, s.total_exec_time AS total, s.query
        FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname LIKE ${pattern}`;
      for (const row of rows) {
        const entry = calls.get(row.id) ?? {
          calls: 0,
          totalMs: 0,
          query: row.query.replace(/\s+/g, ' ').slice(0, 150),
        };
        entry.calls += Number(row.calls);
        entry.totalMs += row.total;
        calls.set(row.id, entry);
      }
      return calls;
    },

    async close() {
      await Promise.all([...perDatabase.values()].map((sql) => sql.end({ timeout: 1 })));
      await admin.end({ timeout: 1 });
    },
  };
}

export type StatementCalls = Map<string, { calls: number; totalMs: number; query: string }>;

/** Statements by calls between two readings, minus `idle` (the same span without load) scaled by `idleScale`. */
export function statementDelta(
  before: StatementCalls,
  after: StatementCalls,
  idle: { before: StatementCalls; after: StatementCalls; scale: number },
): { calls: number; totalMs: number; query: string }[] {
  const delta = (a: StatementCalls, b: StatementCalls, id: string) => ({
    calls: (a.get(id)?.calls ?? 0) - (b.get(id)?.calls ?? 0),
    totalMs: (a.get(id)?.totalMs ?? 0) - (b.get(id)?.totalMs ?? 0),
  });
  return [...after.entries()]
    .map(([id, entry]) => {
      const busy = delta(after, before, id);
      const quiet = delta(idle.after, idle.before, id);
      return {
        calls: busy.calls - quiet.calls * idle.scale,
        totalMs: busy.totalMs - quiet.totalMs * idle.scale,
        query: entry.query,
      };
    })
    .filter((entry) => entry.calls > 0)
    .sort((a, b) => b.calls - a.calls);
}

export function subtract(a: DatabaseActivity, b: DatabaseActivity): DatabaseActivity {
  return {
    transactions: a.transactions - b.transactions,
    statements: a.statements - b.statements,
    messages: a.messages - b.messages,
  };
}
