import type { SagaEngine } from '@bazaar/saga';
import { Gauge, type Registry } from 'prom-client';

/** Sagas by status (RUNNING, COMPENSATING, COMPLETED, COMPENSATED, NEEDS_ATTENTION), read at scrape time. */
export function registerSagaMetrics<Data>(registry: Registry, saga: SagaEngine<Data>): void {
  new Gauge({
    name: 'saga_instances',
    help: 'Sagas by status',
    labelNames: ['saga', 'status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await saga.countByStatus().catch(() => ({}));
      for (const [status, count] of Object.entries(counts))
        this.set({ saga: saga.definition.name, status }, count);
    },
  });
}
