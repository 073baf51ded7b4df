import { randomUUID } from 'node:crypto';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { PaymentsRepository } from '../db/payments-repository.js';
import { decide, type PaymentCommand, type PaymentOutcome, type PaymentReply } from '../domain/payment.js';

const REPLY_TYPES: Record<PaymentReply['kind'], string> = {
  captured: FULFILMENT_TYPES.paymentCaptured,
  declined: FULFILMENT_TYPES.paymentDeclined,
  refunded: FULFILMENT_TYPES.paymentRefunded,
};

/**
 * The saga's payment commands, handled inside the inbox transaction: the payment's change and the reply
 * in the outbox commit together with the record that the message was handled.
 */
export function paymentCommands(
  repository: PaymentsRepository,
  messaging: ServiceMessaging,
  onOutcome: (command: PaymentCommand['kind'], outcome: PaymentOutcome) => void = () => {},
) {
  return {
    async handle(tx: postgres.TransactionSql, command: PaymentCommand): Promise<void> {
      // Two rounds at most: the order's row is locked if it exists; if it does not, two commands for the
      // same order may both try to insert it, and the one that loses decides again against the winner's.
      for (let round = 0; round < 2; round++) {
        const current = await repository.lock(command.orderId, tx);
        const decision = decide(current, command, { paymentId: randomUUID() });
        if (decision.next) {
          if (current) await repository.update(decision.next, tx);
          else if (!(await repository.insertIfAbsent(decision.next, tx))) continue;
        }
        if (decision.reply) {
          await messaging.publish(tx, [
            {
              type: REPLY_TYPES[decision.reply.kind],
              subject: command.orderId,
              data: decision.reply.data,
            },
          ]);
        }
        onOutcome(command.kind, decision.outcome);
        return;
      }
      throw new Error(`payment of order ${command.orderId} could be neither inserted nor found`);
    },
  };
}

export type PaymentCommands = ReturnType<typeof paymentCommands>;
