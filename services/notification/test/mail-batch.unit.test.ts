import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  firstOfEachMessage,
  type KnownRecipient,
  type OrderNotice,
  orderMail,
  recipientKey,
} from '../src/domain/mail-batch.js';
import { welcomeMessage } from '../src/domain/messages.js';

const ANN: KnownRecipient = {
  userId: 'aaaaaaaa-0000-4000-8000-000000000000',
  email: 'ann@example.com',
  name: 'Ann',
};
const BOB: KnownRecipient = {
  userId: 'bbbbbbbb-0000-4000-8000-000000000000',
  email: 'bob@example.com',
  name: 'Bob',
};
const UNKNOWN = 'cccccccc-0000-4000-8000-000000000000';
const ORDER_1 = '11111111-0000-4000-8000-000000000000';
const ORDER_2 = '22222222-0000-4000-8000-000000000000';
const ORDER_3 = '33333333-0000-4000-8000-000000000000';

const confirmedNotice = (eventId: string, userId: string, orderId: string): OrderNotice => ({
  kind: 'confirmed',
  eventId,
  userId,
  orderId,
  total: { amount: 1999, currency: 'EUR' },
});
const cancelledNotice = (eventId: string, userId: string, orderId: string): OrderNotice => ({
  kind: 'cancelled',
  eventId,
  userId,
  orderId,
  total: { amount: 500, currency: 'EUR' },
  reason: 'OUT_OF_STOCK',
});

/** Given the recipients known, when a batch of order events arrives, then these messages and unknown users. */
const given = (...known: KnownRecipient[]) => ({
  when: (...notices: OrderNotice[]) =>
    orderMail(notices, new Map(known.map((recipient) => [recipientKey(recipient.userId), recipient]))),
});

describe('the mail of a batch of order events', () => {
  it('addresses each message to its customer as known, in the order of the events', () => {
    const { messages, unknownRecipients } = given(ANN, BOB).when(
      confirmedNotice('e1', BOB.userId, ORDER_1),
      cancelledNotice('e2', ANN.userId, ORDER_2),
    );
    assert.deepEqual(
      messages.map(({ kind, reference, recipientId, address, sourceEventId }) => ({
        kind,
        reference,
        recipientId,
        address,
        sourceEventId,
      })),
      [
        {
          kind: 'order-confirmed',
          reference: ORDER_1,
          recipientId: BOB.userId,
          address: BOB.email,
          sourceEventId: 'e1',
        },
        {
          kind: 'order-cancelled',
          reference: ORDER_2,
          recipientId: ANN.userId,
          address: ANN.email,
          sourceEventId: 'e2',
        },
      ],
    );
    assert.match(messages[0]!.body, /^Hello Bob,/);
    assert.deepEqual(unknownRecipients, []);
  });

  it('sends one message per order when its event comes twice in the batch: the first one', () => {
    const { messages } = given(ANN).when(
      confirmedNotice('first', ANN.userId, ORDER_1),
      confirmedNotice('again', ANN.userId, ORDER_1),
    );
    assert.deepEqual(
      messages.map((message) => message.sourceEventId),
      ['first'],
    );
  });

  it('names the customers not known yet, once each, and finds known ones whatever the spelling of their id', () => {
    const { messages, unknownRecipients } = given(ANN).when(
      confirmedNotice('e1', UNKNOWN, ORDER_1),
      confirmedNotice('e2', ANN.userId.toUpperCase(), ORDER_2),
      cancelledNotice('e3', UNKNOWN, ORDER_3),
    );
    assert.deepEqual(unknownRecipients, [UNKNOWN]);
    assert.deepEqual(
      messages.map((message) => [message.reference, message.recipientId]),
      [[ORDER_2, ANN.userId]],
    );
  });
});

describe('one message per kind and reference', () => {
  it('keeps the first welcome of each user and every other message', () => {
    const welcomes = [
      { ...welcomeMessage({ userId: 'u-1', name: 'Ann' }), sourceEventId: 'first' },
      { ...welcomeMessage({ userId: 'u-2', name: 'Bob' }), sourceEventId: 'bob' },
      { ...welcomeMessage({ userId: 'u-1', name: 'Ann B.' }), sourceEventId: 'again' },
    ];
    assert.deepEqual(
      firstOfEachMessage(welcomes).map((message) => message.sourceEventId),
      ['first', 'bob'],
    );
  });
});
