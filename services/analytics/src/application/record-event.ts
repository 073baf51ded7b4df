import {
  EVENT_TYPES,
  type OrderCancelled,
  type OrderConfirmed,
  type OrderPlaced,
  type PaymentDeclined,
} from '@bazaar/contracts';
import { type Envelope, PoisonMessageError } from '@bazaar/messaging';
import type { Pool } from '@bazaar/postgres';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import { figuresRepository } from '../db/figures-repository.js';
import { orderProgressRepository } from '../db/order-progress-repository.js';
import { eventTime, MissingEventTimeError, minuteOf } from '../domain/event-time.js';
import type { FraudRule } from '../domain/fraud-rule.js';
import { decideOrder, type OrderFact } from '../domain/order-progress.js';
import { fraudDetection } from './fraud-detection.js';

/**
 * Turns every event into figures, inside the inbox transaction of its message: the figures and the record
 * "this message id was handled" commit together, so a redelivery counts nothing twice.
 */
export function recordEvent(db: Pool, messaging: ServiceMessaging, rule: FraudRule) {
  const figures = figuresRepository(db);
  const fraud = fraudDetection(db, messaging, rule);

  async function onOrderFact(
    tx: postgres.TransactionSql,
    at: Date,
    order: { orderId: string },
    fact: OrderFact,
    extra: { lines?: OrderPlaced['lines']; revenue?: OrderConfirmed['total'] } = {},
  ): Promise<void> {
    const progress = await orderProgressRepository.lock(order.orderId, tx);
    const decision = decideOrder(progress, fact);
    await orderProgressRepository.save(order.orderId, decision.next, tx);
    if (decision.keepLines && extra.lines)
      await orderProgressRepository.keepLines(order.orderId, extra.lines, tx);
    if (decision.countUnits) await figures.countUnitsOfOrder(order.orderId, tx);
    // The shared counters come last and always in this order: their row locks, which every handler of the
    // group wants, are then held only until the commit that follows, and never taken in a cycle.
    if (decision.firstTime) {
      const minute = minuteOf(at);
      await figures.countInMinute(minute, fact.kind, tx);
      if (extra.revenue) await figures.addRevenue(minute, extra.revenue, tx);
    }
    if (decision.outcome) await figures.countOutcome(decision.outcome, tx);
  }

  async function applyToFigures(envelope: Envelope, at: Date, tx: postgres.TransactionSql): Promise<void> {
    switch (envelope.type) {
      case EVENT_TYPES.orderPlaced: {
        const placed = envelope.data as OrderPlaced;
        return onOrderFact(tx, at, placed, { kind: 'placed' }, { lines: placed.lines });
      }
      case EVENT_TYPES.orderConfirmed: {
        const confirmed = envelope.data as OrderConfirmed;
        return onOrderFact(tx, at, confirmed, { kind: 'confirmed' }, { revenue: confirmed.total });
      }
      case EVENT_TYPES.orderCancelled: {
        const cancelled = envelope.data as OrderCancelled;
        return onOrderFact(tx, at, cancelled, { kind: 'cancelled', reason: cancelled.reason });
      }
      case EVENT_TYPES.paymentDeclined:
        return fraud.onPaymentDeclined(tx, at, envelope.data as PaymentDeclined);
    }
  }

  return async function onEvent(envelope: Envelope, tx: postgres.TransactionSql): Promise<void> {
    let at: Date;
    try {
      at = eventTime(envelope);
    } catch (error) {
      // No retry makes a missing time appear: dead-letter it at once, where an operator sees it.
      if (error instanceof MissingEventTimeError) throw new PoisonMessageError(error.message);
      throw error;
    }
    await applyToFigures(envelope, at, tx);
    await figures.countEventSeen(envelope.type, tx);
  };
}
