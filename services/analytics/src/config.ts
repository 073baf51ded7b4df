import { type Static, Type } from '@sinclair/typebox';

export const AnalyticsConfig = Type.Object({
  ANALYTICS_FRAUD_DECLINES: Type.Integer({
    minimum: 2,
    maximum: 100,
    default: 3,
    description: 'declined payments of one user within the window that raise a fraud suspicion',
  }),
  ANALYTICS_FRAUD_WINDOW_MINUTES: Type.Integer({
    minimum: 1,
    maximum: 1440,
    default: 10,
    description: 'length of the sliding event-time window of the fraud rule',
  }),
});
export type AnalyticsConfig = Static<typeof AnalyticsConfig>;
