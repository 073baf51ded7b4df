import { Counter, Gauge, type Registry } from 'prom-client';

export interface ResilienceMetrics {
  breakerState: Gauge<'upstream'>;
  calls: Counter<'upstream' | 'outcome'>;
  retries: Counter<'upstream' | 'decision'>;
}

/** The policies' state as Prometheus metrics in `registry`. */
export function resilienceMetrics(registry: Registry): ResilienceMetrics {
  return {
    breakerState: new Gauge({
      name: 'upstream_breaker_state',
      help: 'Circuit breaker per upstream: 0 closed, 1 half-open, 2 open',
      labelNames: ['upstream'],
      registers: [registry],
    }),
    calls: new Counter({
      name: 'upstream_calls_total',
      help: 'Calls to upstreams by outcome: success, failure, timeout, circuit_open, bulkhead_full',
      labelNames: ['upstream', 'outcome'],
      registers: [registry],
    }),
    retries: new Counter({
      name: 'upstream_retries_total',
      help: 'Retry decisions per upstream: retried, or refused because the retry budget was spent',
      labelNames: ['upstream', 'decision'],
      registers: [registry],
    }),
  };
}
