import { randomInt, randomUUID } from 'node:crypto';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import { afterCommit, decideLockedBatch } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { ShipmentsRepository } from '../db/shipments-repository.js';
import type { ShipmentCommand, ShipmentOutcome, ShipmentReply, ShippingRules } from '../domain/shipment.js';
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
      const decisions = await decideLockedBatch(commands, {
        keyOf: (command) => command.orderId,
        lock: (orderIds) => repository.lockAll(orderIds, tx),
        decide: (recorded, batch) => decideBatch(recorded, batch, { rules, fresh: freshShipment }),
        insertIfAbsent: (rows) => repository.insertAllIfAbsent(rows, tx),
        update: (rows) => repository.updateAll(rows, tx),
        what: 'shipments of orders',
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
