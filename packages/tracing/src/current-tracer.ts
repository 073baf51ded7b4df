import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  type Span,
  type SpanOptions,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';

const TRACER = createContextKey('bazaar.service-tracer');
// The API's tracer when no service tracer is set: its spans record nothing but still carry a parent on.
const NO_TRACER = trace.getTracer('bazaar');

/**
 * `ctx` with the tracer of the service whose work it is. The host sets it around everything a service
 * runs (its start, its requests, its loops), so building blocks (pools, relay, consumers, sagas) record
 * spans under the right `service.name` — also in solo mode, where every service shares one process.
 */
export function withServiceTracer(ctx: Context, tracer: Tracer): Context {
  return ctx.setValue(TRACER, tracer);
}

/** The tracer of the service whose work `ctx` belongs to; a non-recording one outside any service. */
export function currentTracer(ctx: Context = context.active()): Tracer {
  return (ctx.getValue(TRACER) as Tracer | undefined) ?? NO_TRACER;
}

/** Marks the span failed with the error's message (and records it as an exception event). */
export function recordFailure(span: Span, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  span.recordException(failure);
  span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
}

/**
 * Runs `work` in a new span (child of `parent`, the active context by default), active for everything
 * `work` awaits; the span ends when it settles and is marked failed when it throws.
 */
export async function inSpan<T>(
  name: string,
  options: SpanOptions & { parent?: Context },
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = currentTracer(parent).startSpan(name, options, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work, undefined, span);
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Adds attributes to the span active now, if any (e.g. the order id once a handler knows it). */
export function annotateActiveSpan(attributes: Attributes): void {
  trace.getActiveSpan()?.setAttributes(attributes);
}

/** `trace_id` and `span_id` of the active span, for log lines (pino's mixin); empty outside any span. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpanContext(context.active());
  return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
}
