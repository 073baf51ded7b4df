import type { EventTypeDefinition } from '@bazaar/messaging';
import { type Static, Type } from '@sinclair/typebox';
import { Address, Id, Instant, Money, PricedLine, StockLines } from './schemas.js';

/**
 * Order fulfilment: ordering's saga sends commands (each receiving service has a command topic) and
 * listens for the replies; everything else reacts to the order's own events. Every command and reply
 * carries the order id, which is the saga's id, and receivers handle a command once per order.
 */
export const FULFILMENT_TOPICS = {
  orders: 'ordering.orders',
  inventoryCommands: 'inventory.commands',
  stock: 'inventory.stock',
  paymentCommands: 'payment.commands',
  payments: 'payment.payments',
  shippingCommands: 'shipping.commands',
  shipments: 'shipping.shipments',
  alerts: 'analytics.alerts',
} as const;

/** Why an order ends CANCELLED (INVENTORY_UNAVAILABLE: inventory did not answer within its deadline). */
export const CANCELLATION_REASONS = [
  'OUT_OF_STOCK',
  'INVENTORY_UNAVAILABLE',
  'PAYMENT_DECLINED',
  'INSUFFICIENT_FUNDS',
  'PAYMENT_TIMEOUT',
  'SHIPPING_UNAVAILABLE',
  'CANCELLED_BY_CUSTOMER',
] as const;
export type CancellationReason = (typeof CANCELLATION_REASONS)[number];
const Reason = Type.Union(CANCELLATION_REASONS.map((reason) => Type.Literal(reason)));

const object = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

// ordering: the order's life
export const OrderPlaced = object({
  orderId: Id,
  userId: Id,
  lines: Type.Array(PricedLine),
  total: Money,
  placedAt: Instant,
});
export type OrderPlaced = Static<typeof OrderPlaced>;
export const OrderConfirmed = object({ orderId: Id, userId: Id, total: Money, confirmedAt: Instant });
export type OrderConfirmed = Static<typeof OrderConfirmed>;
export const OrderCancelled = object({
  orderId: Id,
  userId: Id,
  reason: Reason,
  total: Money,
  cancelledAt: Instant,
});
export type OrderCancelled = Static<typeof OrderCancelled>;

// inventory
export const ReserveStock = object({ orderId: Id, lines: StockLines });
export type ReserveStock = Static<typeof ReserveStock>;
export const ReleaseStock = object({ orderId: Id });
export type ReleaseStock = Static<typeof ReleaseStock>;
export const CommitStock = object({ orderId: Id });
export type CommitStock = Static<typeof CommitStock>;
export const StockReserved = object({ orderId: Id, lines: StockLines });
export type StockReserved = Static<typeof StockReserved>;
export const StockReservationFailed = object({
  orderId: Id,
  reason: Type.Union([Type.Literal('OUT_OF_STOCK'), Type.Literal('UNKNOWN_PRODUCT')]),
  productIds: Type.Array(Id),
});
export type StockReservationFailed = Static<typeof StockReservationFailed>;
/** `released` is false when the order held nothing (its reservation had failed or never arrived). */
export const StockReleased = object({ orderId: Id, released: Type.Boolean() });
export type StockReleased = Static<typeof StockReleased>;
export const StockCommitted = object({ orderId: Id });
export type StockCommitted = Static<typeof StockCommitted>;

// payment
export const CapturePayment = object({
  orderId: Id,
  userId: Id,
  amount: Money,
  cardLast4: Type.String({ pattern: '^[0-9]{4}$' }),
});
export type CapturePayment = Static<typeof CapturePayment>;
export const RefundPayment = object({ orderId: Id });
export type RefundPayment = Static<typeof RefundPayment>;
export const PaymentCaptured = object({ paymentId: Id, orderId: Id, userId: Id, amount: Money });
export type PaymentCaptured = Static<typeof PaymentCaptured>;
export const PaymentDeclined = object({
  orderId: Id,
  userId: Id,
  amount: Money,
  reason: Type.Union([Type.Literal('PAYMENT_DECLINED'), Type.Literal('INSUFFICIENT_FUNDS')]),
});
export type PaymentDeclined = Static<typeof PaymentDeclined>;
/** `paymentId` is null and `amount` zero when nothing had been captured (the refund then bars a late capture). */
export const PaymentRefunded = object({
  orderId: Id,
  paymentId: Type.Union([Id, Type.Null()]),
  amount: Money,
});
export type PaymentRefunded = Static<typeof PaymentRefunded>;

// shipping
export const CreateShipment = object({ orderId: Id, userId: Id, address: Address });
export type CreateShipment = Static<typeof CreateShipment>;
export const CancelShipment = object({ orderId: Id });
export type CancelShipment = Static<typeof CancelShipment>;
export const ShipmentCreated = object({
  shipmentId: Id,
  orderId: Id,
  trackingNumber: Type.String({ minLength: 1, maxLength: 40 }),
});
export type ShipmentCreated = Static<typeof ShipmentCreated>;
export const ShipmentFailed = object({
  orderId: Id,
  reason: Type.Literal('SHIPPING_UNAVAILABLE'),
  detail: Type.String({ maxLength: 500 }),
});
export type ShipmentFailed = Static<typeof ShipmentFailed>;
export const ShipmentCancelled = object({ orderId: Id, shipmentId: Type.Union([Id, Type.Null()]) });
export type ShipmentCancelled = Static<typeof ShipmentCancelled>;

// analytics
export const FraudSuspected = object({
  userId: Id,
  declinedPayments: Type.Integer({ minimum: 1 }),
  windowStart: Instant,
  windowEnd: Instant,
});
export type FraudSuspected = Static<typeof FraudSuspected>;

export const FULFILMENT_TYPES = {
  orderPlaced: 'ordering.order-placed',
  orderConfirmed: 'ordering.order-confirmed',
  orderCancelled: 'ordering.order-cancelled',
  reserveStock: 'inventory.reserve-stock',
  releaseStock: 'inventory.release-stock',
  commitStock: 'inventory.commit-stock',
  stockReserved: 'inventory.stock-reserved',
  stockReservationFailed: 'inventory.stock-reservation-failed',
  stockReleased: 'inventory.stock-released',
  stockCommitted: 'inventory.stock-committed',
  capturePayment: 'payment.capture-payment',
  refundPayment: 'payment.refund-payment',
  paymentCaptured: 'payment.payment-captured',
  paymentDeclined: 'payment.payment-declined',
  paymentRefunded: 'payment.payment-refunded',
  createShipment: 'shipping.create-shipment',
  cancelShipment: 'shipping.cancel-shipment',
  shipmentCreated: 'shipping.shipment-created',
  shipmentFailed: 'shipping.shipment-failed',
  shipmentCancelled: 'shipping.shipment-cancelled',
  fraudSuspected: 'analytics.fraud-suspected',
} as const;

const T = FULFILMENT_TYPES;
const P = FULFILMENT_TOPICS;
const definition = (
  type: string,
  topic: string,
  publisher: string,
  description: string,
  data: EventTypeDefinition['data'],
): EventTypeDefinition => ({ type, topic, publisher, description, data });

export const FULFILMENT_EVENTS: readonly EventTypeDefinition[] = [
  definition(T.orderPlaced, P.orders, 'ordering', 'An order was accepted; its saga starts.', OrderPlaced),
  definition(
    T.orderConfirmed,
    P.orders,
    'ordering',
    'Every step succeeded: stock, payment, shipment.',
    OrderConfirmed,
  ),
  definition(
    T.orderCancelled,
    P.orders,
    'ordering',
    'The order ended cancelled, with the reason; completed steps were compensated.',
    OrderCancelled,
  ),
  definition(
    T.reserveStock,
    P.inventoryCommands,
    'ordering',
    'Command: hold stock for every line of an order, or none.',
    ReserveStock,
  ),
  definition(
    T.releaseStock,
    P.inventoryCommands,
    'ordering',
    'Command (compensation): give back what an order holds.',
    ReleaseStock,
  ),
  definition(
    T.commitStock,
    P.inventoryCommands,
    'ordering',
    'Command: the order is confirmed; its held stock is sold.',
    CommitStock,
  ),
  definition(
    T.stockReserved,
    P.stock,
    'inventory',
    'Stock is held for every line of the order.',
    StockReserved,
  ),
  definition(
    T.stockReservationFailed,
    P.stock,
    'inventory',
    'Nothing was held: a line could not be served.',
    StockReservationFailed,
  ),
  definition(
    T.stockReleased,
    P.stock,
    'inventory',
    "The order's held stock is available again.",
    StockReleased,
  ),
  definition(T.stockCommitted, P.stock, 'inventory', "The order's held stock is sold.", StockCommitted),
  definition(
    T.capturePayment,
    P.paymentCommands,
    'ordering',
    'Command: charge the order total to the card.',
    CapturePayment,
  ),
  definition(
    T.refundPayment,
    P.paymentCommands,
    'ordering',
    "Command (compensation): refund the order's payment; bars a later capture.",
    RefundPayment,
  ),
  definition(T.paymentCaptured, P.payments, 'payment', 'The order total was charged.', PaymentCaptured),
  definition(
    T.paymentDeclined,
    P.payments,
    'payment',
    'The card provider refused the charge.',
    PaymentDeclined,
  ),
  definition(
    T.paymentRefunded,
    P.payments,
    'payment',
    "The order's payment was refunded (or there was none to refund).",
    PaymentRefunded,
  ),
  definition(
    T.createShipment,
    P.shippingCommands,
    'ordering',
    'Command: ship the order to its address.',
    CreateShipment,
  ),
  definition(
    T.cancelShipment,
    P.shippingCommands,
    'ordering',
    "Command (compensation): cancel the order's shipment.",
    CancelShipment,
  ),
  definition(
    T.shipmentCreated,
    P.shipments,
    'shipping',
    'A shipment with a tracking number exists.',
    ShipmentCreated,
  ),
  definition(
    T.shipmentFailed,
    P.shipments,
    'shipping',
    'The order cannot be shipped (for example, to that country).',
    ShipmentFailed,
  ),
  definition(
    T.shipmentCancelled,
    P.shipments,
    'shipping',
    "The order's shipment is cancelled (or there was none).",
    ShipmentCancelled,
  ),
  definition(
    T.fraudSuspected,
    P.alerts,
    'analytics',
    'A user had 3 declined payments within 10 minutes.',
    FraudSuspected,
  ),
];
