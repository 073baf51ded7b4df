import { CANCELLATION_REASONS } from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import { figuresRepository } from '../db/figures-repository.js';
import { fraudRepository } from '../db/fraud-repository.js';
import { firstMinuteOfReport } from '../domain/event-time.js';

export const TOP_PRODUCTS = 10;
export const LATEST_FRAUD_ALERTS = 50;
const OUTCOMES = ['CONFIRMED', ...CANCELLATION_REASONS] as const;

/** The admin's view: per-minute figures of the last minutes, and the running totals beside them. */
export function analyticsReport(db: Pool) {
  const figures = figuresRepository(db);
  const fraud = fraudRepository(db);

  return async function report(query: { minutes: number }, now = new Date()) {
    const first = firstMinuteOfReport(now, query.minutes);
    const [minutes, revenue, topProducts, outcomes, alerts, seen] = await Promise.all([
      figures.minutesSince(first),
      figures.revenueSince(first),
      figures.topProducts(TOP_PRODUCTS),
      figures.sagaOutcomes(),
      fraud.latest(LATEST_FRAUD_ALERTS),
      figures.eventsSeen(),
    ]);

    const revenueByMinute = new Map<number, { amount: number; currency: string }[]>();
    for (const row of revenue) {
      const key = row.minute.getTime();
      revenueByMinute.set(key, [
        ...(revenueByMinute.get(key) ?? []),
        { amount: row.amount, currency: row.currency },
      ]);
    }
    // Zero for outcomes not seen yet, so a dashboard always gets every key.
    const sagaOutcomes: Record<string, number> = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0]));
    for (const row of outcomes) sagaOutcomes[row.outcome] = row.orders;

    return {
      ordersPerMinute: minutes.map((row) => ({
        minute: row.minute.toISOString(),
        placed: row.placed,
        confirmed: row.confirmed,
        cancelled: row.cancelled,
        revenue: revenueByMinute.get(row.minute.getTime()) ?? [],
      })),
      topProducts,
      sagaOutcomes,
      fraudAlerts: alerts.map((alert) => ({
        userId: alert.userId,
        declinedPayments: alert.declinedPayments,
        windowStart: alert.windowStart.toISOString(),
        windowEnd: alert.windowEnd.toISOString(),
        raisedAt: alert.raisedAt.toISOString(),
      })),
      eventsSeen: Object.fromEntries(seen.map((row) => [row.type, row.seen])),
    };
  };
}

export type AnalyticsReport = ReturnType<typeof analyticsReport>;
