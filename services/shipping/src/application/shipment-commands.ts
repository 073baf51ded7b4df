import { randomInt, randomUUID } from 'node:crypto';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import { afterCommit } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { ShipmentsRepository } from '../db/shipments-repository.js';
import type {
  ShipmentCommand,
  ShipmentDecision,
  ShipmentOutcome,
  ShipmentReply,
  ShippingRules,
} from '../domain/shipment.js';
import { decideBatch } from '../domain/shipment-batch.js';
import { trackingNumber } from '../domain/tracking-number.js';

const REPLY_TYPES: Record<ShipmentReply['kind'], string> = {
  created: FULFILMENT_TYPES.shipmentCreated,
  failed: FULFILMENT_TYPES.shipmentFailed,
  cancelled: FULFILMENT_TYPES.shipmentCancelled,
};

const freshShipment = () => ({ shipmentId: randomUUID(), trackingNumber: trackingNumber(randomInt) });

/**
 * The saga's shipping commands, handled inside the inbox transaction: the shipments' changes and the
 * replies in the outbox commit together with the record that the messages were handled.
 */
export function shipmentCommands(
  repository: ShipmentsRepository,
  messaging: ServiceMessaging,
  rules: ShippingRules,
  onOutcome: (command: ShipmentCommand['kind'], outcome: ShipmentOutcome) => void = () => {},
) {
  return {
    /**
     * Handles a batch of commands with the same results as one at a time in this order, in a constant
     * number of statements: one lock of every order's shipment, one insert of the new ones, one update of
     * the changed ones (and, only when another transaction inserted some of the same orders first, one
     * lock and one update more to decide those again against the winner's rows).
     */
    async handleBatch(tx: postgres.TransactionSql, commands: readonly ShipmentCommand[]): Promise<void> {
      const decisions: ShipmentDecision[] = [];
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
        const decided = decideBatch(recorded, batch, { rules, fresh: freshShipment });
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
        throw new Error(`shipments of orders ${orders.join(', ')} could be neither inserted nor found`);
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
