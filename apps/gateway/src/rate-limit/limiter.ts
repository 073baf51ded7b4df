import { redactUrl } from '@bazaar/config';
import { ProblemError } from '@bazaar/problem';
import type { Authenticator } from '@bazaar/service-host';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  chargesFor,
  counterKey,
  type Decision,
  decide,
  emailFromBody,
  isLimitedPath,
  type Policies,
  rateLimitHeaders,
  retryAfterSeconds,
} from './policy.js';
import { type CounterRequest, createLocalStore, createSharedStore, type SharedStore } from './store.js';

export function rateLimited(decisions: readonly Decision[], retryAfter: number): ProblemError {
  const exhausted = decisions.filter((decision) => !decision.allowed).map((decision) => decision.policy);
  return new ProblemError(
    'rate-limited',
    429,
    'Too many requests',
    `The rate limit (${exhausted.join(', ')}) is used up; retry in ${retryAfter} s.`,
    { policies: exhausted, retryAfterSeconds: retryAfter },
    { 'retry-after': String(retryAfter) },
  );
}

export interface RateLimiterOptions {
  policies: Policies;
  /** Shared counters in this Redis; without it every instance counts for itself. */
  redisUrl?: string;
  /** Names this system's keys in a shared Redis. */
  keyPrefix: string;
  metrics: Registry;
  log: FastifyBaseLogger;
}

/**
 * The gateway's rate limiter: charges each request of the public API to its policies' counters (per
 * verified user, per client address, per login e-mail), answers with the RateLimit-Policy and RateLimit
 * fields, and refuses with a 429 `rate-limited` problem and Retry-After once a quota is used up.
 */
export function createRateLimiter(options: RateLimiterOptions) {
  const local = createLocalStore();
  const tally: Record<string, { allowed: number; limited: number }> = {};
  let fallbackCount = 0;
  // An operator may switch enforcement off (a demo of what the limits protect); counting stops with it.
  let enforced = true;
  const decisions = new Counter({
    name: 'gateway_rate_limit_decisions_total',
    help: 'Rate-limit decisions by policy: allowed or limited (429)',
    labelNames: ['policy', 'decision'] as const,
    registers: [options.metrics],
  });
  const fallbacks = new Counter({
    name: 'gateway_rate_limit_redis_fallbacks_total',
    help: 'Times Redis could not be used and the gateway fell back to counters of its own',
    registers: [options.metrics],
  });
  let shared: SharedStore | undefined;
  if (options.redisUrl) {
    const redacted = redactUrl(options.redisUrl);
    shared = createSharedStore(options.redisUrl, `${options.keyPrefix}:rl:`, local, {
      onFallback(reason) {
        fallbacks.inc();
        fallbackCount += 1;
        options.log.warn(
          { redis: redacted, reason },
          'rate limits: Redis unreachable, counting in this instance until it is back',
        );
      },
      onRecovery() {
        options.log.info({ redis: redacted }, 'rate limits: Redis is back, counters are shared again');
      },
    });
  }
  const store = shared ?? local;
  new Gauge({
    name: 'gateway_rate_limit_enforced',
    help: '1 while rate limits are enforced, 0 while an operator has switched them off',
    registers: [options.metrics],
    collect() {
      this.set(enforced ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gateway_rate_limit_store',
    help: 'Where rate-limit counters are kept now: 1 for the store in use (redis: shared by every instance)',
    labelNames: ['store'] as const,
    registers: [options.metrics],
    collect() {
      const state = shared?.state ?? 'local';
      this.set({ store: 'redis' }, state === 'redis' ? 1 : 0);
      this.set({ store: 'local' }, state === 'local' ? 1 : 0);
    },
  });

  return {
    /** What the admin API shows: where counters live, the policies, and the decisions since start. */
    snapshot() {
      return {
        enforced,
        store: shared?.state ?? 'local',
        redisConfigured: shared !== undefined,
        redisFallbacks: fallbackCount,
        policies: options.policies,
        decisions: structuredClone(tally),
      };
    },
    /** Resolves once the shared store is connected (true), or did not connect within a second (false). */
    ready: shared?.ready ?? Promise.resolve(true),
    get store() {
      return shared?.state ?? 'local';
    },
    /** Switches enforcement on or off in this instance. */
    setEnforced(on: boolean) {
      enforced = on;
    },
    /** A preHandler: sets the RateLimit fields and throws the 429 problem when a quota is used up. */
    async check(request: FastifyRequest, reply: FastifyReply, auth: Authenticator): Promise<void> {
      if (!enforced) return;
      const path = request.url.split('?')[0]!;
      if (!isLimitedPath(path)) return;
      const charges = chargesFor(request.method, path);
      let userId: string | undefined;
      if (request.headers.authorization && charges.some((charge) => charge.key === 'caller')) {
        try {
          userId = (await auth.user(request)).userId;
        } catch {
          // An invalid token is charged to the address; the route answers it with 401.
        }
      }
      const counted: { policy: (typeof charges)[number]['policy']; request: CounterRequest }[] = [];
      for (const charge of charges) {
        const settings = options.policies[charge.policy];
        let key: string;
        if (charge.key === 'email') {
          const email = emailFromBody(request.body);
          if (email === undefined) continue; // the service refuses the body; the address limit still applies
          key = counterKey(charge.policy, 'email', email);
        } else if (charge.key === 'caller' && userId !== undefined) {
          key = counterKey(charge.policy, 'user', userId);
        } else key = counterKey(charge.policy, 'address', request.ip);
        counted.push({ policy: charge.policy, request: { key, windowMs: settings.windowSeconds * 1000 } });
      }
      const counts = await store.hit(counted.map((entry) => entry.request));
      const made = counted.map((entry, i) =>
        decide(entry.policy, options.policies[entry.policy], counts[i]!),
      );
      for (const decision of made) {
        decisions.inc({ policy: decision.policy, decision: decision.allowed ? 'allowed' : 'limited' });
        tally[decision.policy] ??= { allowed: 0, limited: 0 };
        const counts = tally[decision.policy]!;
        if (decision.allowed) counts.allowed += 1;
        else counts.limited += 1;
      }
      reply.headers(rateLimitHeaders(made));
      if (made.some((decision) => !decision.allowed)) throw rateLimited(made, retryAfterSeconds(made));
    },
    async close() {
      local.close();
      await shared?.close();
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;
