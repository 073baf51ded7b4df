import type { Authenticator, ServiceApp } from '@bazaar/service-host';
import type { AnalyticsReport } from '../application/analytics-report.js';
import { AnalyticsFigures, AnalyticsQuery } from './schemas.js';

export function analyticsRoutes(app: ServiceApp, auth: Authenticator, report: AnalyticsReport): void {
  app.get(
    '/api/admin/analytics',
    {
      schema: {
        operationId: 'getAnalytics',
        summary: 'Orders and revenue per minute, top products, saga outcomes, fraud alerts, events seen',
        description:
          'What the analytics consumers have counted from the event stream: orders and revenue per minute, the best-selling products, saga outcomes by reason, fraud alerts and the events seen per type.',
        security: [{ bearerAuth: [] }],
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsFigures },
      },
      // Who asks comes before what they ask: a customer learns nothing, not even which queries are valid.
      onRequest: async (request) => {
        await auth.admin(request);
      },
    },
    async (request) => report(request.query),
  );
}
