import { fileURLToPath } from 'node:url';
import {
  type CapturePayment,
  EVENTS,
  FULFILMENT_TYPES,
  type RefundPayment,
  SUBSCRIPTIONS,
} from '@bazaar/contracts';
import { PoisonMessageError } from '@bazaar/messaging';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { Counter } from 'prom-client';
import { paymentCommands } from './application/payment-commands.js';
import { paymentQueries } from './application/payment-queries.js';
import { paymentsRepository } from './db/payments-repository.js';
import type { PaymentCommand } from './domain/payment.js';
import { paymentRoutes } from './http/routes.js';

export const paymentService = defineService({
  name: 'payment',
  description: 'Payments of orders against a simulated card provider, commanded by the fulfilment saga.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 16 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  start(context) {
    const messaging = requireMessaging(context);
    const repository = paymentsRepository(requireDb(context));
    const outcomes = new Counter({
      name: 'payment_command_outcomes_total',
      help: 'Saga commands decided by the payment service, by command and outcome',
      labelNames: ['command', 'outcome'],
      registers: [context.metrics],
    });
    const commands = paymentCommands(repository, messaging, (command, outcome) =>
      outcomes.inc({ command, outcome }),
    );
    messaging.subscribe({
      name: 'commands',
      types: [FULFILMENT_TYPES.capturePayment, FULFILMENT_TYPES.refundPayment],
      concurrency: 2,
      // The commands waiting together are decided together: one lock, one insert and one update for all
      // their orders (rows locked and inserted in order-id order, so the two batches at a time queue on a
      // shared order instead of deadlocking).
      handleBatch: (events, tx) =>
        commands.handleBatch(
          tx,
          events.map((event) => toCommand(event.type, event.data)),
        ),
    });
    return { routes: (app, auth) => paymentRoutes(app, auth, paymentQueries(repository)) };
  },
});

/** The envelope's data was validated against the contract before the handler runs. */
function toCommand(type: string, data: unknown): PaymentCommand {
  // Ids in the form PostgreSQL gives them back (lower case), so a batch finds each order's row by its id.
  if (type !== FULFILMENT_TYPES.capturePayment) {
    const refund = data as RefundPayment;
    return { kind: 'refund', ...refund, orderId: refund.orderId.toLowerCase() };
  }
  const capture = data as CapturePayment;
  // Beyond 2^53 a JSON number is no longer the amount that was sent; retrying would not make it one.
  if (!Number.isSafeInteger(capture.amount.amount))
    throw new PoisonMessageError(`amount ${capture.amount.amount} of order ${capture.orderId} is not exact`);
  return {
    kind: 'capture',
    ...capture,
    orderId: capture.orderId.toLowerCase(),
    userId: capture.userId.toLowerCase(),
  };
}
