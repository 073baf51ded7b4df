import { randomUUID } from 'node:crypto';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import { afterCommit, decideLockedBatch } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { PaymentsRepository } from '../db/payments-repository.js';
import type { PaymentCommand, PaymentOutcome, PaymentReply } from '../domain/payment.js';
import { decideBatch } from '../domain/payment-batch.js';

const REPLY_TYPES: Record<PaymentReply['kind'], string> = {
  captured: FULFILMENT_TYPES.paymentCaptured,
  declined: FULFILMENT_TYPES.paymentDeclined,
  refunded: FULFILMENT_TYPES.paymentRefunded,
};

const freshCharge = () => ({ paymentId: randomUUID() });

/**
 * The saga's payment commands, handled inside the inbox transaction: the payments' changes and the replies
 * in the outbox commit together with the record that the messages were handled.
 */
export function paymentCommands(
  repository: PaymentsRepository,
  messaging: ServiceMessaging,
  onOutcome: (command: PaymentCommand['kind'], outcome: PaymentOutcome) => void = () => {},
) {
  return {
    /**
     * Handles a batch of commands with the same results as one at a time in this order, in a constant
     * number of statements: one lock of every order's payment, one insert of the new ones, one update of
     * the changed ones (and, only when another transaction inserted some of the same orders first, one
     * lock and one update more to decide those again against the winner's rows).
     */
    async handleBatch(tx: postgres.TransactionSql, commands: readonly PaymentCommand[]): Promise<void> {
      const decisions = await decideLockedBatch(commands, {
        keyOf: (command) => command.orderId,
        lock: (orderIds) => repository.lockAll(orderIds, tx),
        decide: (recorded, batch) => decideBatch(recorded, batch, freshCharge),
        insertIfAbsent: (rows) => repository.insertAllIfAbsent(rows, tx),
        update: (rows) => repository.updateAll(rows, tx),
        what: 'payments of orders',
      });

      await messaging.publish(
        tx,
        decisions.flatMap(({ reply }, index) =>
          reply
            ? [{ type: REPLY_TYPES[reply.kind], subject: commands[index]!.orderId, data: reply.data }]
            : [],
        ),
      );
      // Counted once committed: a batch that rolls back is handled again, event by event.
      afterCommit(tx, () => {
        decisions.forEach(({ outcome }, index) => {
          onOutcome(commands[index]!.kind, outcome);
        });
      });
    },
  };
}

export type PaymentCommands = ReturnType<typeof paymentCommands>;
