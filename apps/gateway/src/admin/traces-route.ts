import type { InstanceResult } from '@bazaar/load-balancer';
import { problems } from '@bazaar/problem';
import {
  type Authenticator,
  type RecentSpansCriteria,
  recentSpansFor,
  type ServiceApp,
  type SiblingWorkers,
  siblingQuestion,
  TraceId,
  TraceSpan,
} from '@bazaar/service-host';
import { mergeSpans, type ServiceTracing, type SpanView } from '@bazaar/tracing';
import { type Static, Type } from '@sinclair/typebox';
import { type Upstream, UpstreamStatusError } from '../proxy/upstream.js';

const Unreachable = Type.Array(Type.String(), {
  description:
    'what did not answer, so its spans are missing from the result: a service, when none of its instances answered, or service@instance (its base URL) for each instance that did not while others did; gateway@pid:<pid> for each other gateway worker process that did not answer within a second, gateway@other-workers when the workers’ primary did not relay the question',
});
const Trace = Type.Object({
  traceId: TraceId,
  start: Type.String({ format: 'date-time', description: 'start of its first span' }),
  durationMs: Type.Number({ minimum: 0, description: 'from the first span’s start to the last span’s end' }),
  services: Type.Array(Type.String(), { description: 'the services that recorded spans of it' }),
  spans: Type.Array(TraceSpan, { description: 'in start order' }),
});
type Trace = Static<typeof Trace>;

function traceOf(traceId: string, spans: readonly SpanView[]): Trace {
  const start = Date.parse(spans[0]!.start);
  const end = Math.max(...spans.map((span) => Date.parse(span.start) + span.durationMs));
  return {
    traceId,
    start: spans[0]!.start,
    durationMs: Math.max(0, Math.round((end - start) * 1_000) / 1_000),
    services: [...new Set(spans.map((span) => span.service))].sort(),
    spans: [...spans],
  };
}

/**
 * The names for `unreachable` of the instances of `service` that gave no answer: the service when none
 * did, each instance (service@url) when some did. An instance without the route (404) is not one of them.
 */
export function unreachableInstances(service: string, results: readonly InstanceResult<unknown>[]): string[] {
  const failed = results.filter(
    (result) =>
      result.error !== undefined &&
      !(result.error instanceof UpstreamStatusError && result.error.status === 404),
  );
  if (failed.length === 0) return [];
  if (failed.length === results.length) return [service];
  return failed.map((result) => `${service}@${result.instance}`);
}

/** Another gateway worker's spans (each node:cluster worker holds only those of the requests it served). */
export const GATEWAY_WORKER_SPANS = siblingQuestion<RecentSpansCriteria, SpanView[]>('gateway.recent-spans');
const SIBLING_TIMEOUT_MS = 1_000;

/** Lets the gateway's sibling workers read this worker's spans for their /api/admin/traces. */
export function answerSiblingTraceQueries(siblings: SiblingWorkers | undefined, own: ServiceTracing): void {
  siblings?.answer(GATEWAY_WORKER_SPANS, (criteria) => recentSpansFor(own, criteria));
}

/** The trace ids of the last `limit` requests among these spans' traces, by the end of the gateway's server span. */
function lastServed(service: string, spans: readonly SpanView[], limit: number): string[] {
  // Each worker keeps its own order; across workers the end of the request (as its ring records it) decides.
  const servedAt = new Map<string, number>();
  for (const span of spans) {
    if (span.service !== service || span.kind !== 'server') continue;
    const end = Date.parse(span.start) + span.durationMs;
    servedAt.set(span.traceId, Math.max(end, servedAt.get(span.traceId) ?? end));
  }
  return [...servedAt]
    .sort(([, a], [, b]) => b - a)
    .slice(0, limit)
    .map(([traceId]) => traceId);
}

/**
 * The traces an admin asks for, from every process: each service instance keeps only the spans it
 * recorded (solo mode runs the services side by side, a cluster each instance in a process of its own), so
 * the gateway asks every instance's /admin/traces and merges what they hold with its own, and with what
 * its sibling workers hold when it runs as several node:cluster workers (`siblings`).
 */
export function tracesRoutes(
  app: ServiceApp,
  auth: Authenticator,
  upstreams: readonly Upstream[],
  own: ServiceTracing,
  siblings: SiblingWorkers | undefined,
): void {
  async function fromSiblings(
    criteria: RecentSpansCriteria,
  ): Promise<{ lists: SpanView[][]; unreachable: string[] }> {
    if (!siblings) return { lists: [], unreachable: [] };
    try {
      const { answers, missing } = await siblings.ask(GATEWAY_WORKER_SPANS, criteria, {
        timeoutMs: SIBLING_TIMEOUT_MS,
      });
      return {
        lists: answers.map(({ answer }) => answer),
        unreachable: missing.map(({ worker }) => `${own.service}@pid:${worker}`),
      };
    } catch {
      return { lists: [], unreachable: [`${own.service}@other-workers`] };
    }
  }

  async function fromServices(
    criteria: RecentSpansCriteria,
    authorization: string,
  ): Promise<{ lists: SpanView[][]; unreachable: string[] }> {
    const query = new URLSearchParams();
    if (criteria.traceIds) query.set('traceId', criteria.traceIds.join(','));
    if (criteria.orderId) query.set('orderId', criteria.orderId);
    const signal = AbortSignal.timeout(2_000);
    const answers = await Promise.all(
      upstreams.map(async (upstream) => ({
        upstream,
        results: await upstream.getJsonFromEach(`/admin/traces?${query}`, {
          headers: { authorization },
          signal,
        }),
      })),
    );
    return {
      lists: answers.flatMap(({ results }) =>
        results.map((result) => (result.error ? [] : (result.value as { spans: SpanView[] }).spans)),
      ),
      unreachable: answers.flatMap(({ upstream, results }) => unreachableInstances(upstream.name, results)),
    };
  }

  async function gather(
    criteria: RecentSpansCriteria,
    authorization: string,
  ): Promise<{ spans: SpanView[]; unreachable: string[] }> {
    const [services, workers] = await Promise.all([
      fromServices(criteria, authorization),
      fromSiblings(criteria),
    ]);
    return {
      spans: mergeSpans(recentSpansFor(own, criteria), ...services.lists, ...workers.lists),
      unreachable: [...services.unreachable, ...workers.unreachable].sort(),
    };
  }

  const security = [{ bearerAuth: [] }];
  app.get(
    '/api/admin/traces/:traceId',
    {
      schema: {
        operationId: 'getTrace',
        summary: 'One trace, merged from every service',
        description:
          'Every span of the trace that the gateway and the services still hold in memory (each keeps its last TRACES_KEPT_SPANS spans), in start order: the gateway’s request, the calls between services, database transactions, outbox writes, relay publishes, each consumer’s handling and each saga transition. Every instance of every service, and every other gateway worker, is asked; a service, an instance of it or a gateway worker that did not answer is named in unreachable. Admins only.',
        security,
        params: Type.Object({ traceId: TraceId }),
        response: { 200: Type.Object({ ...Trace.properties, unreachable: Unreachable }) },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      await auth.admin(request);
      const { traceId } = request.params;
      const { spans, unreachable } = await gather(
        { traceIds: [traceId] },
        request.headers.authorization ?? '',
      );
      if (spans.length === 0) throw problems.notFound(`No service holds a span of trace ${traceId}.`);
      return { ...traceOf(traceId, spans), unreachable };
    },
  );

  app.get(
    '/api/admin/traces',
    {
      schema: {
        operationId: 'listTraces',
        summary: 'The traces of an order, or the latest requests',
        description:
          'With orderId: every trace in which a span names that order (bazaar.order_id), usually the one of its placement and fulfilment. Without: the last `recent` traces the gateway served (10 by default; every gateway worker’s requests). Each trace is merged from the spans every instance of every service, and every gateway worker, holds in memory. Admins only.',
        security,
        querystring: Type.Object({
          orderId: Type.Optional(Type.String({ format: 'uuid' })),
          recent: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
        }),
        response: { 200: Type.Object({ items: Type.Array(Trace), unreachable: Unreachable }) },
      },
    },
    async (request) => {
      await auth.admin(request);
      const { orderId, recent = 10 } = request.query;
      const authorization = request.headers.authorization ?? '';
      // First which traces (an order's id is on some of their spans only), then every span of them.
      let traceIds: string[];
      const missed = new Set<string>();
      if (orderId) {
        const found = await gather({ orderId }, authorization);
        for (const name of found.unreachable) missed.add(name);
        traceIds = [...new Set(found.spans.map((span) => span.traceId))].slice(0, 50);
      } else {
        // Every worker's last requests; the services serve none of the gateway's.
        const workers = await fromSiblings({ recent });
        for (const name of workers.unreachable) missed.add(name);
        traceIds = lastServed(
          own.service,
          mergeSpans(recentSpansFor(own, { recent }), ...workers.lists),
          recent,
        );
      }
      if (traceIds.length === 0) return { items: [], unreachable: [...missed].sort() };
      const { spans, unreachable } = await gather({ traceIds }, authorization);
      for (const name of unreachable) missed.add(name);
      const items = traceIds
        .map((traceId) => spans.filter((span) => span.traceId === traceId))
        .filter((list) => list.length > 0)
        .map((list) => traceOf(list[0]!.traceId, list));
      return { items, unreachable: [...missed].sort() };
    },
  );
}
