import {
  FULFILMENT_TYPES,
  type StockCommitted,
  type StockReleased,
  type StockReservationFailed,
  type StockReserved,
} from '@bazaar/contracts';
import { hold, type StockLevel, sell, unhold } from './stock-level.js';

export type ReservationStatus = 'HELD' | 'RELEASED' | 'COMMITTED' | 'FAILED';
export type FailureReason = StockReservationFailed['reason'];

export interface StockLine {
  productId: string;
  quantity: number;
}

/** What inventory remembers about one order; exactly one per order, whatever the saga sends twice. */
export interface Reservation {
  orderId: string;
  status: ReservationStatus;
  /**
   * The lines the reserve command asked for. Null for a tombstone: the order was released before any
   * reserve arrived, and the row is there so that a late reserve holds nothing.
   */
  lines: StockLine[] | null;
  /** Why the reservation failed; kept when a FAILED reservation is later RELEASED. */
  failure: { reason: FailureReason; productIds: string[] } | null;
}

/** The saga's commands to inventory, as the domain sees them. */
export type InventoryCommand =
  | { type: 'reserve'; orderId: string; lines: StockLine[] }
  | { type: 'release'; orderId: string }
  | { type: 'commit'; orderId: string };

export type InventoryReply =
  | { type: typeof FULFILMENT_TYPES.stockReserved; data: StockReserved }
  | { type: typeof FULFILMENT_TYPES.stockReservationFailed; data: StockReservationFailed }
  | { type: typeof FULFILMENT_TYPES.stockReleased; data: StockReleased }
  | { type: typeof FULFILMENT_TYPES.stockCommitted; data: StockCommitted };

/** What handling a command amounts to; the application stores it and publishes the reply. */
export interface Decision {
  /** A short name for logs: held, failed, released, tombstoned, committed, replayed or ignored. */
  outcome: 'held' | 'failed' | 'released' | 'tombstoned' | 'committed' | 'replayed' | 'ignored';
  /** The reservation to store; absent when it stays as it was. */
  reservation?: Reservation;
  /** Stock rows that change, with their new counts, in product id order. */
  levels: StockLevel[];
  /** The answer to the saga; absent when the command is refused without one. */
  reply?: InventoryReply;
  /** Why a command was refused (logged: it means the saga and inventory disagree about the order). */
  note?: string;
}

export interface InventoryState {
  reservation: Reservation | undefined;
  /** Stock of the products the command touches (see `stockNeededFor`); a product missing here is unknown. */
  levels: ReadonlyMap<string, StockLevel>;
}

/**
 * Quantity per product, in product id order: a command may name a product on several lines, and rows are
 * always locked and changed in one order so that concurrent reservations never deadlock.
 */
export function totalsByProduct(lines: readonly StockLine[]): [productId: string, quantity: number][] {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.productId, (totals.get(line.productId) ?? 0) + line.quantity);
  return [...totals].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The products whose stock a command will change, given what is recorded: the rows to lock first. */
export function stockNeededFor(command: InventoryCommand, reservation: Reservation | undefined): string[] {
  if (command.type === 'reserve') return reservation ? [] : productIdsOf(command.lines);
  return reservation?.status === 'HELD' && reservation.lines ? productIdsOf(reservation.lines) : [];
}

/** Whether a RELEASED reservation had held stock that its release gave back (rather than a tombstone). */
export function releasedHeldStock(reservation: Reservation): boolean {
  return reservation.status === 'RELEASED' && reservation.lines !== null && reservation.failure === null;
}

/** Decides one command against the order's reservation and the stock it touches. Pure. */
export function decide(command: InventoryCommand, state: InventoryState): Decision {
  switch (command.type) {
    case 'reserve':
      return decideReserve(command, state);
    case 'release':
      return decideRelease(command.orderId, state);
    case 'commit':
      return decideCommit(command.orderId, state);
  }
}

function decideReserve(
  command: Extract<InventoryCommand, { type: 'reserve' }>,
  state: InventoryState,
): Decision {
  const { orderId, lines } = command;
  const recorded = state.reservation;
  if (recorded) {
    if (recorded.status === 'RELEASED')
      return ignored('the order was released before this reserve arrived; nothing is held');
    const replay = replayed(reserveOutcome(recorded));
    return sameLines(lines, recorded.lines ?? [])
      ? replay
      : { ...replay, note: 'a repeated reserve asks for other lines than recorded; answered as recorded' };
  }

  const totals = totalsByProduct(lines);
  const unknown = totals.filter(([productId]) => !state.levels.has(productId)).map(([id]) => id);
  if (unknown.length > 0) return failed(orderId, lines, 'UNKNOWN_PRODUCT', unknown);
  const short = totals
    .filter(([productId, quantity]) => state.levels.get(productId)!.available < quantity)
    .map(([id]) => id);
  if (short.length > 0) return failed(orderId, lines, 'OUT_OF_STOCK', short);

  const reservation: Reservation = { orderId, status: 'HELD', lines, failure: null };
  return {
    outcome: 'held',
    reservation,
    levels: totals.map(([productId, quantity]) => hold(state.levels.get(productId)!, quantity)),
    reply: reserveOutcome(reservation),
  };
}

function decideRelease(orderId: string, state: InventoryState): Decision {
  const recorded = state.reservation;
  if (!recorded) {
    const tombstone: Reservation = { orderId, status: 'RELEASED', lines: null, failure: null };
    return { outcome: 'tombstoned', reservation: tombstone, levels: [], reply: released(orderId, false) };
  }
  switch (recorded.status) {
    case 'HELD':
      return {
        outcome: 'released',
        reservation: { ...recorded, status: 'RELEASED' },
        levels: moveHeldStock(recorded, state, unhold),
        reply: released(orderId, true),
      };
    case 'FAILED':
      return {
        outcome: 'tombstoned',
        reservation: { ...recorded, status: 'RELEASED' },
        levels: [],
        reply: released(orderId, false),
      };
    case 'RELEASED':
      return replayed(released(orderId, releasedHeldStock(recorded)));
    case 'COMMITTED':
      return ignored("the order's stock is sold (committed); a confirmed order's stock is not released");
  }
}

function decideCommit(orderId: string, state: InventoryState): Decision {
  const recorded = state.reservation;
  if (!recorded) return ignored('no reservation exists for the order; nothing to commit');
  switch (recorded.status) {
    case 'HELD':
      return {
        outcome: 'committed',
        reservation: { ...recorded, status: 'COMMITTED' },
        levels: moveHeldStock(recorded, state, sell),
        reply: committed(orderId),
      };
    case 'COMMITTED':
      return replayed(committed(orderId));
    case 'FAILED':
      return ignored('the reservation failed; nothing is held to commit');
    case 'RELEASED':
      return ignored('the reservation was released; nothing is held to commit');
  }
}

/** The answer a reserve got when the reservation was recorded; a repeated reserve gets it again. */
function reserveOutcome(reservation: Reservation): InventoryReply {
  const { orderId, lines, failure } = reservation;
  if (failure)
    return {
      type: FULFILMENT_TYPES.stockReservationFailed,
      data: { orderId, reason: failure.reason, productIds: failure.productIds },
    };
  return { type: FULFILMENT_TYPES.stockReserved, data: { orderId, lines: lines ?? [] } };
}

function moveHeldStock(
  reservation: Reservation,
  state: InventoryState,
  move: (level: StockLevel, quantity: number) => StockLevel,
): StockLevel[] {
  return totalsByProduct(reservation.lines ?? []).map(([productId, quantity]) => {
    const level = state.levels.get(productId);
    // A held reservation's units are in their products' `reserved` counts; a missing row is a bug.
    if (!level) throw new Error(`order ${reservation.orderId} holds ${productId}, which has no stock row`);
    return move(level, quantity);
  });
}

function failed(orderId: string, lines: StockLine[], reason: FailureReason, productIds: string[]): Decision {
  const reservation: Reservation = { orderId, status: 'FAILED', lines, failure: { reason, productIds } };
  return { outcome: 'failed', reservation, levels: [], reply: reserveOutcome(reservation) };
}

const sameLines = (a: readonly StockLine[], b: readonly StockLine[]) =>
  JSON.stringify(totalsByProduct(a)) === JSON.stringify(totalsByProduct(b));
const productIdsOf = (lines: readonly StockLine[]) => totalsByProduct(lines).map(([productId]) => productId);
const replayed = (reply: InventoryReply): Decision => ({ outcome: 'replayed', levels: [], reply });
const ignored = (note: string): Decision => ({ outcome: 'ignored', levels: [], note });
const released = (orderId: string, heldStock: boolean): InventoryReply => ({
  type: FULFILMENT_TYPES.stockReleased,
  data: { orderId, released: heldStock },
});
const committed = (orderId: string): InventoryReply => ({
  type: FULFILMENT_TYPES.stockCommitted,
  data: { orderId },
});
