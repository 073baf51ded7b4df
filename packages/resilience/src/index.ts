export { DEFAULT_UPSTREAM_POLICY, UpstreamPolicyConfig, upstreamPolicies } from './config.js';
export { type ResilienceMetrics, resilienceMetrics } from './metrics.js';
export { guardFetch, keyFetchGuard, UpstreamPolicies } from './policy-set.js';
export { bulkheadFull, circuitOpen, upstreamTimeout } from './problems.js';
export { RetryBudget, type RetryBudgetOptions } from './retry-budget.js';
export {
  type BreakerState,
  type CallOptions,
  UpstreamPolicy,
  type UpstreamPolicySnapshot,
} from './upstream-policy.js';
