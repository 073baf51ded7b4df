import type { Decider } from '@bazaar/event-store';
import { ProblemError } from '@bazaar/problem';
import { type Money, multiply, sum } from './money.js';

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';
export type StepStatus = 'STARTED' | 'COMPLETED' | 'FAILED' | 'COMPENSATING' | 'COMPENSATED';

export interface OrderLine {
  productId: string;
  quantity: number;
  unitPrice: Money;
}

export interface ShippingAddress {
  name: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
}

/** Only what is safe to keep: the card's last four digits, never its number. */
export interface PaymentMethod {
  type: 'card';
  last4: string;
}

export interface Step {
  name: string;
  status: StepStatus;
  at: string;
  detail?: string;
}

export interface PlacedOrder {
  exists: true;
  id: string;
  userId: string;
  status: OrderStatus;
  reason?: string;
  items: OrderLine[];
  total: Money;
  shippingAddress: ShippingAddress;
  paymentMethod: PaymentMethod;
  steps: Step[];
  /** When the customer asked to cancel; the order stays PENDING until what ran is compensated. */
  cancellationRequestedAt?: string;
  createdAt: string;
  updatedAt: string;
}

export type OrderState = { exists: false } | PlacedOrder;

export type OrderEvent =
  | {
      type: 'OrderPlaced';
      data: {
        orderId: string;
        userId: string;
        items: OrderLine[];
        total: Money;
        shippingAddress: ShippingAddress;
        paymentMethod: PaymentMethod;
        placedAt: string;
      };
    }
  | { type: 'OrderStepRecorded'; data: Step }
  | { type: 'OrderCancellationRequested'; data: { at: string } }
  | { type: 'OrderConfirmed'; data: { at: string } }
  | { type: 'OrderCancelled'; data: { reason: string; at: string } };

export type OrderCommand =
  | {
      type: 'PlaceOrder';
      orderId: string;
      userId: string;
      items: OrderLine[];
      shippingAddress: ShippingAddress;
      paymentMethod: PaymentMethod;
      at: string;
    }
  | { type: 'RecordStep'; step: Step }
  | { type: 'RecordSteps'; steps: Step[] }
  | { type: 'RequestCancellation'; at: string }
  | { type: 'ConfirmOrder'; at: string }
  | { type: 'CancelOrder'; reason: string; byCustomer: boolean; at: string };

/** The step whose completion means the goods left: after it a customer can no longer cancel. */
export const SHIPPED_STEP = 'create-shipment';
export const MAX_LINES = 50;
export const MAX_QUANTITY = 1_000;

const refuse = (slug: string, status: number, title: string, detail: string) =>
  new ProblemError(slug, status, title, detail);
const orderClosed = (state: PlacedOrder) =>
  refuse(
    'order-closed',
    409,
    'Order is closed',
    `Order ${state.id} is already ${state.status.toLowerCase()}.`,
  );

function requirePlaced(state: OrderState): PlacedOrder {
  if (!state.exists) throw refuse('order-not-found', 404, 'Not found', 'No such order.');
  return state;
}

function requirePending(state: OrderState): PlacedOrder {
  const order = requirePlaced(state);
  if (order.status !== 'PENDING') throw orderClosed(order);
  return order;
}

function place(command: Extract<OrderCommand, { type: 'PlaceOrder' }>, state: OrderState): OrderEvent[] {
  if (state.exists)
    throw refuse('order-exists', 409, 'Order exists', `Order ${command.orderId} was already placed.`);
  const { items } = command;
  if (items.length === 0 || items.length > MAX_LINES) {
    throw refuse('invalid-order', 400, 'Order is invalid', `An order has 1 to ${MAX_LINES} lines.`);
  }
  if (new Set(items.map((item) => item.productId)).size !== items.length) {
    throw refuse('invalid-order', 400, 'Order is invalid', 'Each product appears on one line only.');
  }
  for (const item of items) {
    if (!Number.isInteger(item.quantity) || item.quantity <= 0 || item.quantity > MAX_QUANTITY) {
      throw refuse(
        'invalid-order',
        400,
        'Order is invalid',
        `Quantities are whole numbers from 1 to ${MAX_QUANTITY}.`,
      );
    }
  }
  if (new Set(items.map((item) => item.unitPrice.currency)).size !== 1) {
    throw refuse(
      'mixed-currencies',
      400,
      'Mixed currencies',
      'All products of one order must be priced in one currency.',
    );
  }
  return [
    {
      type: 'OrderPlaced',
      data: {
        orderId: command.orderId,
        userId: command.userId,
        items,
        total: sum(items.map((item) => multiply(item.unitPrice, item.quantity))),
        shippingAddress: command.shippingAddress,
        paymentMethod: command.paymentMethod,
        placedAt: command.at,
      },
    },
  ];
}

function refuseIfShipped(order: PlacedOrder): void {
  if (order.steps.some((step) => step.name === SHIPPED_STEP && step.status === 'COMPLETED')) {
    throw refuse('order-shipped', 409, 'Order has shipped', 'A shipped order can no longer be cancelled.');
  }
}

export const orderDecider: Decider<OrderState, OrderCommand, OrderEvent> = {
  initialState: { exists: false },

  decide(command, state) {
    switch (command.type) {
      case 'PlaceOrder':
        return place(command, state);
      case 'RecordStep':
        requirePending(state);
        return [{ type: 'OrderStepRecorded', data: command.step }];
      case 'RecordSteps':
        requirePending(state);
        return command.steps.map((step) => ({ type: 'OrderStepRecorded', data: step }));
      case 'ConfirmOrder':
        requirePending(state);
        return [{ type: 'OrderConfirmed', data: { at: command.at } }];
      case 'RequestCancellation': {
        const order = requirePending(state);
        refuseIfShipped(order);
        // Asking twice is asking once: the second request changes nothing.
        if (order.cancellationRequestedAt) return [];
        return [{ type: 'OrderCancellationRequested', data: { at: command.at } }];
      }
      case 'CancelOrder': {
        const order = requirePending(state);
        if (command.byCustomer) refuseIfShipped(order);
        return [{ type: 'OrderCancelled', data: { reason: command.reason, at: command.at } }];
      }
    }
  },

  evolve(state, event) {
    if (event.type === 'OrderPlaced') {
      const { data } = event;
      return {
        exists: true,
        id: data.orderId,
        userId: data.userId,
        status: 'PENDING',
        items: data.items,
        total: data.total,
        shippingAddress: data.shippingAddress,
        paymentMethod: data.paymentMethod,
        steps: [{ name: 'order-placed', status: 'COMPLETED', at: data.placedAt }],
        createdAt: data.placedAt,
        updatedAt: data.placedAt,
      };
    }
    if (!state.exists) return state;
    switch (event.type) {
      case 'OrderStepRecorded':
        return { ...state, steps: [...state.steps, event.data], updatedAt: event.data.at };
      case 'OrderCancellationRequested':
        return { ...state, cancellationRequestedAt: event.data.at, updatedAt: event.data.at };
      case 'OrderConfirmed':
        return { ...state, status: 'CONFIRMED', updatedAt: event.data.at };
      case 'OrderCancelled':
        return { ...state, status: 'CANCELLED', reason: event.data.reason, updatedAt: event.data.at };
    }
  },
};
