import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, type FraudSuspected, type PaymentDeclined } from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import { fraudRepository } from '../db/fraud-repository.js';
import { alertsAfterDecline, type FraudRule, horizonOf } from '../domain/fraud-rule.js';

/** The declined-payments rule: remembers each decline and raises FraudSuspected through the outbox. */
export function fraudDetection(db: Pool, messaging: ServiceMessaging, rule: FraudRule) {
  const repository = fraudRepository(db);
  return {
    async onPaymentDeclined(tx: postgres.TransactionSql, at: Date, declined: PaymentDeclined): Promise<void> {
      await repository.lockUser(declined.userId, tx);
      const isNew = await repository.recordDecline(
        { orderId: declined.orderId, userId: declined.userId, at },
        tx,
      );
      if (!isNew) return; // the same order's decline announced again: nothing new to judge
      const horizon = horizonOf(at, rule);
      const alerts = alertsAfterDecline({
        rule,
        newDecline: at,
        declines: await repository.declinesBetween(
          declined.userId,
          horizon.declinesFrom,
          horizon.declinesTo,
          tx,
        ),
        raised: await repository.alertsEndingBetween(
          declined.userId,
          horizon.alertsFrom,
          horizon.alertsTo,
          tx,
        ),
      });
      for (const alert of alerts) {
        await repository.store({ ...alert, id: randomUUID(), userId: declined.userId }, tx);
        const data: FraudSuspected = {
          userId: declined.userId,
          declinedPayments: alert.declinedPayments,
          windowStart: alert.windowStart.toISOString(),
          windowEnd: alert.windowEnd.toISOString(),
        };
        await messaging.publish(tx, [{ type: EVENT_TYPES.fraudSuspected, subject: declined.userId, data }]);
      }
    },
  };
}
