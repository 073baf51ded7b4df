import { fileURLToPath } from 'node:url';
import {
  type CancelShipment,
  type CreateShipment,
  EVENTS,
  FULFILMENT_TYPES,
  SUBSCRIPTIONS,
} from '@bazaar/contracts';
import { defineService, requireDb, requireMessaging } from '@bazaar/service-host';
import { Counter } from 'prom-client';
import { shipmentCommands } from './application/shipment-commands.js';
import { shipmentQueries } from './application/shipment-queries.js';
import { loadShippingRules } from './config.js';
import { shipmentsRepository } from './db/shipments-repository.js';
import type { ShipmentCommand } from './domain/shipment.js';
import { shippingRoutes } from './http/routes.js';

export const shippingService = defineService({
  name: 'shipping',
  description: 'Shipments of orders with tracking numbers, created and cancelled by the fulfilment saga.',
  migrationsDir: fileURLToPath(new URL('./db/migrations', import.meta.url)),
  bodyLimit: 16 * 1024,
  messaging: { events: EVENTS, subscriptions: SUBSCRIPTIONS },
  start(context) {
    const rules = loadShippingRules(context.env);
    const messaging = requireMessaging(context);
    const repository = shipmentsRepository(requireDb(context));
    const outcomes = new Counter({
      name: 'shipping_command_outcomes_total',
      help: 'Saga commands decided by the shipping service, by command and outcome',
      labelNames: ['command', 'outcome'],
      registers: [context.metrics],
    });
    const commands = shipmentCommands(repository, messaging, rules, (command, outcome) =>
      outcomes.inc({ command, outcome }),
    );
    messaging.subscribe({
      name: 'commands',
      types: [FULFILMENT_TYPES.createShipment, FULFILMENT_TYPES.cancelShipment],
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
    return { routes: (app, auth) => shippingRoutes(app, auth, shipmentQueries(repository)) };
  },
});

/** The envelope's data was validated against the contract before the handler runs. */
function toCommand(type: string, data: unknown): ShipmentCommand {
  // Ids in the form PostgreSQL gives them back (lower case), so a batch finds each order's row by its id.
  if (type === FULFILMENT_TYPES.createShipment) {
    const create = data as CreateShipment;
    return {
      kind: 'create',
      ...create,
      orderId: create.orderId.toLowerCase(),
      userId: create.userId.toLowerCase(),
    };
  }
  const cancel = data as CancelShipment;
  return { kind: 'cancel', ...cancel, orderId: cancel.orderId.toLowerCase() };
}
