import {
  type CancellationReason,
  type CapturePayment,
  type CreateShipment,
  type OrderCancelled,
  type OrderConfirmed,
  type PaymentDeclined,
  type ReserveStock,
  EVENT_TYPES as T,
} from '@bazaar/contracts';
import type { AggregateRepository } from '@bazaar/event-store';
import { defineSaga, type SagaNotice } from '@bazaar/saga';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { Money } from '../domain/money.js';
import type {
  OrderCommand,
  OrderEvent,
  OrderState,
  ShippingAddress,
  Step,
  StepStatus,
} from '../domain/order.js';

/** What the fulfilment saga carries: everything its commands need, fixed when the order is placed. */
export interface FulfilmentData {
  orderId: string;
  userId: string;
  lines: { productId: string; quantity: number }[];
  total: Money;
  cardLast4: string;
  address: ShippingAddress;
}

export interface FulfilmentTimeouts {
  inventoryMs: number;
  paymentMs: number;
  shippingMs: number;
  compensationMs: number;
  compensationAttempts: number;
}

export const CONFIRMATION_STEP = 'send-confirmation';

/**
 * Order fulfilment: reserve inventory → capture payment → create shipment → send confirmation. Each remote
 * step is a command through the outbox and a reply through the inbox; a failure compensates what ran in
 * reverse (release stock, refund payment, cancel shipment); the order's own stream records every step.
 */
export function fulfilmentSaga(deps: {
  repository: AggregateRepository<OrderState, OrderCommand, OrderEvent>;
  messaging: ServiceMessaging;
  timeouts: FulfilmentTimeouts;
  now?: () => Date;
}) {
  const { repository, messaging, timeouts } = deps;
  const now = deps.now ?? (() => new Date());

  const step = (name: string, status: StepStatus, detail?: string): Step => ({
    name,
    status,
    at: now().toISOString(),
    ...(detail === undefined ? {} : { detail }),
  });

  /** The step a notice records on the order, if any. */
  function stepOf(notice: SagaNotice): Step | undefined {
    switch (notice.kind) {
      case 'step-started':
        return step(notice.step, 'STARTED', notice.attempt > 1 ? `attempt ${notice.attempt}` : undefined);
      case 'step-completed':
        return step(notice.step, 'COMPLETED');
      case 'step-failed':
        return step(notice.step, 'FAILED', notice.reason);
      case 'compensation-started':
        return step(notice.step, 'COMPENSATING');
      case 'step-compensated':
        return step(notice.step, 'COMPENSATED');
      case 'parked':
        return step(notice.step, 'FAILED', 'compensation needs attention');
      default:
        return undefined;
    }
  }

  /**
   * The order's stream mirrors the saga: the steps of a transition in one append, then the outcome. The
   * confirmation step records itself, since it closes the order in the same breath. Many sagas' notices
   * (a batch of replies) are recorded together: one load and one append for all their orders.
   */
  async function onNoticesMany(
    tx: postgres.TransactionSql,
    items: readonly { sagaId: string; data: FulfilmentData; notices: readonly SagaNotice[] }[],
  ) {
    const commands: { id: string; command: OrderCommand }[] = [];
    const cancelled: { data: FulfilmentData; reason: string; at: string }[] = [];
    for (const { data, notices } of items) {
      const steps = notices
        .filter((notice) => !('step' in notice && notice.step === CONFIRMATION_STEP))
        .map(stepOf)
        .filter((recorded): recorded is Step => recorded !== undefined);
      if (steps.length > 0) commands.push({ id: data.orderId, command: { type: 'RecordSteps', steps } });
      const compensated = notices.find((notice) => notice.kind === 'compensated');
      if (compensated) {
        const at = now().toISOString();
        commands.push({
          id: data.orderId,
          command: { type: 'CancelOrder', reason: compensated.reason, byCustomer: false, at },
        });
        cancelled.push({ data, reason: compensated.reason, at });
      }
    }
    if (commands.length > 0) await repository.handleMany(commands, { sql: tx });
    if (cancelled.length > 0) {
      await messaging.publish(
        tx,
        cancelled.map(({ data, reason, at }) => {
          const event: OrderCancelled = {
            orderId: data.orderId,
            userId: data.userId,
            reason: reason as CancellationReason,
            total: data.total,
            cancelledAt: at,
          };
          return { type: T.orderCancelled, subject: data.orderId, data: event };
        }),
      );
    }
  }

  return defineSaga<FulfilmentData>({
    name: 'order-fulfilment',
    compensation: { timeoutMs: timeouts.compensationMs, maxAttempts: timeouts.compensationAttempts },
    onNoticesMany,
    steps: [
      {
        kind: 'remote',
        name: 'reserve-inventory',
        command: (data): { type: string; data: ReserveStock } => ({
          type: T.reserveStock,
          data: { orderId: data.orderId, lines: data.lines },
        }),
        replies: {
          completed: [T.stockReserved],
          // An unknown product cannot be served either: for the customer it is out of stock.
          failed: { [T.stockReservationFailed]: () => 'OUT_OF_STOCK' },
        },
        compensation: {
          command: (data) => ({ type: T.releaseStock, data: { orderId: data.orderId } }),
          replies: [T.stockReleased],
        },
        timeoutMs: timeouts.inventoryMs,
        maxAttempts: 3,
        timeoutReason: 'INVENTORY_UNAVAILABLE',
      },
      {
        kind: 'remote',
        name: 'capture-payment',
        command: (data): { type: string; data: CapturePayment } => ({
          type: T.capturePayment,
          data: { orderId: data.orderId, userId: data.userId, amount: data.total, cardLast4: data.cardLast4 },
        }),
        replies: {
          completed: [T.paymentCaptured],
          failed: { [T.paymentDeclined]: (reply) => (reply as PaymentDeclined).reason },
        },
        compensation: {
          command: (data) => ({ type: T.refundPayment, data: { orderId: data.orderId } }),
          replies: [T.paymentRefunded],
        },
        timeoutMs: timeouts.paymentMs,
        maxAttempts: 2,
        timeoutReason: 'PAYMENT_TIMEOUT',
      },
      {
        kind: 'remote',
        name: 'create-shipment',
        command: (data): { type: string; data: CreateShipment } => ({
          type: T.createShipment,
          data: { orderId: data.orderId, userId: data.userId, address: data.address },
        }),
        replies: {
          completed: [T.shipmentCreated],
          failed: { [T.shipmentFailed]: () => 'SHIPPING_UNAVAILABLE' },
        },
        compensation: {
          command: (data) => ({ type: T.cancelShipment, data: { orderId: data.orderId } }),
          replies: [T.shipmentCancelled],
        },
        timeoutMs: timeouts.shippingMs,
        maxAttempts: 3,
        timeoutReason: 'SHIPPING_UNAVAILABLE',
      },
      {
        kind: 'local',
        name: CONFIRMATION_STEP,
        async run(tx, data) {
          const at = now().toISOString();
          // The step and the confirmation in one append.
          await repository.handleMany(
            [
              {
                id: data.orderId,
                command: { type: 'RecordSteps', steps: [step(CONFIRMATION_STEP, 'COMPLETED')] },
              },
              { id: data.orderId, command: { type: 'ConfirmOrder', at } },
            ],
            { sql: tx },
          );
          const confirmed: OrderConfirmed = {
            orderId: data.orderId,
            userId: data.userId,
            total: data.total,
            confirmedAt: at,
          };
          // The confirmation itself is sent by notification, which reacts to OrderConfirmed (choreography);
          // the held stock becomes sold.
          await messaging.publish(tx, [
            { type: T.orderConfirmed, subject: data.orderId, data: confirmed },
            { type: T.commitStock, subject: data.orderId, data: { orderId: data.orderId } },
          ]);
        },
      },
    ],
  });
}
