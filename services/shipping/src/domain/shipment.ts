import { countryName, isCountry } from './countries.js';

export const SHIPMENT_STATUSES = ['CREATED', 'FAILED', 'CANCELLED'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/**
 * The one shipment of an order, as recorded. A CANCELLED shipment that never had an id is a tombstone: the
 * cancellation came first (or instead), and any later request to ship the order is refused.
 */
export interface Shipment {
  orderId: string;
  shipmentId: string | null;
  /** Null on a tombstone written by a cancellation that found nothing (it does not name the user). */
  userId: string | null;
  trackingNumber: string | null;
  status: ShipmentStatus;
  country: string | null;
  /** Why it failed or how it ended, for people reading it. */
  detail: string | null;
}

export interface CreateShipment {
  kind: 'create';
  orderId: string;
  userId: string;
  address: { country: string };
}

export interface CancelShipment {
  kind: 'cancel';
  orderId: string;
}

export type ShipmentCommand = CreateShipment | CancelShipment;

/** The replies the saga waits for (the contract's `shipping.*` events). */
export type ShipmentReply =
  | { kind: 'created'; data: { shipmentId: string; orderId: string; trackingNumber: string } }
  | { kind: 'failed'; data: { orderId: string; reason: 'SHIPPING_UNAVAILABLE'; detail: string } }
  | { kind: 'cancelled'; data: { orderId: string; shipmentId: string | null } };

/** What happened, for logs and metrics. */
export type ShipmentOutcome =
  | 'created'
  | 'unavailable'
  | 'repeated'
  | 'barred-by-cancellation'
  | 'cancelled'
  | 'tombstoned';

export interface ShipmentDecision {
  outcome: ShipmentOutcome;
  /** The order's shipment after the command, when it changed (inserted if there was none). */
  next?: Shipment;
  reply?: ShipmentReply;
}

export interface ShippingRules {
  /** ISO 3166-1 alpha-2 codes Bazaar does not ship to. */
  unavailableCountries: ReadonlySet<string>;
}

/** Why an address cannot be served, or undefined when it can. */
export function unavailableBecause(country: string, rules: ShippingRules): string | undefined {
  if (!isCountry(country)) return `${country} is not an ISO 3166 country code; Bazaar cannot ship there.`;
  if (rules.unavailableCountries.has(country))
    return `Bazaar does not ship to ${countryName(country)} (${country}).`;
  return undefined;
}

/**
 * Decides a command against the order's shipment as recorded (or none). A repeated command gets the
 * recorded outcome again and changes nothing; that is how a saga that re-sends after a timeout is served.
 */
export function decide(
  current: Shipment | undefined,
  command: ShipmentCommand,
  context: { rules: ShippingRules; fresh: { shipmentId: string; trackingNumber: string } },
): ShipmentDecision {
  return command.kind === 'create'
    ? decideCreate(current, command, context.rules, context.fresh)
    : decideCancel(current, command);
}

function decideCreate(
  current: Shipment | undefined,
  command: CreateShipment,
  rules: ShippingRules,
  fresh: { shipmentId: string; trackingNumber: string },
): ShipmentDecision {
  if (current) {
    if (current.status === 'CANCELLED') return { outcome: 'barred-by-cancellation' };
    return { outcome: 'repeated', reply: replyTo(current) };
  }
  const { country } = command.address;
  const requested = { orderId: command.orderId, userId: command.userId, country };
  const unavailable = unavailableBecause(country, rules);
  const next: Shipment = unavailable
    ? { ...requested, shipmentId: null, trackingNumber: null, status: 'FAILED', detail: unavailable }
    : { ...requested, ...fresh, status: 'CREATED', detail: null };
  return { outcome: unavailable ? 'unavailable' : 'created', next, reply: replyTo(next) };
}

function decideCancel(current: Shipment | undefined, command: CancelShipment): ShipmentDecision {
  if (!current) {
    const tombstone: Shipment = {
      orderId: command.orderId,
      shipmentId: null,
      userId: null,
      trackingNumber: null,
      status: 'CANCELLED',
      country: null,
      detail: 'Cancelled before any shipment was created.',
    };
    return { outcome: 'tombstoned', next: tombstone, reply: replyTo(tombstone) };
  }
  switch (current.status) {
    case 'CREATED': {
      const next: Shipment = { ...current, status: 'CANCELLED', detail: 'Cancelled before dispatch.' };
      return { outcome: 'cancelled', next, reply: replyTo(next) };
    }
    case 'FAILED': {
      // Nothing was shipped; the failure's detail stays the explanation.
      const next: Shipment = { ...current, status: 'CANCELLED' };
      return { outcome: 'tombstoned', next, reply: replyTo(next) };
    }
    case 'CANCELLED':
      return { outcome: 'repeated', reply: replyTo(current) };
  }
}

/** The reply that tells the saga where the order's shipment stands. */
function replyTo(shipment: Shipment): ShipmentReply {
  switch (shipment.status) {
    case 'CREATED':
      return {
        kind: 'created',
        data: {
          shipmentId: shipment.shipmentId!,
          orderId: shipment.orderId,
          trackingNumber: shipment.trackingNumber!,
        },
      };
    case 'FAILED':
      return {
        kind: 'failed',
        data: { orderId: shipment.orderId, reason: 'SHIPPING_UNAVAILABLE', detail: shipment.detail ?? '' },
      };
    case 'CANCELLED':
      return { kind: 'cancelled', data: { orderId: shipment.orderId, shipmentId: shipment.shipmentId } };
  }
}
