import { decide, type Payment, type PaymentCommand, type PaymentDecision } from './payment.js';

export interface PaymentBatchDecision {
  /** One per command, in the batch's order: what it decided and what the saga hears. */
  decisions: PaymentDecision[];
  /** The payments of orders that had none before the batch, as the batch leaves them: to insert. */
  inserted: Payment[];
  /** The recorded payments the batch changed, as it leaves them: to update. */
  updated: Payment[];
}

/**
 * Decides a batch of commands exactly as if they came one at a time in this order: each is decided against
 * its order's payment as the commands before it left it (a capture then a refund of one order refunds that
 * capture; a refund first leaves the tombstone that bars the capture after it). Only the last state of each
 * order is written, so a batch costs one insert and one update however many commands it holds.
 * `fresh(command)` gives the provider's id for a charge the command may make.
 */
export function decideBatch(
  recorded: ReadonlyMap<string, Payment>,
  commands: readonly PaymentCommand[],
  fresh: (command: PaymentCommand) => { paymentId: string },
): PaymentBatchDecision {
  const state = new Map(recorded);
  const changed = new Set<string>();
  const decisions = commands.map((command) => {
    const decision = decide(state.get(command.orderId), command, fresh(command));
    if (decision.next) {
      state.set(command.orderId, decision.next);
      changed.add(command.orderId);
    }
    return decision;
  });
  const inserted: Payment[] = [];
  const updated: Payment[] = [];
  for (const orderId of changed) (recorded.has(orderId) ? updated : inserted).push(state.get(orderId)!);
  return { decisions, inserted, updated };
}
