import {
  EVENT_TYPES,
  type OrderCancelled,
  type OrderConfirmed,
  type OrderPlaced,
  type PaymentDeclined,
} from '@bazaar/contracts';
import { type Envelope, PoisonMessageError } from '@bazaar/messaging';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { FiguresRepository } from '../db/figures-repository.js';
import type { FraudRepository } from '../db/fraud-repository.js';
import type { OrderProgressRepository } from '../db/order-progress-repository.js';
import { eventTime, MissingEventTimeError } from '../domain/event-time.js';
import { countByType, foldOrderEvents, type OrderEvent } from '../domain/figures-batch.js';
import type { Decline, FraudRule } from '../domain/fraud-rule.js';
import { fraudDetection } from './fraud-detection.js';

export interface AnalyticsStore {
  figures: FiguresRepository;
  orders: OrderProgressRepository;
  fraud: FraudRepository;
}

/** Ids are UUIDs and the rows' keys: one spelling, so a batch finds the rows it read by id. */
const idOf = (id: string) => id.toLowerCase();

function timeOf(envelope: Envelope): Date {
  try {
    return eventTime(envelope);
  } catch (error) {
    // No retry makes a missing time appear: dead-letter it at once, where an operator sees it. Thrown for
    // the whole batch, the host then handles each event alone and only this one fails.
    if (error instanceof MissingEventTimeError) throw new PoisonMessageError(error.message);
    throw error;
  }
}

function orderEventOf(envelope: Envelope, at: Date): OrderEvent | undefined {
  switch (envelope.type) {
    case EVENT_TYPES.orderPlaced: {
      const placed = envelope.data as OrderPlaced;
      return {
        orderId: idOf(placed.orderId),
        at,
        fact: { kind: 'placed' },
        lines: placed.lines.map((line) => ({ productId: idOf(line.productId), quantity: line.quantity })),
      };
    }
    case EVENT_TYPES.orderConfirmed: {
      const confirmed = envelope.data as OrderConfirmed;
      return { orderId: idOf(confirmed.orderId), at, fact: { kind: 'confirmed' }, revenue: confirmed.total };
    }
    case EVENT_TYPES.orderCancelled: {
      const cancelled = envelope.data as OrderCancelled;
      return { orderId: idOf(cancelled.orderId), at, fact: { kind: 'cancelled', reason: cancelled.reason } };
    }
    default:
      return undefined;
  }
}

/**
 * Turns a batch of events into figures, inside the inbox transaction of its messages: the figures and the
 * record "these message ids were handled" commit together, so a redelivery counts nothing twice. The batch
 * is folded into one increment per row (pure functions of the domain) and written with a fixed number of
 * statements, leaving every table as handling the events one at a time in this order would.
 */
export function recordEvents(store: AnalyticsStore, messaging: ServiceMessaging, rule: FraudRule) {
  const fraud = fraudDetection(store.fraud, messaging, rule);

  async function onOrderEvents(tx: postgres.TransactionSql, events: readonly OrderEvent[]): Promise<void> {
    if (events.length === 0) return;
    const known = await store.orders.lockAll(
      events.map((event) => event.orderId),
      tx,
    );
    const figures = foldOrderEvents(known, events);
    await store.orders.saveAll(figures.progress, tx);
    await store.orders.keepLines(figures.keptLines, tx);
    await store.figures.countUnits(
      { keptLinesOf: figures.countKeptLinesOf, fromBatch: figures.unitsFromBatch },
      tx,
    );
    // The shared counters come last and always in this order: their row locks, which every batch of the
    // group wants, are then held only until the commit that follows, and never taken in a cycle.
    await store.figures.countInMinutes(figures.minutes, tx);
    await store.figures.addRevenue(figures.revenue, tx);
    await store.figures.countOutcomes(figures.outcomes, tx);
  }

  return async function onEvents(envelopes: readonly Envelope[], tx: postgres.TransactionSql): Promise<void> {
    const orderEvents: OrderEvent[] = [];
    const declines: Decline[] = [];
    for (const envelope of envelopes) {
      const at = timeOf(envelope);
      const orderEvent = orderEventOf(envelope, at);
      if (orderEvent) orderEvents.push(orderEvent);
      if (envelope.type === EVENT_TYPES.paymentDeclined) {
        const declined = envelope.data as PaymentDeclined;
        declines.push({ orderId: idOf(declined.orderId), userId: idOf(declined.userId), at });
      }
    }
    await fraud.onPaymentsDeclined(tx, declines);
    await onOrderEvents(tx, orderEvents);
    await store.figures.countEventsSeen(countByType(envelopes.map((envelope) => envelope.type)), tx);
  };
}
