import { randomUUID } from 'node:crypto';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import { afterCommit } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { PaymentsRepository } from '../db/payments-repository.js';
import type { PaymentCommand, PaymentDecision, PaymentOutcome, PaymentReply } from '../domain/payment.js';
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
      const decisions: PaymentDecision[] = [];
      // Two rounds at most: the orders' rows are locked where they exist; where one does not, a concurrent
      // transaction may insert it first, and that order's commands are decided again against its row (the
      // insert waited for that transaction's commit, so the row is there to lock). Only this second lock
      // comes after an insert; should it ever close a cycle with another batch, PostgreSQL breaks it and the
      // host handles each event of the batch alone.
      let pending = commands.map((_, index) => index);
      for (let round = 0; round < 2 && pending.length > 0; round++) {
        const batch = pending.map((index) => commands[index]!);
        const recorded = await repository.lockAll(
          batch.map((command) => command.orderId),
          tx,
        );
        const decided = decideBatch(recorded, batch, freshCharge);
        const lost = await repository.insertAllIfAbsent(decided.inserted, tx);
        await repository.updateAll(decided.updated, tx);
        const again: number[] = [];
        pending.forEach((index, position) => {
          if (lost.has(commands[index]!.orderId)) again.push(index);
          else decisions[index] = decided.decisions[position]!;
        });
        pending = again;
      }
      if (pending.length > 0) {
        const orders = [...new Set(pending.map((index) => commands[index]!.orderId))];
        throw new Error(`payments of orders ${orders.join(', ')} could be neither inserted nor found`);
      }

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
