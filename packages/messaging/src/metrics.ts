import { Counter, type Registry } from 'prom-client';

/** The counters every transport and the relay keep, labelled so a dashboard can follow one group or topic. */
export function messagingMetrics(registry: Registry) {
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] });
  return {
    published: counter('messaging_published_total', 'Messages accepted by the transport', [
      'transport',
      'topic',
    ]),
    delivered: counter('messaging_delivered_total', 'Deliveries to a consumer (first tries and retries)', [
      'transport',
      'group',
    ]),
    handled: counter('messaging_handled_total', 'Deliveries handled successfully', ['transport', 'group']),
    retried: counter('messaging_retried_total', 'Failed deliveries scheduled for another attempt', [
      'transport',
      'group',
    ]),
    deadLettered: counter('messaging_dead_lettered_total', 'Messages moved to the dead letters', [
      'transport',
      'group',
    ]),
  };
}

export type MessagingMetrics = ReturnType<typeof messagingMetrics>;
