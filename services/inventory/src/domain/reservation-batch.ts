import {
  type Decision,
  decide,
  type InventoryCommand,
  type Reservation,
  totalsByProduct,
} from './reservation.js';
import type { StockLevel } from './stock-level.js';

/** What is recorded, at the start of a batch, about its orders and the stock it may touch. */
export interface BatchState {
  /** The recorded reservation of each order of the batch that has one. */
  reservations: ReadonlyMap<string, Reservation>;
  /** Stock of the products the batch touches (see `stockNeededForBatch`); a product missing here is unknown. */
  levels: ReadonlyMap<string, StockLevel>;
}

/** One command's part of a batch: its decision and the order's reservation once it is applied. */
export interface BatchStep {
  decision: Decision;
  reservation: Reservation | undefined;
}

/** What a batch of commands amounts to: what to store once, and every command's answer. */
export interface BatchDecision {
  /** One per command, in batch order. */
  steps: BatchStep[];
  /** Reservations that changed, each once with its final state, in order id order. */
  reservations: Reservation[];
  /** Stock rows that changed, each once with its final counts, in product id order. */
  levels: StockLevel[];
}

/**
 * The products whose stock a batch of commands may change, given what is recorded at its start: the rows
 * to lock, in product id order. The same rows, together, that handling the commands one at a time would
 * lock: a reserve locks its lines' products when it finds no reservation (none recorded, and no reserve or
 * release of the order before it in the batch); a release or commit locks the products a recorded held
 * reservation holds. A reservation held within the batch holds products its reserve has locked already.
 */
export function stockNeededForBatch(
  commands: readonly InventoryCommand[],
  recorded: ReadonlyMap<string, Reservation>,
): string[] {
  const products = new Set<string>();
  const reservedInBatch = new Set<string>();
  for (const command of commands) {
    const reservation = recorded.get(command.orderId);
    if (reservation) {
      if (command.type !== 'reserve' && reservation.status === 'HELD' && reservation.lines)
        for (const [productId] of totalsByProduct(reservation.lines)) products.add(productId);
    } else if (!reservedInBatch.has(command.orderId)) {
      if (command.type === 'reserve')
        for (const [productId] of totalsByProduct(command.lines)) products.add(productId);
      // A commit of an order with nothing recorded records nothing; the order is still unknown after it.
      if (command.type !== 'commit') reservedInBatch.add(command.orderId);
    }
  }
  return [...products].sort(byId);
}

/**
 * Decides a batch of commands in order, each against the reservation and stock the commands before it left
 * (the same order or product may come up many times): the same decisions as one command at a time, and
 * the net changes to store. Pure.
 */
export function decideBatch(commands: readonly InventoryCommand[], state: BatchState): BatchDecision {
  const reservations = new Map(state.reservations);
  const levels = new Map(state.levels);
  const changedOrders = new Set<string>();
  const changedProducts = new Set<string>();

  const steps = commands.map((command): BatchStep => {
    const decision = decide(command, { reservation: reservations.get(command.orderId), levels });
    if (decision.reservation) {
      reservations.set(command.orderId, decision.reservation);
      changedOrders.add(command.orderId);
    }
    for (const level of decision.levels) {
      levels.set(level.productId, level);
      changedProducts.add(level.productId);
    }
    return { decision, reservation: reservations.get(command.orderId) };
  });

  return {
    steps,
    reservations: [...changedOrders].sort(byId).map((orderId) => reservations.get(orderId)!),
    levels: [...changedProducts].sort(byId).map((productId) => levels.get(productId)!),
  };
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
