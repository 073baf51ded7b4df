import { randomInt, randomUUID } from 'node:crypto';
import { FULFILMENT_TYPES } from '@bazaar/contracts';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { ShipmentsRepository } from '../db/shipments-repository.js';
import {
  decide,
  type ShipmentCommand,
  type ShipmentOutcome,
  type ShipmentReply,
  type ShippingRules,
} from '../domain/shipment.js';
import { trackingNumber } from '../domain/tracking-number.js';

const REPLY_TYPES: Record<ShipmentReply['kind'], string> = {
  created: FULFILMENT_TYPES.shipmentCreated,
  failed: FULFILMENT_TYPES.shipmentFailed,
  cancelled: FULFILMENT_TYPES.shipmentCancelled,
};

/**
 * The saga's shipping commands, handled inside the inbox transaction: the shipment's change and the reply
 * in the outbox commit together with the record that the message was handled.
 */
export function shipmentCommands(
  repository: ShipmentsRepository,
  messaging: ServiceMessaging,
  rules: ShippingRules,
  onOutcome: (command: ShipmentCommand['kind'], outcome: ShipmentOutcome) => void = () => {},
) {
  return {
    async handle(tx: postgres.TransactionSql, command: ShipmentCommand): Promise<void> {
      // Two rounds at most: the order's row is locked if it exists; if it does not, two commands for the
      // same order may both try to insert it, and the one that loses decides again against the winner's.
      for (let round = 0; round < 2; round++) {
        const current = await repository.lock(command.orderId, tx);
        const fresh = { shipmentId: randomUUID(), trackingNumber: trackingNumber(randomInt) };
        const decision = decide(current, command, { rules, fresh });
        if (decision.next) {
          if (current) await repository.update(decision.next, tx);
          else if (!(await repository.insertIfAbsent(decision.next, tx))) continue;
        }
        if (decision.reply) {
          await messaging.publish(tx, [
            { type: REPLY_TYPES[decision.reply.kind], subject: command.orderId, data: decision.reply.data },
          ]);
        }
        onOutcome(command.kind, decision.outcome);
        return;
      }
      throw new Error(`shipment of order ${command.orderId} could be neither inserted nor found`);
    },
  };
}
