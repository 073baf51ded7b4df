import { hostname } from 'node:os';
import { problems } from '@bazaar/problem';
import type { UpstreamPolicies } from '@bazaar/resilience';
import {
  type Authenticator,
  type LoadShedder,
  type ServiceApp,
  type SiblingWorkers,
  siblingQuestion,
} from '@bazaar/service-host';
import { Type } from '@sinclair/typebox';
import type { RateLimiter } from '../rate-limit/limiter.js';
import { jsonBody } from './json-body.js';

const Count = Type.Integer({ minimum: 0 });
const Window = Type.Object({ limit: Count, windowSeconds: Count });

const BreakerState = Type.Union([
  Type.Literal('closed'),
  Type.Literal('open'),
  Type.Literal('half-open'),
  Type.Literal('isolated'),
]);
const UpstreamState = Type.Object({
  upstream: Type.String(),
  breaker: BreakerState,
  bulkhead: Type.Object({ active: Count, limit: Count, queued: Count, queue: Count }),
  retryBudget: Type.Object({
    requests: Count,
    retries: Count,
    ratio: Type.Number({ minimum: 0, maximum: 1 }),
    windowMs: Count,
  }),
  config: Type.Record(Type.String(), Type.Number()),
});

const RateLimitState = Type.Object({
  enforced: Type.Boolean({
    description: 'false while an operator has switched rate limiting off in this instance',
  }),
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
});

const ResilienceState = Type.Object({
  instance: Type.String({
    description: 'which gateway instance answered (host:pid): the state and the switches are per instance',
  }),
  rateLimits: RateLimitState,
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
  upstreams: Type.Array(UpstreamState),
});

/** An operator's switch, as one worker passes it to its siblings. */
type Switch =
  | { kind: 'breaker'; upstream: string; state: 'isolated' | 'closed' }
  | { kind: 'rate-limits'; enforced: boolean };
interface Protections {
  limiter: RateLimiter;
  shedder: LoadShedder;
  policies: UpstreamPolicies;
}

const GATEWAY_SWITCH = siblingQuestion<Switch, { instance: string }>('gateway.resilience-switch');
const SIBLING_TIMEOUT_MS = 1_000;
const instance = `${hostname()}:${process.pid}`;

function flip(state: Protections, change: Switch): void {
  if (change.kind === 'breaker') state.policies.for(change.upstream).setBreaker(change.state);
  else state.limiter.setEnforced(change.enforced);
}

/** Lets the gateway's sibling workers pass an operator's switch on to this worker. */
export function answerSiblingSwitches(siblings: SiblingWorkers | undefined, state: Protections): void {
  siblings?.answer(GATEWAY_SWITCH, (change) => {
    flip(state, change);
    return { instance };
  });
}

const Spread = {
  appliedBy: Type.Array(Type.String(), {
    description:
      'the gateway workers (host:pid) that switched: this one and its siblings when it runs as several (WORKERS, a cluster’s gateway workers)',
  }),
  missed: Type.Array(Type.String(), {
    description: 'sibling workers that did not confirm within a second (they keep their old setting)',
  }),
};

/**
 * Applies a switch here and in every sibling worker of this gateway, so the workers behind one port agree
 * whichever of them an admin's request reaches. Separate replicas (other hosts, pods) each have their own.
 */
async function spread(
  state: Protections,
  siblings: SiblingWorkers | undefined,
  change: Switch,
): Promise<{ appliedBy: string[]; missed: string[] }> {
  flip(state, change);
  if (!siblings) return { appliedBy: [instance], missed: [] };
  try {
    const { answers, missing } = await siblings.ask(GATEWAY_SWITCH, change, {
      timeoutMs: SIBLING_TIMEOUT_MS,
    });
    return {
      appliedBy: [instance, ...answers.map(({ answer }) => answer.instance)],
      missed: missing.map(({ worker, reason }) => `${hostname()}:${worker} (${reason})`),
    };
  } catch {
    return { appliedBy: [instance], missed: ['the other workers (their primary did not relay)'] };
  }
}

/**
 * GET /api/admin/resilience: this gateway instance's protections as they stand — rate-limit store and
 * decisions, load shedding, and every upstream's breaker, bulkhead and retry budget. Admins only.
 */
export function resilienceRoute(
  app: ServiceApp,
  auth: Authenticator,
  state: Protections,
  siblings?: SiblingWorkers,
): void {
  const security = [{ bearerAuth: [] }];
  app.get(
    '/api/admin/resilience',
    {
      schema: {
        operationId: 'getResilience',
        summary: "The gateway's rate limits, load shedding, breakers and bulkheads",
        description:
          'What this gateway instance is doing to protect the system: whether rate limits are enforced, where their counters are kept and the decisions since start, whether it sheds load and why, and per upstream the circuit breaker state, bulkhead use and retry budget. Admins only.',
        security,
        response: { 200: ResilienceState },
      },
    },
    async (request) => {
      await auth.admin(request);
      return {
        instance,
        rateLimits: state.limiter.snapshot(),
        shedding: state.shedder.snapshot(),
        upstreams: state.policies.snapshots(),
      };
    },
  );

  app.put(
    '/api/admin/resilience/rate-limits',
    {
      preValidation: jsonBody,
      schema: {
        operationId: 'setRateLimiting',
        summary: 'Switch rate limiting on or off',
        description:
          'With enforced false this gateway stops counting and refusing requests (RateLimit fields are no longer sent) until it is switched on again or restarts; a demo of what the limits protect. Applied in every worker behind this port (appliedBy); separate replicas each have their own switch. Admins only; logged with who switched.',
        security,
        body: Type.Object(
          { enforced: Type.Boolean() },
          { additionalProperties: false, examples: [{ enforced: false }] },
        ),
        response: {
          200: Type.Object({ instance: Type.String(), ...Spread, rateLimits: RateLimitState }),
        },
      },
    },
    async (request) => {
      const admin = await auth.admin(request);
      const { enforced } = request.body;
      const applied = await spread(state, siblings, { kind: 'rate-limits', enforced });
      request.log.warn(
        { enforced, by: admin.userId, ...applied },
        `rate limits ${enforced ? 'enforced' : 'switched off'} by an operator`,
      );
      return { instance, ...applied, rateLimits: state.limiter.snapshot() };
    },
  );

  app.put(
    '/api/admin/resilience/upstreams/:upstream/breaker',
    {
      preValidation: jsonBody,
      schema: {
        operationId: 'setBreaker',
        summary: "Hold an upstream's circuit breaker open, or close it",
        description:
          'isolated: this gateway refuses every call to the upstream with 503 circuit-open until it is set to closed (an operator taking a sick dependency out). closed: releases an isolation, and closes a breaker that tripped by itself so calls are tried again at once. Applied in every worker behind this port (appliedBy); separate replicas each have their own breakers. Admins only; logged with who switched.',
        security,
        params: Type.Object({ upstream: Type.String({ pattern: '^[a-z]{1,40}$' }) }),
        body: Type.Object(
          { state: Type.Union([Type.Literal('isolated'), Type.Literal('closed')]) },
          { additionalProperties: false, examples: [{ state: 'isolated' }] },
        ),
        response: { 200: Type.Object({ instance: Type.String(), ...Spread, upstream: UpstreamState }) },
      },
      config: { contract: { problems: [404] } },
    },
    async (request) => {
      const admin = await auth.admin(request);
      const { upstream } = request.params;
      if (!state.policies.snapshots().some((snapshot) => snapshot.upstream === upstream))
        throw problems.notFound(`No upstream named ${upstream}.`);
      const applied = await spread(state, siblings, { kind: 'breaker', upstream, state: request.body.state });
      request.log.warn(
        { upstream, state: request.body.state, by: admin.userId, ...applied },
        `breaker of ${upstream} set to ${request.body.state} by an operator`,
      );
      return { instance, ...applied, upstream: state.policies.for(upstream).snapshot() };
    },
  );
}
