import { context, inSpan, SpanKind, trace } from '@bazaar/tracing';
import type postgres from 'postgres';

/**
 * A client span per transaction (`pool.begin`), active through its body, so what the body does (its
 * statements, an outbox write, a saga transition, a call elsewhere) nests under it. Only inside a trace:
 * the polls of background loops (saga timers, projections) would otherwise start a trace of their own
 * several times a second, each with nothing in it.
 */
export function withTransactionSpans(pool: postgres.Sql, database: string): postgres.Sql {
  const begin = pool.begin.bind(pool) as (...args: unknown[]) => Promise<unknown>;
  (pool as unknown as { begin: (...args: unknown[]) => Promise<unknown> }).begin = (...args) =>
    !trace.getSpan(context.active())?.isRecording()
      ? begin(...args)
      : inSpan(
          'db transaction',
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'db.system.name': 'postgresql',
              'db.namespace': database,
              'db.operation.name': 'BEGIN',
            },
          },
          () => begin(...args),
        );
  return pool;
}
