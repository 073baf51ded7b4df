import postgres from 'postgres';
import { connectionOptions } from './connection-url.js';
import { traceStatements } from './traced-statements.js';
import { withTransactionSpans } from './traced-transactions.js';
import { withCommitHooks } from './transaction-hooks.js';

export type Pool = postgres.Sql;
/** The pool or a transaction of it: for queries that may join the caller's transaction. */
export type Sql = postgres.Sql | postgres.TransactionSql;

export interface PoolOptions {
  /** Upper bound of connections this pool opens; a service instance gets its own pool. */
  max?: number;
  /** Name shown in pg_stat_activity, so an operator can tell which service holds a connection. */
  applicationName?: string;
  onNotice?: (notice: postgres.Notice) => void;
}

/**
 * A pooled postgres.js client. Numeric BIGINTs come back as JS numbers only where safe (see `bigint` below).
 * Its transactions take before- and after-commit hooks (transaction-hooks.ts); inside a trace each
 * transaction is a span (traced-transactions.ts) and each statement one (traced-statements.ts).
 */
export function createPool(url: string, options: PoolOptions = {}): Pool {
  const { url: cleaned, path } = connectionOptions(url);
  const pool = postgres(cleaned, {
    ...(path ? { path } : {}),
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    // After a server restart the driver's default waits grow to 20 s per connection; a service should be
    // back within a second or two of its database (seconds, capped at 2).
    backoff: (attempt: number) => Math.min(2, 0.05 * 2 ** attempt),
    // Migrations and the catalogue stay quiet; notices would otherwise go to stdout.
    onnotice: options.onNotice ?? (() => {}),
    connection: { application_name: options.applicationName ?? 'bazaar' },
    // Money is stored as BIGINT minor units; amounts stay far below 2^53 so numbers are exact.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (value: number | bigint) => value.toString(),
        parse: (value: string) => {
          const parsed = Number(value);
          if (!Number.isSafeInteger(parsed))
            throw new RangeError(`BIGINT ${value} exceeds the safe integer range`);
          return parsed;
        },
      },
    },
  });
  traceStatements(pool);
  return withTransactionSpans(withCommitHooks(pool), databaseName(cleaned));
}

function databaseName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || 'postgres';
  } catch {
    return 'postgres';
  }
}
