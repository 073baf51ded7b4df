import { type Attributes, type HrTime, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export type SpanKindName = 'internal' | 'server' | 'client' | 'producer' | 'consumer';
export type SpanAttributeValue = string | number | boolean;

/** A finished span as the admin routes show it (JSON; times as ISO instants and milliseconds). */
export interface SpanView {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanKindName;
  /** `service.name` of the resource that recorded it. */
  service: string;
  start: string;
  durationMs: number;
  status: 'unset' | 'ok' | 'error';
  statusMessage?: string;
  attributes: Record<string, SpanAttributeValue>;
  /** Spans this one is linked to (a relay batch to the messages it carried, for instance). */
  links: { traceId: string; spanId: string }[];
}

const KINDS: Record<SpanKind, SpanKindName> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

const millis = (time: HrTime) => time[0] * 1_000 + time[1] / 1_000_000;

function plainAttributes(attributes: Attributes): Record<string, SpanAttributeValue> {
  const result: Record<string, SpanAttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null) continue;
    result[key] = Array.isArray(value) ? value.join(',') : (value as SpanAttributeValue);
  }
  return result;
}

export function spanView(span: ReadableSpan): SpanView {
  const context = span.spanContext();
  const status =
    span.status.code === SpanStatusCode.ERROR
      ? 'error'
      : span.status.code === SpanStatusCode.OK
        ? 'ok'
        : 'unset';
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? null,
    name: span.name,
    kind: KINDS[span.kind] ?? 'internal',
    service: String(span.resource.attributes['service.name'] ?? 'unknown'),
    start: new Date(millis(span.startTime)).toISOString(),
    durationMs: Math.round(millis(span.duration) * 1_000) / 1_000,
    status,
    ...(span.status.message ? { statusMessage: span.status.message } : {}),
    attributes: plainAttributes(span.attributes),
    links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId })),
  };
}

/** One trace's spans from several processes: each span once, in start order. */
export function mergeSpans(...lists: readonly (readonly SpanView[])[]): SpanView[] {
  const bySpan = new Map<string, SpanView>();
  for (const list of lists) for (const span of list) bySpan.set(`${span.traceId}:${span.spanId}`, span);
  return [...bySpan.values()].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}
