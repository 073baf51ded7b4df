import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shipment, ShipmentCommand, ShipmentOutcome, ShipmentReply } from '../src/domain/shipment.js';
import { decideBatch } from '../src/domain/shipment-batch.js';
import {
  cancel,
  create,
  failedShipment as failed,
  ORDER,
  OTHER_ORDER,
  rules,
  tombstoneOf as tombstone,
  USER,
} from './shipment-fixtures.js';

/** A new shipment's id and tracking number, one per order, so expectations can name them. */
const freshFor = (orderId: string) => ({
  shipmentId: `c1d2e3f4-a5b6-4c7d-8e9f-${orderId.slice(-12)}`,
  trackingNumber: `BZ${orderId.slice(-10).toUpperCase()}`,
});

const created = (orderId = ORDER): Shipment => ({
  orderId,
  ...freshFor(orderId),
  userId: USER,
  status: 'CREATED',
  country: 'DE',
  detail: null,
});
const recordedEarlier: Shipment = {
  ...created(OTHER_ORDER),
  shipmentId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  trackingNumber: 'BZEARLIER001',
};

const createdReply = (shipment: Shipment): ShipmentReply => ({
  kind: 'created',
  data: {
    shipmentId: shipment.shipmentId!,
    orderId: shipment.orderId,
    trackingNumber: shipment.trackingNumber!,
  },
});
const cancelledReply = (orderId: string, shipmentId: string | null): ShipmentReply => ({
  kind: 'cancelled',
  data: { orderId, shipmentId },
});
const unavailableReply = (orderId = ORDER): ShipmentReply => ({
  kind: 'failed',
  data: { orderId, reason: 'SHIPPING_UNAVAILABLE', detail: 'Bazaar does not ship to Antarctica (AQ).' },
});

interface Expected {
  outcomes: ShipmentOutcome[];
  /** One per command; undefined where the saga hears nothing. */
  replies: (ShipmentReply | undefined)[];
  inserted: Shipment[];
  updated: Shipment[];
}

/** Given the orders' recorded shipments, when a batch of commands arrives, then these decisions and writes. */
const given = (...recorded: Shipment[]) => ({
  when: (...commands: ShipmentCommand[]) => ({
    thenDecides: (expected: Expected) => {
      const decided = decideBatch(new Map(recorded.map((s) => [s.orderId, s])), commands, {
        rules,
        fresh: (command) => freshFor(command.orderId),
      });
      assert.deepEqual(
        {
          outcomes: decided.decisions.map((decision) => decision.outcome),
          replies: decided.decisions.map((decision) => decision.reply),
          inserted: decided.inserted,
          updated: decided.updated,
        },
        expected,
      );
    },
  }),
});

describe('a batch of shipping commands', () => {
  it('creates and cancels a shipment whose create and cancel arrive together, and writes it once', () => {
    given()
      .when(create(), cancel())
      .thenDecides({
        outcomes: ['created', 'cancelled'],
        replies: [createdReply(created()), cancelledReply(ORDER, freshFor(ORDER).shipmentId)],
        inserted: [{ ...created(), status: 'CANCELLED', detail: 'Cancelled before dispatch.' }],
        updated: [],
      });
  });

  it('leaves a tombstone when the cancel comes before the create in the batch, and ships nothing', () => {
    given()
      .when(cancel(), create(), cancel())
      .thenDecides({
        outcomes: ['tombstoned', 'barred-by-cancellation', 'repeated'],
        replies: [cancelledReply(ORDER, null), undefined, cancelledReply(ORDER, null)],
        inserted: [tombstone()],
        updated: [],
      });
  });

  it('answers a create repeated within the batch with the first one’s shipment', () => {
    given()
      .when(create(), create())
      .thenDecides({
        outcomes: ['created', 'repeated'],
        replies: [createdReply(created()), createdReply(created())],
        inserted: [created()],
        updated: [],
      });
  });

  it('records a failure for a country it does not ship to, and answers its repeat alike', () => {
    given()
      .when(create('AQ'), create('AQ'))
      .thenDecides({
        outcomes: ['unavailable', 'repeated'],
        replies: [unavailableReply(), unavailableReply()],
        inserted: [failed()],
        updated: [],
      });
  });

  it('answers a repeat of a recorded shipment from the record and writes nothing', () => {
    given(recordedEarlier)
      .when(create('DE', OTHER_ORDER))
      .thenDecides({
        outcomes: ['repeated'],
        replies: [createdReply(recordedEarlier)],
        inserted: [],
        updated: [],
      });
  });

  it('decides each order against its own shipment: updates the recorded ones, inserts the new ones', () => {
    given(recordedEarlier)
      .when(create('AQ'), cancel(OTHER_ORDER), cancel(ORDER), create('DE', OTHER_ORDER))
      .thenDecides({
        outcomes: ['unavailable', 'cancelled', 'tombstoned', 'barred-by-cancellation'],
        replies: [
          unavailableReply(),
          cancelledReply(OTHER_ORDER, recordedEarlier.shipmentId),
          cancelledReply(ORDER, null),
          undefined,
        ],
        inserted: [{ ...failed(), status: 'CANCELLED' }],
        updated: [{ ...recordedEarlier, status: 'CANCELLED', detail: 'Cancelled before dispatch.' }],
      });
  });

  it('decides nothing and writes nothing for an empty batch', () => {
    given().when().thenDecides({ outcomes: [], replies: [], inserted: [], updated: [] });
  });
});
