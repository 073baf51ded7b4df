import { type Context, context, defaultTextMapGetter, defaultTextMapSetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

// W3C trace context only (traceparent, tracestate): what HTTP headers and the CloudEvents envelope carry.
const w3c = new W3CTraceContextPropagator();

type Headers = Record<string, string | string[] | number | undefined>;

/** The `traceparent` of the span active in `ctx`; undefined when there is none (nothing to continue). */
export function traceparentOf(ctx: Context = context.active()): string | undefined {
  if (!trace.getSpanContext(ctx)) return undefined;
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.traceparent;
}

/**
 * `base` (the active context by default, so the service's tracer stays) continued from a remote parent:
 * a span started in the result is a child of the span that `traceparent` names. A missing or malformed
 * value leaves `base` as it is.
 */
export function contextFromTraceparent(
  traceparent: string | undefined,
  base: Context = context.active(),
): Context {
  if (typeof traceparent !== 'string') return base;
  return w3c.extract(base, { traceparent }, defaultTextMapGetter);
}

/** Sets `traceparent` (and `tracestate`) of the span active in `ctx` on outgoing HTTP headers. */
export function injectTraceHeaders<H extends Headers>(headers: H, ctx: Context = context.active()): H {
  if (!trace.getSpanContext(ctx)) return headers;
  delete headers.tracestate;
  w3c.inject(ctx, headers, defaultTextMapSetter);
  return headers;
}

/** The context an incoming request continues: its `traceparent` header's, else `base` unchanged. */
export function contextFromHeaders(headers: Headers, base: Context = context.active()): Context {
  if (headers.traceparent === undefined) return base;
  return w3c.extract(base, headers, {
    get: (carrier, key) => {
      const value = (carrier as Headers)[key];
      return typeof value === 'number' ? String(value) : value;
    },
    keys: (carrier) => Object.keys(carrier),
  });
}
