import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProblemError } from '@bazaar/problem';
import { Registry } from 'prom-client';
import {
  DEFAULT_UPSTREAM_POLICY,
  RetryBudget,
  resilienceMetrics,
  UpstreamPolicy,
  type UpstreamPolicyConfig,
  upstreamPolicies,
} from '../src/index.js';

const policy = (overrides: Partial<UpstreamPolicyConfig> = {}, registry = new Registry()) =>
  new UpstreamPolicy(
    'catalog',
    {
      ...DEFAULT_UPSTREAM_POLICY,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 2,
      minRetriesPerSecond: 100,
      ...overrides,
    },
    resilienceMetrics(registry),
  );

const failing = async () => {
  throw new Error('ECONNREFUSED');
};

async function problemOf(promise: Promise<unknown>): Promise<ProblemError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('an upstream policy', () => {
  it('given consecutive failures up to the threshold, then the breaker opens and refuses without calling', async () => {
    const upstream = policy({ breakerFailures: 3, halfOpenAfterMs: 60_000, maxAttempts: 1 });
    for (let i = 0; i < 3; i++)
      await assert.rejects(upstream.execute(failing, { idempotent: false }), /ECONNREFUSED/);
    assert.equal(upstream.breakerState, 'open');
    let called = false;
    const startedAt = performance.now();
    const refused = await problemOf(
      upstream.execute(
        async () => {
          called = true;
        },
        { idempotent: true },
      ),
    );
    const tookMs = performance.now() - startedAt;
    assert.equal(called, false, 'no call is made while open');
    assert.equal(refused.status, 503);
    assert.equal(refused.slug, 'circuit-open');
    assert.equal(refused.headers['retry-after'], '60');
    assert.ok(tookMs < 50, `an open breaker answers at once (${tookMs.toFixed(2)} ms)`);
  });

  it('given an open breaker, when the half-open time has passed, then one probe goes through and success closes it', async () => {
    const upstream = policy({ breakerFailures: 1, halfOpenAfterMs: 30, maxAttempts: 1 });
    await assert.rejects(upstream.execute(failing, { idempotent: false }));
    assert.equal(upstream.breakerState, 'open');
    await sleep(40);
    assert.equal(await upstream.execute(async () => 'fine', { idempotent: false }), 'fine');
    assert.equal(upstream.breakerState, 'closed');
  });

  it('given a half-open breaker, when the probe fails, then it opens again', async () => {
    const upstream = policy({ breakerFailures: 1, halfOpenAfterMs: 30, maxAttempts: 1 });
    await assert.rejects(upstream.execute(failing, { idempotent: false }));
    await sleep(40);
    await assert.rejects(upstream.execute(failing, { idempotent: false }));
    assert.equal(upstream.breakerState, 'open');
  });

  it('counts answers the caller calls failed (5xx) towards the breaker and returns the last one', async () => {
    const upstream = policy({ breakerFailures: 2, maxAttempts: 1 });
    const answer = { status: 502 };
    const options = { idempotent: false, failed: (result: { status: number }) => result.status >= 500 };
    assert.equal(await upstream.execute(async () => answer, options), answer);
    assert.equal(await upstream.execute(async () => answer, options), answer);
    assert.equal(upstream.breakerState, 'open');
  });

  it('retries an idempotent call and never a non-idempotent one', async () => {
    const upstream = policy({ maxAttempts: 3, breakerFailures: 100 });
    let idempotentCalls = 0;
    await assert.rejects(
      upstream.execute(
        async () => {
          idempotentCalls++;
          throw new Error('reset');
        },
        { idempotent: true },
      ),
    );
    assert.equal(idempotentCalls, 3);
    let postCalls = 0;
    await assert.rejects(
      upstream.execute(
        async () => {
          postCalls++;
          throw new Error('reset');
        },
        { idempotent: false },
      ),
    );
    assert.equal(postCalls, 1, 'a POST without an Idempotency-Key is sent once');
  });

  it('given a spent retry budget, then failures are not retried: retries stay within 10 % of requests', async () => {
    const registry = new Registry();
    const upstream = policy({ maxAttempts: 3, breakerFailures: 10_000, minRetriesPerSecond: 0 }, registry);
    let calls = 0;
    const requests = 200;
    for (let i = 0; i < requests; i++) {
      await upstream
        .execute(
          async () => {
            calls++;
            throw new Error('down');
          },
          { idempotent: true },
        )
        .catch(() => {});
    }
    const retries = calls - requests;
    assert.ok(retries <= requests * 0.1, `retries ${retries} ≤ 10 % of ${requests}`);
    assert.ok(retries > 0, 'some retries were allowed');
    const metric = await registry.getSingleMetricAsString('upstream_retries_total');
    assert.match(metric, /decision="budget_exhausted"/);
  });

  it('given a full bulkhead and queue, then the next call is refused at once with bulkhead-full, not counted as a failure', async () => {
    const upstream = policy({ bulkheadLimit: 1, bulkheadQueue: 1, breakerFailures: 1, maxAttempts: 1 });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = upstream.execute(() => gate, { idempotent: false });
    const queued = upstream.execute(() => gate, { idempotent: false });
    const refused = await problemOf(upstream.execute(async () => 'never', { idempotent: true }));
    assert.equal(refused.slug, 'bulkhead-full');
    assert.equal(refused.status, 503);
    assert.deepEqual(upstream.snapshot().bulkhead, { active: 1, limit: 1, queued: 1, queue: 1 });
    release();
    await Promise.all([first, queued]);
    assert.equal(upstream.breakerState, 'closed', 'a local refusal says nothing about the upstream');
  });

  it('given a slow upstream, then the attempt ends at its deadline with 504 and the signal aborts', async () => {
    const upstream = policy({ timeoutMs: 20, maxAttempts: 1 });
    let aborted = false;
    const problem = await problemOf(
      upstream.execute(
        (signal) =>
          new Promise((resolve) => {
            signal.addEventListener('abort', () => {
              aborted = true;
            });
            setTimeout(resolve, 500).unref();
          }),
        { idempotent: false },
      ),
    );
    assert.equal(problem.status, 504);
    assert.equal(problem.slug, 'upstream-timeout');
    assert.equal(aborted, true);
  });

  it('shows its breaker state as a metric', async () => {
    const registry = new Registry();
    const upstream = policy({ breakerFailures: 1, maxAttempts: 1 }, registry);
    await assert.rejects(upstream.execute(failing, { idempotent: false }));
    assert.match(await registry.getSingleMetricAsString('upstream_breaker_state'), /upstream="catalog"} 2/);
  });
});

describe('a retry budget', () => {
  it('allows retries up to its ratio of the requests in the window, and forgets old requests', () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 0, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 50; i++) budget.recordRequest();
    const allowed = Array.from({ length: 10 }, () => budget.tryRetry()).filter(Boolean).length;
    assert.equal(allowed, 5);
    now = 11_000;
    assert.equal(budget.tryRetry(), false, 'the requests left the window');
  });
});

describe('upstream policies from configuration', () => {
  it('takes defaults, overrides for all upstreams, then per upstream', () => {
    const policies = upstreamPolicies(
      { UPSTREAM_POLICIES: '{"default":{"timeoutMs":2000},"catalog":{"breakerFailures":2}}' },
      { maxAttempts: 2 },
    );
    assert.deepEqual(
      { ...policies('catalog') },
      { ...DEFAULT_UPSTREAM_POLICY, maxAttempts: 2, timeoutMs: 2000, breakerFailures: 2 },
    );
    assert.equal(policies('identity').breakerFailures, DEFAULT_UPSTREAM_POLICY.breakerFailures);
  });

  it('refuses a bad value at start, naming the variable and the field', () => {
    assert.throws(
      () => upstreamPolicies({ UPSTREAM_POLICIES: '{"catalog":{"timeoutMs":-1}}' }),
      /UPSTREAM_POLICIES\.catalog\.timeoutMs/,
    );
    assert.throws(
      () => upstreamPolicies({ UPSTREAM_POLICIES: '{"catalog":{"colour":1}}' }),
      /UPSTREAM_POLICIES/,
    );
    assert.throws(() => upstreamPolicies({ UPSTREAM_POLICIES: 'nope' }), /not JSON/);
  });
});
