import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decide,
  type Shipment,
  type ShipmentCommand,
  type ShipmentDecision,
  unavailableBecause,
} from '../src/domain/shipment.js';
import { cancel, create, failedShipment, ORDER, rules, tombstoneOf, USER } from './shipment-fixtures.js';

const fresh = { shipmentId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', trackingNumber: 'BZNEW0000001' };

const created: Shipment = {
  orderId: ORDER,
  shipmentId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  userId: USER,
  trackingNumber: 'BZEARLIER001',
  status: 'CREATED',
  country: 'DE',
  detail: null,
};
const failed = failedShipment();
const tombstone = tombstoneOf();

/** Given the order's recorded shipment (or none), when a command arrives, then this decision. */
const given = (current: Shipment | undefined) => ({
  when: (command: ShipmentCommand) => ({
    thenDecides: (expected: ShipmentDecision) =>
      assert.deepEqual(decide(current, command, { rules, fresh }), expected),
  }),
});

describe('the country rule', () => {
  it('ships to a country not on the unavailable list', () => {
    assert.equal(unavailableBecause('DE', rules), undefined);
  });

  it('refuses an unavailable country, naming it', () => {
    assert.equal(unavailableBecause('AQ', rules), 'Bazaar does not ship to Antarctica (AQ).');
  });

  it('refuses a code that is no ISO 3166 country', () => {
    assert.match(unavailableBecause('ZZ', rules) ?? '', /ZZ is not an ISO 3166 country code/);
  });
});

describe('creating an order’s shipment', () => {
  it('creates it with a tracking number and tells the saga', () => {
    const next: Shipment = { ...created, ...fresh };
    given(undefined)
      .when(create())
      .thenDecides({
        outcome: 'created',
        next,
        reply: { kind: 'created', data: { orderId: ORDER, ...fresh } },
      });
  });

  it('records a failure for a country it does not ship to', () => {
    given(undefined)
      .when(create('AQ'))
      .thenDecides({
        outcome: 'unavailable',
        next: failed,
        reply: {
          kind: 'failed',
          data: {
            orderId: ORDER,
            reason: 'SHIPPING_UNAVAILABLE',
            detail: 'Bazaar does not ship to Antarctica (AQ).',
          },
        },
      });
  });

  it('answers a repeated request with the recorded shipment and creates nothing new', () => {
    given(created)
      .when(create())
      .thenDecides({
        outcome: 'repeated',
        reply: {
          kind: 'created',
          data: { orderId: ORDER, shipmentId: created.shipmentId!, trackingNumber: 'BZEARLIER001' },
        },
      });
    given(failed)
      .when(create('AQ'))
      .thenDecides({
        outcome: 'repeated',
        reply: {
          kind: 'failed',
          data: { orderId: ORDER, reason: 'SHIPPING_UNAVAILABLE', detail: failed.detail! },
        },
      });
  });

  it('creates nothing and replies nothing once the order’s shipment is cancelled', () => {
    given(tombstone).when(create()).thenDecides({ outcome: 'barred-by-cancellation' });
    given({ ...created, status: 'CANCELLED' })
      .when(create())
      .thenDecides({ outcome: 'barred-by-cancellation' });
  });
});

describe('cancelling an order’s shipment', () => {
  it('cancels a created shipment and names it', () => {
    given(created)
      .when(cancel())
      .thenDecides({
        outcome: 'cancelled',
        next: { ...created, status: 'CANCELLED', detail: 'Cancelled before dispatch.' },
        reply: { kind: 'cancelled', data: { orderId: ORDER, shipmentId: created.shipmentId } },
      });
  });

  it('leaves a tombstone when there is nothing to cancel, so a late request creates nothing', () => {
    given(undefined)
      .when(cancel())
      .thenDecides({
        outcome: 'tombstoned',
        next: tombstone,
        reply: { kind: 'cancelled', data: { orderId: ORDER, shipmentId: null } },
      });
  });

  it('turns a failed shipment into a tombstone, keeping why it failed', () => {
    given(failed)
      .when(cancel())
      .thenDecides({
        outcome: 'tombstoned',
        next: { ...failed, status: 'CANCELLED' },
        reply: { kind: 'cancelled', data: { orderId: ORDER, shipmentId: null } },
      });
  });

  it('answers a repeated cancellation with the same reply and changes nothing', () => {
    given({ ...created, status: 'CANCELLED' })
      .when(cancel())
      .thenDecides({
        outcome: 'repeated',
        reply: { kind: 'cancelled', data: { orderId: ORDER, shipmentId: created.shipmentId } },
      });
    given(tombstone)
      .when(cancel())
      .thenDecides({
        outcome: 'repeated',
        reply: { kind: 'cancelled', data: { orderId: ORDER, shipmentId: null } },
      });
  });
});
