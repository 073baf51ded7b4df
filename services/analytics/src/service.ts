import { fileURLToPath } from 'node:url';
import { loadConfig } from '@bazaar/config';
import { EVENTS, SUBSCRIPTIONS } from '@bazaar/contracts';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { analyticsReport } from './application/analytics-report.js';
import { recordEvents } from './application/record-events.js';
import { AnalyticsConfig } from './config.js';
import { figuresRepository } from './db/figures-repository.js';
import { fraudRepository } from './db/fraud-repository.js';
import { orderProgressRepository } from './db/order-progress-repository.js';
import { analyticsRoutes } from './http/routes.js';

const ALL_EVENTS_GROUP = 'analytics.all-events';

/** Every event type on the topics the system's wiring gives this group: new types there are counted too. */
function typesOfAllEventsGroup(): string[] {
  const subscription = SUBSCRIPTIONS.find((entry) => entry.group === ALL_EVENTS_GROUP);
  if (!subscription) throw new Error(`${ALL_EVENTS_GROUP} is missing from the contracts' subscriptions`);
  return EVENTS.definitions
    .filter((definition) => subscription.topics.includes(definition.topic))
    .map((definition) => definition.type);
}

export const analyticsService = defineService({
  name: 'analytics',
  description:
    'Figures of everything that happens, from every event: windows by event time, top products, saga outcomes and a fraud rule.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 4 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  start(context) {
    const config = loadConfig(AnalyticsConfig, context.env);
    const db = requireDb(context);
    const messaging = requireMessaging(context);
    const onEvents = recordEvents(
      { figures: figuresRepository(db), orders: orderProgressRepository(), fraud: fraudRepository(db) },
      messaging,
      {
        declines: config.ANALYTICS_FRAUD_DECLINES,
        windowMs: config.ANALYTICS_FRAUD_WINDOW_MINUTES * 60_000,
      },
    );
    messaging.subscribe({
      name: 'all-events',
      types: typesOfAllEventsGroup(),
      // One batch at a time per instance: every batch adds to the same shared counter rows.
      concurrency: 1,
      handleBatch: onEvents,
    });
    const report = analyticsReport(db);
    return { routes: (app, auth) => analyticsRoutes(app, auth, report) };
  },
});
