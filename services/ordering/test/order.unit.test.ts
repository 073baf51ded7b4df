import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deciderSpecification } from '@bazaar/event-store';
import { ProblemError } from '@bazaar/problem';
import { type OrderCommand, type OrderEvent, orderDecider } from '../src/domain/order.js';
import { parseCardNumber, toPaymentMethod } from '../src/domain/payment-card.js';

const spec = deciderSpecification(orderDecider);
const at = '2026-11-25T10:00:00.000Z';
const later = '2026-11-25T10:05:00.000Z';
const address = { name: 'Ann', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' };
const eur = (amount: number) => ({ amount, currency: 'EUR' });

const place = (overrides: Partial<Extract<OrderCommand, { type: 'PlaceOrder' }>> = {}): OrderCommand => ({
  type: 'PlaceOrder',
  orderId: 'o-1',
  userId: 'u-1',
  items: [
    { productId: 'p-1', quantity: 2, unitPrice: eur(1999) },
    { productId: 'p-2', quantity: 1, unitPrice: eur(500) },
  ],
  shippingAddress: address,
  paymentMethod: { type: 'card', last4: '4242' },
  at,
  ...overrides,
});

const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    orderId: 'o-1',
    userId: 'u-1',
    items: [
      { productId: 'p-1', quantity: 2, unitPrice: eur(1999) },
      { productId: 'p-2', quantity: 1, unitPrice: eur(500) },
    ],
    total: eur(4498),
    shippingAddress: address,
    paymentMethod: { type: 'card', last4: '4242' },
    placedAt: at,
  },
};

const problem = (slug: string) => (error: unknown) => error instanceof ProblemError && error.slug === slug;

describe('placing an order', () => {
  it('records the lines with their prices and the total in minor units', () => {
    spec.given([]).when(place()).thenEvents([placed]);
  });

  it('refuses to place the same order twice', () => {
    spec.given([placed]).when(place()).thenThrows(problem('order-exists'));
  });

  it('refuses an order without lines, with zero or negative quantities, or with a product twice', () => {
    spec
      .given([])
      .when(place({ items: [] }))
      .thenThrows(problem('invalid-order'));
    for (const quantity of [0, -1, 1.5, 1001]) {
      spec
        .given([])
        .when(place({ items: [{ productId: 'p-1', quantity, unitPrice: eur(1) }] }))
        .thenThrows(problem('invalid-order'));
    }
    const twice = [
      { productId: 'p-1', quantity: 1, unitPrice: eur(1) },
      { productId: 'p-1', quantity: 2, unitPrice: eur(1) },
    ];
    spec
      .given([])
      .when(place({ items: twice }))
      .thenThrows(problem('invalid-order'));
  });

  it('refuses lines priced in different currencies', () => {
    const items = [
      { productId: 'p-1', quantity: 1, unitPrice: eur(100) },
      { productId: 'p-2', quantity: 1, unitPrice: { amount: 100, currency: 'USD' } },
    ];
    spec.given([]).when(place({ items })).thenThrows(problem('mixed-currencies'));
  });

  it('starts PENDING with the placement as its first step', () => {
    const { data } = placed as Extract<OrderEvent, { type: 'OrderPlaced' }>;
    spec.given([placed]).thenState({
      exists: true,
      id: 'o-1',
      userId: 'u-1',
      status: 'PENDING',
      items: data.items,
      total: eur(4498),
      shippingAddress: address,
      paymentMethod: { type: 'card', last4: '4242' },
      steps: [{ name: 'order-placed', status: 'COMPLETED', at }],
      createdAt: at,
      updatedAt: at,
    });
  });
});

describe('fulfilment steps, confirmation and cancellation', () => {
  const shipped: OrderEvent = {
    type: 'OrderStepRecorded',
    data: { name: 'create-shipment', status: 'COMPLETED', at: later },
  };
  const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { at: later } };

  it('records a step of a pending order', () => {
    const step = { name: 'reserve-inventory', status: 'COMPLETED' as const, at: later };
    spec
      .given([placed])
      .when({ type: 'RecordStep', step })
      .thenEvents([{ type: 'OrderStepRecorded', data: step }]);
  });

  it('records the steps of one saga transition together, in order, and none on a closed order', () => {
    const steps = [
      { name: 'reserve-inventory', status: 'COMPLETED' as const, at: later },
      { name: 'capture-payment', status: 'STARTED' as const, at: later },
    ];
    spec
      .given([placed])
      .when({ type: 'RecordSteps', steps })
      .thenEvents(steps.map((data) => ({ type: 'OrderStepRecorded', data })));
    spec.given([placed, confirmed]).when({ type: 'RecordSteps', steps }).thenThrows(problem('order-closed'));
  });

  it('confirms a pending order once', () => {
    spec.given([placed]).when({ type: 'ConfirmOrder', at: later }).thenEvents([confirmed]);
    spec
      .given([placed, confirmed])
      .when({ type: 'ConfirmOrder', at: later })
      .thenThrows(problem('order-closed'));
  });

  it('cancels a pending order with its reason', () => {
    spec
      .given([placed])
      .when({ type: 'CancelOrder', reason: 'OUT_OF_STOCK', byCustomer: false, at: later })
      .thenEvents([{ type: 'OrderCancelled', data: { reason: 'OUT_OF_STOCK', at: later } }]);
  });

  it('lets a customer cancel only until the order ships', () => {
    spec
      .given([placed, shipped])
      .when({ type: 'CancelOrder', reason: 'CANCELLED_BY_CUSTOMER', byCustomer: true, at: later })
      .thenThrows(problem('order-shipped'));
  });

  it('refuses anything on a closed order and on an order that does not exist', () => {
    const step = { name: 'x', status: 'STARTED' as const, at: later };
    spec.given([placed, confirmed]).when({ type: 'RecordStep', step }).thenThrows(problem('order-closed'));
    spec.given([]).when({ type: 'ConfirmOrder', at: later }).thenThrows(problem('order-not-found'));
  });
});

describe('payment cards', () => {
  it('accepts 12 to 19 digits with spaces or dashes and keeps only the last four', () => {
    assert.equal(parseCardNumber('4242 4242 4242 4242'), '4242424242424242');
    assert.equal(parseCardNumber('4000-0000-0000-0002'), '4000000000000002');
    assert.deepEqual(toPaymentMethod('4000000000000002'), { type: 'card', last4: '0002' });
    for (const bad of ['1234', '4242x4242424242424', '12345678901234567890'])
      assert.equal(parseCardNumber(bad), undefined);
  });
});
