import { FULFILMENT_TYPES, type ReserveStock } from '@bazaar/contracts';
import type { Envelope } from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import { reservationsRepository } from '../db/reservations-repository.js';
import { stockRepository } from '../db/stock-repository.js';
import { canonicalId } from '../domain/ids.js';
import type { InventoryCommand } from '../domain/reservation.js';
import { decideBatch, stockNeededForBatch } from '../domain/reservation-batch.js';
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

/** A command as it arrived: the id of its message is logged with what became of it. */
export interface ReceivedCommand {
  command: InventoryCommand;
  messageId: string;
}

/**
 * The saga's first step and its compensation. A batch of commands runs in the inbox transaction of its
 * messages, so a redelivered message does nothing; a repeated command (the saga's retry, with a new message
 * id) finds the order's reservation and gets the answer it got the first time.
 *
 * The whole batch takes a fixed number of statements, however many commands it holds: lock its orders,
 * read their reservations, lock the stock rows it may change, then (after deciding every command in order,
 * in memory) write the changed reservations, the changed stock rows and the replies, each in one statement.
 */
export function reservations(db: Pool, messaging: ServiceMessaging, log: Log) {
  const orders = reservationsRepository(db);
  const stock = stockRepository(db);

  return {
    async handleBatch(tx: postgres.TransactionSql, received: readonly ReceivedCommand[]): Promise<void> {
      const commands = received.map(({ command }) => command);
      const orderIds = [...new Set(commands.map((command) => command.orderId))];
      // Lock order: the orders first, then their products in product id order. Every path takes them so.
      await orders.lockOrders(orderIds, tx);
      const recorded = await orders.findMany(orderIds, tx);
      const levels = await stock.lock(stockNeededForBatch(commands, recorded), tx);
      const batch = decideBatch(commands, { reservations: recorded, levels });

      await orders.save(batch.reservations, tx);
      await stock.update(batch.levels, tx);
      await messaging.publish(
        tx,
        batch.steps.flatMap(({ decision }, index) =>
          decision.reply
            ? [{ type: decision.reply.type, subject: commands[index]!.orderId, data: decision.reply.data }]
            : [],
        ),
      );

      batch.steps.forEach(({ decision, reservation }, index) => {
        const { command, messageId } = received[index]!;
        const details = {
          orderId: command.orderId,
          command: command.type,
          outcome: decision.outcome,
          status: reservation?.status ?? null,
          messageId,
        };
        if (decision.note) log.warn({ ...details, note: decision.note }, `${command.type}: ${decision.note}`);
        else log.debug(details, `${command.type}: ${decision.outcome}`);
      });
    },
  };
}

export type Reservations = ReturnType<typeof reservations>;
