import { ConfigError } from '@bazaar/config';
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** How one client treats one upstream service. Every synchronous call between services has one. */
export const UpstreamPolicyConfig = Type.Object(
  {
    /** Each attempt's deadline. */
    timeoutMs: Type.Integer({ minimum: 1, maximum: 300_000 }),
    /** Consecutive failures (transport error, timeout, 5xx) that open the breaker. */
    breakerFailures: Type.Integer({ minimum: 1, maximum: 1_000 }),
    /** How long an open breaker refuses calls before it lets one probe through (half-open). */
    halfOpenAfterMs: Type.Integer({ minimum: 1, maximum: 600_000 }),
    /** Calls in flight at once, and calls that may wait for a slot; beyond both: refused at once. */
    bulkheadLimit: Type.Integer({ minimum: 1, maximum: 100_000 }),
    bulkheadQueue: Type.Integer({ minimum: 0, maximum: 100_000 }),
    /** Attempts of an idempotent call in all (1 = no retry). */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 10 }),
    /** First backoff and its ceiling; the delays are decorrelated-jittered. */
    retryBaseDelayMs: Type.Integer({ minimum: 0, maximum: 60_000 }),
    retryMaxDelayMs: Type.Integer({ minimum: 0, maximum: 300_000 }),
    /** Retries may add at most this share of the requests of the last 10 s (plus minRetriesPerSecond). */
    retryBudgetRatio: Type.Number({ minimum: 0, maximum: 1 }),
    minRetriesPerSecond: Type.Number({ minimum: 0, maximum: 1_000 }),
  },
  { additionalProperties: false },
);
export type UpstreamPolicyConfig = Static<typeof UpstreamPolicyConfig>;

export const DEFAULT_UPSTREAM_POLICY: UpstreamPolicyConfig = {
  timeoutMs: 10_000,
  breakerFailures: 5,
  halfOpenAfterMs: 5_000,
  // A short queue: every queued call waits for the ones ahead, so a deep one only turns a spike into timeouts.
  bulkheadLimit: 64,
  bulkheadQueue: 64,
  maxAttempts: 3,
  retryBaseDelayMs: 25,
  retryMaxDelayMs: 500,
  retryBudgetRatio: 0.1,
  minRetriesPerSecond: 1,
};

const Overrides = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9-]{0,40}$' }),
  Type.Partial(UpstreamPolicyConfig),
);

/**
 * The policies of every upstream, configured in one place: the defaults, overridden for all upstreams by
 * `UPSTREAM_POLICIES={"default":{…}}` and for one by its name (`{"catalog":{"timeoutMs":2000}}`).
 * `base` lets a caller keep its historical settings (e.g. an existing timeout variable) below the env.
 */
export function upstreamPolicies(
  env: NodeJS.ProcessEnv = process.env,
  base: Partial<UpstreamPolicyConfig> = {},
): (upstream: string) => UpstreamPolicyConfig {
  const text = env.UPSTREAM_POLICIES;
  let overrides: Static<typeof Overrides> = {};
  if (text !== undefined && text !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ConfigError([`UPSTREAM_POLICIES: not JSON (given ${JSON.stringify(text.slice(0, 80))})`]);
    }
    if (!Value.Check(Overrides, parsed)) {
      const problems = [...Value.Errors(Overrides, parsed)].map(
        (error) => `UPSTREAM_POLICIES${error.path.replace(/\//g, '.')}: ${error.message}`,
      );
      throw new ConfigError(problems.slice(0, 10));
    }
    overrides = parsed;
  }
  const forAll = { ...DEFAULT_UPSTREAM_POLICY, ...base, ...overrides.default };
  const resolve = (upstream: string): UpstreamPolicyConfig => {
    const policy = { ...forAll, ...overrides[upstream] };
    if (policy.retryMaxDelayMs < policy.retryBaseDelayMs)
      throw new ConfigError([`UPSTREAM_POLICIES.${upstream}: retryMaxDelayMs is below retryBaseDelayMs`]);
    return policy;
  };
  for (const upstream of Object.keys(overrides)) resolve(upstream); // refuse a bad one at start
  return resolve;
}
