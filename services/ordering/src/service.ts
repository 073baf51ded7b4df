import { fileURLToPath } from 'node:url';
import { loadConfig } from '@bazaar/config';
import { EVENTS, SUBSCRIPTIONS } from '@bazaar/contracts';
import {
  aggregateRepository,
  createEventStore,
  createProjectionRunner,
  installEventStore,
  listenForAppends,
} from '@bazaar/event-store';
import { endpointsFor } from '@bazaar/load-balancer';
import { PoisonMessageError } from '@bazaar/messaging';
import { UpstreamPolicies, upstreamPolicies } from '@bazaar/resilience';
import { installSagas, sagaEngine } from '@bazaar/saga';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { Gauge } from 'prom-client';
import { crashDuring } from './application/crash-injection.js';
import { fulfilmentSaga } from './application/fulfilment.js';
import { fulfilmentStarter } from './application/fulfilment-starter.js';
import { ORDER_STREAM_PREFIX, orderSummaries } from './application/order-summaries.js';
import { orders } from './application/orders.js';
import { catalogPriceList } from './clients/catalog-client.js';
import { OrderingConfig } from './config.js';
import { orderDecider } from './domain/order.js';
import { orderingRoutes } from './http/routes.js';
import { sagaAdminRoutes } from './http/saga-admin-routes.js';
import { registerSagaMetrics } from './saga-metrics.js';

export const orderingService = defineService({
  name: 'ordering',
  description: 'Orders as event streams (CQRS with event sourcing) and their read models.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 64 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  async start(context) {
    const config = loadConfig(OrderingConfig, context.env);
    const db = requireDb(context);
    await installEventStore(db);
    const store = createEventStore(db);
    const repository = aggregateRepository(store, orderDecider, {
      streamPrefix: ORDER_STREAM_PREFIX,
      snapshotEvery: config.ORDER_SNAPSHOT_EVERY,
    });
    // CATALOG_TIMEOUT_MS stays the catalog's deadline unless UPSTREAM_POLICIES says otherwise.
    const policies = new UpstreamPolicies(
      upstreamPolicies(context.env, { timeoutMs: config.CATALOG_TIMEOUT_MS }),
      context.metrics,
    );
    const priceList = catalogPriceList(endpointsFor('catalog', config.CATALOG_URL, context.env), {
      policy: policies.for('catalog'),
      metrics: context.metrics,
    });
    const wakeup = await listenForAppends(db);
    const projections = createProjectionRunner(store, [orderSummaries], {
      wakeup,
      onError: (projection, error) =>
        context.log.error({ err: error, projection }, 'projection failed; retrying'),
    });
    await projections.start();

    const lagEvents = new Gauge({
      name: 'projection_lag_events',
      help: 'Events in the store not yet applied to the read model',
      labelNames: ['projection', 'generation'] as const,
      registers: [context.metrics],
      async collect() {
        for (const status of await projections.statuses()) {
          lagEvents.set({ projection: status.name, generation: 'active' }, status.lagEvents);
          if (status.rebuild)
            lagEvents.set({ projection: status.name, generation: 'rebuild' }, status.rebuild.lagEvents);
        }
      },
    });
    const lagSeconds = new Gauge({
      name: 'projection_lag_seconds',
      help: 'Age of the oldest event not yet applied to the read model',
      labelNames: ['projection'] as const,
      registers: [context.metrics],
      async collect() {
        for (const status of await projections.statuses())
          lagSeconds.set({ projection: status.name }, status.lagSeconds);
      },
    });

    await installSagas(db);
    const messaging = requireMessaging(context);
    const saga = sagaEngine({
      db,
      definition: crashDuring(
        fulfilmentSaga({
          repository,
          messaging,
          timeouts: {
            inventoryMs: config.INVENTORY_TIMEOUT_MS,
            paymentMs: config.PAYMENT_TIMEOUT_MS,
            shippingMs: config.SHIPPING_TIMEOUT_MS,
            compensationMs: config.SAGA_COMPENSATION_TIMEOUT_MS,
            compensationAttempts: config.SAGA_COMPENSATION_ATTEMPTS,
          },
        }),
        config.SAGA_CRASH_AT,
      ),
      send: (tx, sagaId, command) => messaging.publish(tx, [{ ...command, subject: sagaId }]),
      onError: (error) => context.log.error({ err: error }, 'saga deadlines: failed; retrying'),
    });
    messaging.subscribe({
      name: 'saga-replies',
      types: saga.replyTypes,
      concurrency: 2,
      // A reply may race the saga's timer for the order's stream; the loser retries (see
      // TransactionOrderConflictError), so this consumer allows more, quicker attempts.
      retry: { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5_000 },
      // The replies waiting together advance their sagas together: one lock of all the sagas, one load and
      // one append for all their orders, one write of all the sagas' states and history.
      async handleBatch(events, tx) {
        for (const event of events)
          if (!event.subject)
            throw new PoisonMessageError(`${event.type} ${event.id} names no order (subject)`);
        const results = await saga.replies(
          tx,
          events.map((event) => ({
            sagaId: event.subject!,
            type: event.type,
            data: event.data,
            ...(event.traceparent ? { traceparent: event.traceparent } : {}),
          })),
        );
        results.forEach((result, index) => {
          if (!result.applied)
            context.log.debug(
              { orderId: events[index]!.subject, type: events[index]!.type },
              'reply ignored',
            );
        });
      },
    });
    const timers = saga.startTimers(config.SAGA_TIMER_POLL_MS);
    registerSagaMetrics(context.metrics, saga);

    const useCases = orders({
      db,
      store,
      repository,
      priceList,
      fulfilment: fulfilmentStarter(saga, messaging),
    });
    return {
      routes: (app, auth) => {
        orderingRoutes(app, auth, useCases, projections);
        sagaAdminRoutes(app, auth, saga);
      },
      async stop() {
        await timers.stop();
        await projections.stop();
        await wakeup.close();
        await priceList.close();
      },
    };
  },
});
