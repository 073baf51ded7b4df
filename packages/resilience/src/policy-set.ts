import { Gauge, type Registry } from 'prom-client';
import { type UpstreamPolicyConfig, upstreamPolicies } from './config.js';
import { resilienceMetrics } from './metrics.js';
import { UpstreamPolicy, type UpstreamPolicySnapshot } from './upstream-policy.js';

/**
 * Every upstream policy one process holds, one per upstream name, so every caller of an upstream (the proxy,
 * a BFF part, a key fetch) goes through the same breaker and bulkhead and sees that upstream as a whole.
 * Their state is exported as metrics and as snapshots for the admin API.
 */
export class UpstreamPolicies {
  private readonly policies = new Map<string, UpstreamPolicy>();
  private readonly metrics;

  constructor(
    private readonly configFor: (upstream: string) => UpstreamPolicyConfig,
    registry?: Registry,
  ) {
    this.metrics = registry ? resilienceMetrics(registry) : undefined;
    if (!registry) return;
    const policies = this.policies;
    const gauges = [
      [
        'upstream_bulkhead_active',
        'Calls in flight to an upstream (bulkhead slots taken), by upstream',
        'active',
      ],
      ['upstream_bulkhead_queued', 'Calls waiting for a bulkhead slot, by upstream', 'queued'],
    ] as const;
    for (const [name, help, field] of gauges)
      new Gauge({
        name,
        help,
        labelNames: ['upstream'] as const,
        registers: [registry],
        collect() {
          for (const policy of policies.values())
            this.set({ upstream: policy.upstream }, policy.snapshot().bulkhead[field]);
        },
      });
  }

  /** The policy for `upstream`, created on first use. */
  for(upstream: string): UpstreamPolicy {
    let policy = this.policies.get(upstream);
    if (!policy) {
      policy = new UpstreamPolicy(upstream, this.configFor(upstream), this.metrics);
      this.policies.set(upstream, policy);
    }
    return policy;
  }

  snapshots(): UpstreamPolicySnapshot[] {
    return [...this.policies.values()].map((policy) => policy.snapshot());
  }
}

/** A fetch under `policy` (a GET, so retried within the budget); a 5xx answer counts as a failure. */
export function guardFetch(
  policy: UpstreamPolicy,
): (call: (signal: AbortSignal) => Promise<Response>) => Promise<Response> {
  return (call) => policy.execute(call, { idempotent: true, failed: (response) => response.status >= 500 });
}

/**
 * The guard for a process's token key fetches from identity, for processes that have no other calls to it:
 * the `identity` policy of UPSTREAM_POLICIES, without metrics (the fetches are rare: start and key rotation).
 */
export function keyFetchGuard(env: NodeJS.ProcessEnv = process.env) {
  return guardFetch(new UpstreamPolicies(upstreamPolicies(env)).for('identity'));
}
