import type { CancelShipment, CreateShipment, Shipment } from '../src/domain/shipment.js';

// The orders, commands and recorded shipments the domain's unit tests are told in.
export const ORDER = '6f1d7a52-8a44-4a53-9d8c-0b2c1f0e9a01';
export const OTHER_ORDER = '7a2e8b63-9b55-4b64-8e9d-1c3d2f1f0b12';
export const USER = '0e7c8f1b-3b9e-4c55-8f57-5d8f0c6e2b11';
export const rules = { unavailableCountries: new Set(['AQ']) };

export const create = (country = 'DE', orderId = ORDER): CreateShipment => ({
  kind: 'create',
  orderId,
  userId: USER,
  address: { country },
});
export const cancel = (orderId = ORDER): CancelShipment => ({ kind: 'cancel', orderId });

/** What a request to ship to Antarctica leaves. */
export const failedShipment = (orderId = ORDER): Shipment => ({
  orderId,
  shipmentId: null,
  userId: USER,
  trackingNumber: null,
  status: 'FAILED',
  country: 'AQ',
  detail: 'Bazaar does not ship to Antarctica (AQ).',
});

/** What a cancellation that found nothing leaves. */
export const tombstoneOf = (orderId = ORDER): Shipment => ({
  orderId,
  shipmentId: null,
  userId: null,
  trackingNumber: null,
  status: 'CANCELLED',
  country: null,
  detail: 'Cancelled before any shipment was created.',
});
