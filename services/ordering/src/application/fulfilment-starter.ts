import { EVENT_TYPES, type OrderPlaced } from '@bazaar/contracts';
import type { SagaEngine } from '@bazaar/saga';
import type { ServiceMessaging } from '@bazaar/service-host';
import type { PlacedOrder } from '../domain/order.js';
import type { FulfilmentData } from './fulfilment.js';
import type { Fulfilment } from './orders.js';

/** Connects placed orders to the fulfilment saga: OrderPlaced goes out and the saga starts, in one commit. */
export function fulfilmentStarter(saga: SagaEngine<FulfilmentData>, messaging: ServiceMessaging): Fulfilment {
  return {
    async start(tx, order: PlacedOrder) {
      const placed: OrderPlaced = {
        orderId: order.id,
        userId: order.userId,
        lines: order.items,
        total: order.total,
        placedAt: order.createdAt,
      };
      await messaging.publish(tx, [{ type: EVENT_TYPES.orderPlaced, subject: order.id, data: placed }]);
      await saga.start(tx, order.id, {
        orderId: order.id,
        userId: order.userId,
        lines: order.items.map(({ productId, quantity }) => ({ productId, quantity })),
        total: order.total,
        cardLast4: order.paymentMethod.last4,
        address: order.shippingAddress,
      });
    },

    async cancel(tx, orderId, reason) {
      return (await saga.cancel(tx, orderId, reason)).applied;
    },
  };
}
