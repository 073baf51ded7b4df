import type { UpstreamPolicies } from '@bazaar/resilience';
import type { Authenticator, LoadShedder, ServiceApp } from '@bazaar/service-host';
import { Type } from '@sinclair/typebox';
import type { RateLimiter } from '../rate-limit/limiter.js';

const Count = Type.Integer({ minimum: 0 });
const Window = Type.Object({ limit: Count, windowSeconds: Count });

const ResilienceState = Type.Object({
  rateLimits: Type.Object({
    store: Type.Union([Type.Literal('local'), Type.Literal('redis')], {
      description: 'where the counters are kept now (redis: shared by every gateway instance)',
    }),
    redisConfigured: Type.Boolean(),
    redisFallbacks: Type.Integer({
      minimum: 0,
      description: 'times the gateway fell back to local counters',
    }),
    policies: Type.Record(Type.String(), Window),
    decisions: Type.Record(Type.String(), Type.Object({ allowed: Count, limited: Count }), {
      description: 'decisions per policy since this instance started',
    }),
  }),
  shedding: Type.Object({
    shedding: Type.Boolean({ description: 'whether new requests are being refused with 503 overloaded now' }),
    reason: Type.Union([
      Type.Literal('event_loop_delay'),
      Type.Literal('heap'),
      Type.Literal('in_flight'),
      Type.Null(),
    ]),
    eventLoopDelayMs: Type.Number({ minimum: 0 }),
    heapUsedBytes: Count,
    inFlight: Count,
    thresholds: Type.Object({ eventLoopDelayMs: Count, heapUsedBytes: Count, maxInFlight: Count }),
    shed: Type.Object({ event_loop_delay: Count, heap: Count, in_flight: Count }),
  }),
  upstreams: Type.Array(
    Type.Object({
      upstream: Type.String(),
      breaker: Type.Union([
        Type.Literal('closed'),
        Type.Literal('open'),
        Type.Literal('half-open'),
        Type.Literal('isolated'),
      ]),
      bulkhead: Type.Object({ active: Count, limit: Count, queued: Count, queue: Count }),
      retryBudget: Type.Object({
        requests: Count,
        retries: Count,
        ratio: Type.Number({ minimum: 0, maximum: 1 }),
        windowMs: Count,
      }),
      config: Type.Record(Type.String(), Type.Number()),
    }),
  ),
});

/**
 * GET /api/admin/resilience: this gateway instance's protections as they stand — rate-limit store and
 * decisions, load shedding, and every upstream's breaker, bulkhead and retry budget. Admins only.
 */
export function resilienceRoute(
  app: ServiceApp,
  auth: Authenticator,
  state: { limiter: RateLimiter; shedder: LoadShedder; policies: UpstreamPolicies },
): void {
  app.get(
    '/api/admin/resilience',
    {
      schema: {
        operationId: 'getResilience',
        summary: "The gateway's rate limits, load shedding, breakers and bulkheads",
        description:
          'What this gateway instance is doing to protect the system: where rate-limit counters are kept and the decisions since start, whether it sheds load and why, and per upstream the circuit breaker state, bulkhead use and retry budget. Admins only.',
        security: [{ bearerAuth: [] }],
        response: { 200: ResilienceState },
      },
    },
    async (request) => {
      await auth.admin(request);
      return {
        rateLimits: state.limiter.snapshot(),
        shedding: state.shedder.snapshot(),
        upstreams: state.policies.snapshots(),
      };
    },
  );
}
