import {
  decide,
  type Shipment,
  type ShipmentCommand,
  type ShipmentDecision,
  type ShippingRules,
} from './shipment.js';

export interface ShipmentBatchDecision {
  /** One per command, in the batch's order: what it decided and what the saga hears. */
  decisions: ShipmentDecision[];
  /** The shipments of orders that had none before the batch, as the batch leaves them: to insert. */
  inserted: Shipment[];
  /** The recorded shipments the batch changed, as it leaves them: to update. */
  updated: Shipment[];
}

/**
 * Decides a batch of commands exactly as if they came one at a time in this order: each is decided against
 * its order's shipment as the commands before it left it (a create then a cancel of one order cancels that
 * shipment; a cancel first leaves the tombstone that bars the create after it). Only the last state of each
 * order is written, so a batch costs one insert and one update however many commands it holds.
 * `fresh(command)` gives the id and tracking number for a shipment the command may create.
 */
export function decideBatch(
  recorded: ReadonlyMap<string, Shipment>,
  commands: readonly ShipmentCommand[],
  context: {
    rules: ShippingRules;
    fresh: (command: ShipmentCommand) => { shipmentId: string; trackingNumber: string };
  },
): ShipmentBatchDecision {
  const state = new Map(recorded);
  const changed = new Set<string>();
  const decisions = commands.map((command) => {
    const decision = decide(state.get(command.orderId), command, {
      rules: context.rules,
      fresh: context.fresh(command),
    });
    if (decision.next) {
      state.set(command.orderId, decision.next);
      changed.add(command.orderId);
    }
    return decision;
  });
  const inserted: Shipment[] = [];
  const updated: Shipment[] = [];
  for (const orderId of changed) (recorded.has(orderId) ? updated : inserted).push(state.get(orderId)!);
  return { decisions, inserted, updated };
}
