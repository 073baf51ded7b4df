import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  type IPolicy,
  retry,
  TaskCancelledError,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import type { UpstreamPolicyConfig } from './config.js';
import type { ResilienceMetrics } from './metrics.js';
import { bulkheadFull, circuitOpen, upstreamTimeout } from './problems.js';
import { RetryBudget } from './retry-budget.js';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'isolated';

export interface CallOptions<T> {
  /** Only idempotent calls are retried: GET/HEAD, or a POST carrying an Idempotency-Key. */
  idempotent: boolean;
  /**
   * Whether an answer counts as the upstream failing (e.g. a 5xx response): it then counts towards the
   * breaker and may be retried, and is returned as it is when no attempt is left.
   */
  failed?: (result: T) => boolean;
  /** The caller's own deadline or cancellation (e.g. a BFF part's): stops waiting, backing off and retrying. */
  signal?: AbortSignal;
  /**
   * The call enforces `timeoutMs` itself (e.g. undici's headersTimeout) and fails with a timeout error: the
   * policy then sets no timer and abort controller per call — on the gateway's proxy path, that is a
   * measurable share of its CPU.
   */
  ownDeadline?: boolean;
  /** With `ownDeadline`: how the call's own timeout error looks, so it is counted as a timeout. */
  isTimeout?: (error: unknown) => boolean;
}

export interface UpstreamPolicySnapshot {
  upstream: string;
  breaker: BreakerState;
  bulkhead: { active: number; limit: number; queued: number; queue: number };
  retryBudget: { requests: number; retries: number; ratio: number; windowMs: number };
  config: UpstreamPolicyConfig;
}

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** What a caller cannot do anything about except wait: no retry helps. */
const isRefusal = (error: Error) =>
  error instanceof BrokenCircuitError || error instanceof BulkheadRejectedError;

/**
 * Timeout, circuit breaker, bulkhead and budgeted retries around the calls one client makes to one
 * upstream (cockatiel policies, shared by every call so they see the upstream as a whole):
 *
 *   retry (idempotent calls only, within the budget) → breaker → bulkhead → timeout → the call
 *
 * The breaker sits outside the bulkhead so an open breaker refuses before taking a slot, and a full
 * bulkhead (a local decision) does not count as the upstream failing. Refusals become problems:
 * 503 `circuit-open` (with Retry-After), 503 `bulkhead-full`, 504 `upstream-timeout`.
 */
export class UpstreamPolicy {
  private readonly breaker;
  private isolation: { dispose(): void } | undefined;
  private readonly bulkhead;
  private readonly budget: RetryBudget;
  private readonly once: IPolicy;
  private readonly retrying: IPolicy;
  private readonly onceOwnDeadline: IPolicy;
  private readonly retryingOwnDeadline: IPolicy;

  constructor(
    readonly upstream: string,
    readonly config: UpstreamPolicyConfig,
    private readonly metrics?: ResilienceMetrics,
  ) {
    this.budget = new RetryBudget({
      ratio: config.retryBudgetRatio,
      minPerSecond: config.minRetriesPerSecond,
      windowMs: 10_000,
    });
    const upstreamFailed = handleWhen((error) => !(error instanceof BulkheadRejectedError)).orWhenResult(
      (result) => (result as { failed?: boolean } | undefined)?.failed === true,
    );
    this.breaker = circuitBreaker(upstreamFailed, {
      halfOpenAfter: config.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(config.breakerFailures),
    });
    this.bulkhead = bulkhead(config.bulkheadLimit, config.bulkheadQueue);
    // The call may return a stream (a proxied body) that outlives it: only a late call is aborted, not a finished one.
    const deadline = timeout(config.timeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    this.once = wrap(this.breaker, this.bulkhead, deadline);
    const retryable = handleWhen((error) => !isRefusal(error) && this.mayRetry()).orWhenResult(
      (result) => (result as { failed?: boolean } | undefined)?.failed === true && this.mayRetry(),
    );
    const retrying = retry(retryable, {
      maxAttempts: config.maxAttempts - 1,
      backoff: new ExponentialBackoff({
        initialDelay: config.retryBaseDelayMs,
        maxDelay: config.retryMaxDelayMs,
      }),
    });
    this.retrying = wrap(retrying, this.once);
    this.onceOwnDeadline = wrap(this.breaker, this.bulkhead);
    this.retryingOwnDeadline = wrap(retrying, this.onceOwnDeadline);
    this.breaker.onStateChange((state) => metrics?.breakerState.set({ upstream }, stateValue(state)));
    metrics?.breakerState.set({ upstream }, 0);
  }

  /**
   * Runs `call` under the policies. The signal aborts at the attempt's deadline; a refusal or timeout
   * throws a ProblemError, other errors of the last attempt are rethrown as they are.
   */
  async execute<T>(call: (signal: AbortSignal) => Promise<T>, options: CallOptions<T>): Promise<T> {
    this.budget.recordRequest();
    const failed = options.failed;
    const policy = options.ownDeadline
      ? options.idempotent
        ? this.retryingOwnDeadline
        : this.onceOwnDeadline
      : options.idempotent
        ? this.retrying
        : this.once;
    try {
      const wrapped = await policy.execute(async ({ signal }) => {
        const value = await call(signal);
        return { value, failed: failed ? failed(value) : false };
      }, options.signal);
      this.metrics?.calls.inc({ upstream: this.upstream, outcome: wrapped.failed ? 'failure' : 'success' });
      return wrapped.value;
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        this.metrics?.calls.inc({ upstream: this.upstream, outcome: 'circuit_open' });
        throw circuitOpen(this.upstream, Math.max(1, Math.ceil(this.config.halfOpenAfterMs / 1000)));
      }
      if (error instanceof BulkheadRejectedError) {
        this.metrics?.calls.inc({ upstream: this.upstream, outcome: 'bulkhead_full' });
        throw bulkheadFull(this.upstream);
      }
      if (error instanceof TaskCancelledError) {
        this.metrics?.calls.inc({ upstream: this.upstream, outcome: 'timeout' });
        throw upstreamTimeout(this.upstream);
      }
      this.metrics?.calls.inc({
        upstream: this.upstream,
        outcome: options.isTimeout?.(error) ? 'timeout' : 'failure',
      });
      throw error;
    }
  }

  /**
   * An operator's hand on the breaker: `isolated` holds it open (every call refused with 503 circuit-open)
   * until `closed` releases it; `closed` also closes a breaker that tripped by itself, so traffic is tried
   * again at once instead of after the half-open delay.
   */
  setBreaker(state: 'isolated' | 'closed'): void {
    if (state === 'isolated') {
      this.isolation ??= this.breaker.isolate();
      return;
    }
    // cockatiel closes a breaker when its last isolation is released, whatever state it was in before.
    const release = this.isolation ?? this.breaker.isolate();
    this.isolation = undefined;
    release.dispose();
  }

  get breakerState(): BreakerState {
    return STATE_NAMES[this.breaker.state];
  }

  snapshot(): UpstreamPolicySnapshot {
    const active = this.config.bulkheadLimit - this.bulkhead.executionSlots;
    return {
      upstream: this.upstream,
      breaker: this.breakerState,
      bulkhead: {
        active,
        limit: this.config.bulkheadLimit,
        queued: this.config.bulkheadQueue - this.bulkhead.queueSlots,
        queue: this.config.bulkheadQueue,
      },
      retryBudget: this.budget.snapshot(),
      config: this.config,
    };
  }

  private mayRetry(): boolean {
    const allowed = this.budget.tryRetry();
    this.metrics?.retries.inc({
      upstream: this.upstream,
      decision: allowed ? 'retried' : 'budget_exhausted',
    });
    return allowed;
  }
}

function stateValue(state: CircuitState): number {
  return state === CircuitState.Closed ? 0 : state === CircuitState.HalfOpen ? 1 : 2;
}
