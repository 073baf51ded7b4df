import { context, currentTracer, recordFailure, SpanKind, trace } from '@bazaar/tracing';
import type postgres from 'postgres';

/** The longest statement text a span carries; a longer one is cut (the template, never the values). */
export const MAX_STATEMENT_TEXT = 1_000;

interface ExecutableQuery extends Promise<unknown> {
  /** postgres.js: the template's literal parts (tagged) or the whole text (`unsafe`). */
  strings: readonly string[] | string;
  tagged: boolean;
  executed: boolean;
  handle(): Promise<void>;
}

const TRACED = Symbol.for('bazaar.postgres.traced-statements');

/** The statement as sent, with `$n` where the template had values: no value ever reaches a span. */
export function statementText(strings: readonly string[] | string): string {
  const text = typeof strings === 'string' ? strings : strings.reduce((all, part, i) => `${all}$${i}${part}`);
  const compact = text.replace(/\s+/g, ' ').trim();
  return compact.length > MAX_STATEMENT_TEXT ? `${compact.slice(0, MAX_STATEMENT_TEXT)}…` : compact;
}

/** `SELECT`, `INSERT`, `WITH`, `BEGIN`…: the statement's first keyword, as OpenTelemetry's db.operation.name. */
export function operationName(text: string): string {
  return /^[A-Za-z]+/.exec(text)?.[0]?.toUpperCase() ?? 'QUERY';
}

/**
 * A client span per statement that runs inside a trace, under whatever span is active (a request, a
 * consumer's handling, a transaction). postgres.js has no hooks, and the same tagged function builds
 * fragments that are never sent on their own, so the span starts where a query is actually executed — its
 * one `handle()`, which runs on the first `await` — and ends when it settles. Patched once on the driver's
 * query class, which every pool and transaction shares; queries outside a trace (background polls) cost one
 * check. Reached through an instance because the package exports no path to the class.
 */
export function traceStatements(pool: postgres.Sql): void {
  const prototype = Object.getPrototypeOf(pool`SELECT 1`) as ExecutableQuery & { [TRACED]?: true };
  if (prototype[TRACED]) return;
  prototype[TRACED] = true;
  const handle = prototype.handle;
  prototype.handle = function (this: ExecutableQuery) {
    const active = trace.getSpan(context.active());
    if (!this.executed && active?.isRecording()) {
      const text = statementText(this.strings);
      const operation = operationName(text);
      const span = currentTracer().startSpan(operation, {
        kind: SpanKind.CLIENT,
        attributes: {
          'db.system.name': 'postgresql',
          'db.operation.name': operation,
          'db.query.text': text,
        },
      });
      // The query's species is Promise: this reaction observes it without running it a second time.
      Promise.prototype.then.call(
        this,
        () => span.end(),
        (error: unknown) => {
          recordFailure(span, error);
          span.end();
        },
      );
    }
    return handle.call(this);
  };
}
