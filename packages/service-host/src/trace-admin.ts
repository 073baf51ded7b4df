import { problems } from '@bazaar/problem';
import { type ServiceTracing, SpanKind, type SpanView } from '@bazaar/tracing';
import { Type } from '@sinclair/typebox';
import type { Authenticator, ServiceApp } from './define-service.js';

const Id = (length: number, what: string) =>
  Type.String({
    pattern: `^[0-9a-f]{${length}}$`,
    description: `W3C ${what} (${length} lower-case hex digits)`,
  });
export const TraceId = Id(32, 'trace id');

/** One finished span, as every service keeps it in memory (see @bazaar/tracing's SpanView). */
export const TraceSpan = Type.Object({
  traceId: TraceId,
  spanId: Id(16, 'span id'),
  parentSpanId: Type.Union([Id(16, 'span id'), Type.Null()]),
  name: Type.String(),
  kind: Type.Union(
    ['internal', 'server', 'client', 'producer', 'consumer'].map((kind) => Type.Literal(kind)),
  ),
  service: Type.String({ description: 'service.name of the service that recorded it' }),
  start: Type.String({ format: 'date-time' }),
  durationMs: Type.Number({ minimum: 0 }),
  status: Type.Union([Type.Literal('unset'), Type.Literal('ok'), Type.Literal('error')]),
  statusMessage: Type.Optional(Type.String()),
  attributes: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  links: Type.Array(Type.Object({ traceId: TraceId, spanId: Id(16, 'span id') })),
});

const Spans = Type.Object({ service: Type.String(), spans: Type.Array(TraceSpan) });
const TracesQuery = Type.Object({
  orderId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  traceId: Type.Optional(
    Type.String({
      pattern: '^[0-9a-f]{32}(,[0-9a-f]{32}){0,49}$',
      description: 'one or more trace ids, comma-separated',
    }),
  ),
  recent: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'the last N traces this instance served' }),
  ),
});

/** Which of a process's recent spans to read: any of the criteria, together. */
export interface RecentSpansCriteria {
  /** The spans of these traces. */
  traceIds?: string[];
  /** The spans of every trace with a span naming this order (bazaar.order_id). */
  orderId?: string;
  /** The spans of the last N traces whose server span this process recorded: the requests it served. */
  recent?: number;
}

/** What /admin/traces answers, also what a worker tells its sibling workers (see the gateway's traces route). */
export function recentSpansFor(tracing: ServiceTracing, criteria: RecentSpansCriteria): SpanView[] {
  const traceIds = [
    ...(criteria.traceIds ?? []),
    ...(criteria.recent ? tracing.recent.recentTraceIds(criteria.recent, SpanKind.SERVER) : []),
  ];
  return tracing.recent.find({ traceIds, ...(criteria.orderId ? { orderId: criteria.orderId } : {}) });
}

/**
 * This instance's recent spans under /admin/traces (outside the public API: the gateway's
 * /api/admin/traces asks every service and merges, since each process holds only its own spans).
 * `?traceId=a,b`: the spans of those traces; `?orderId=`: of every trace with a span naming that order;
 * `?recent=N`: of the last N traces whose server span this instance recorded. Admins only.
 */
export function traceAdminRoutes(app: ServiceApp, auth: Authenticator, tracing: ServiceTracing): void {
  const service = tracing.service;
  app.get(
    '/admin/traces',
    { schema: { hide: true, querystring: TracesQuery, response: { 200: Spans } } },
    async (request) => {
      await auth.admin(request);
      const { orderId, traceId, recent } = request.query;
      return {
        service,
        spans: recentSpansFor(tracing, {
          ...(traceId ? { traceIds: traceId.split(',') } : {}),
          ...(orderId ? { orderId } : {}),
          ...(recent ? { recent } : {}),
        }),
      };
    },
  );
  app.get(
    '/admin/traces/:traceId',
    { schema: { hide: true, params: Type.Object({ traceId: TraceId }), response: { 200: Spans } } },
    async (request) => {
      await auth.admin(request);
      const spans = tracing.recent.find({ traceIds: [request.params.traceId] });
      if (spans.length === 0)
        throw problems.notFound(`${service} holds no span of trace ${request.params.traceId}.`);
      return { service, spans };
    },
  );
}
