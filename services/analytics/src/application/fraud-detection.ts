import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type FraudSuspected } from '@bazaar/contracts';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { FraudRepository } from '../db/fraud-repository.js';
import {
  alertsAfterDeclines,
  type Decline,
  type FraudRule,
  firstDeclinePerOrder,
  horizonsOfUsers,
} from '../domain/fraud-rule.js';

/** The declined-payments rule: remembers each decline and raises FraudSuspected through the outbox. */
export function fraudDetection(repository: FraudRepository, messaging: ServiceMessaging, rule: FraudRule) {
  return {
    /** Judges a batch's declines in their order, in three statements (four with alerts) whatever their number. */
    async onPaymentsDeclined(tx: postgres.TransactionSql, declines: readonly Decline[]): Promise<void> {
      if (declines.length === 0) return;
      const candidates = firstDeclinePerOrder(declines);
      await repository.lockUsers(
        candidates.map((decline) => decline.userId),
        tx,
      );
      const { recorded, known } = await repository.recordDeclines(
        candidates,
        horizonsOfUsers(candidates, rule),
        tx,
      );
      // The same order's decline announced again is nothing new to judge.
      const fresh = candidates.filter((decline) => recorded.has(decline.orderId));
      const alerts = alertsAfterDeclines({ rule, known, declines: fresh }).map((alert) => ({
        ...alert,
        id: randomUUID(),
      }));
      if (alerts.length === 0) return;
      await repository.storeAlerts(alerts, tx);
      await messaging.publish(
        tx,
        alerts.map((alert) => {
          const data: FraudSuspected = {
            userId: alert.userId,
            declinedPayments: alert.declinedPayments,
            windowStart: alert.windowStart.toISOString(),
            windowEnd: alert.windowEnd.toISOString(),
          };
          return { type: EVENT_TYPES.fraudSuspected, subject: alert.userId, data };
        }),
      );
    },
  };
}
