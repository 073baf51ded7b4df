import { FULFILMENT_TYPES, type ReserveStock } from '@bazaar/contracts';
import type { Envelope } from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import { reservationsRepository } from '../db/reservations-repository.js';
import { stockRepository } from '../db/stock-repository.js';
import { canonicalId } from '../domain/ids.js';
import { decide, type InventoryCommand, stockNeededFor } from '../domain/reservation.js';
import type { Log } from './log.js';

/** The saga's command types this service answers. */
export const COMMAND_TYPES = [
  FULFILMENT_TYPES.reserveStock,
  FULFILMENT_TYPES.releaseStock,
  FULFILMENT_TYPES.commitStock,
] as const;

/** Reads a command from an envelope the host has validated against the contract. */
export function toCommand(envelope: Envelope): InventoryCommand {
  const orderId = canonicalId((envelope.data as { orderId: string }).orderId);
  switch (envelope.type) {
    case FULFILMENT_TYPES.reserveStock: {
      const { lines } = envelope.data as ReserveStock;
      return {
        type: 'reserve',
        orderId,
        lines: lines.map((line) => ({ productId: canonicalId(line.productId), quantity: line.quantity })),
      };
    }
    case FULFILMENT_TYPES.releaseStock:
      return { type: 'release', orderId };
    case FULFILMENT_TYPES.commitStock:
      return { type: 'commit', orderId };
    default:
      throw new Error(`inventory does not handle ${envelope.type}`);
  }
}

/**
 * The saga's first step and its compensation. Each command runs in the inbox transaction of its message,
 * so a redelivered message does nothing; a repeated command (the saga's retry, with a new message id) finds
 * the order's reservation and gets the answer it got the first time.
 */
export function reservations(db: Pool, messaging: ServiceMessaging, log: Log) {
  const orders = reservationsRepository(db);
  const stock = stockRepository(db);

  return {
    async handle(tx: postgres.TransactionSql, command: InventoryCommand, messageId: string): Promise<void> {
      // Lock order: the order first, then its products in product id order. Every path takes them so.
      await orders.lockOrder(command.orderId, tx);
      const reservation = await orders.find(command.orderId, tx);
      const levels = await stock.lock(stockNeededFor(command, reservation), tx);
      const decision = decide(command, { reservation, levels });

      if (decision.reservation) await orders.save(decision.reservation, tx);
      await stock.update(decision.levels, tx);
      if (decision.reply)
        await messaging.publish(tx, [
          { type: decision.reply.type, subject: command.orderId, data: decision.reply.data },
        ]);

      const details = {
        orderId: command.orderId,
        command: command.type,
        outcome: decision.outcome,
        status: decision.reservation?.status ?? reservation?.status ?? null,
        messageId,
      };
      if (decision.note) log.warn({ ...details, note: decision.note }, `${command.type}: ${decision.note}`);
      else log.debug(details, `${command.type}: ${decision.outcome}`);
    },
  };
}

export type Reservations = ReturnType<typeof reservations>;
