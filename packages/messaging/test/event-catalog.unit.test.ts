import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from '@sinclair/typebox';
import { createEnvelope, eventCatalog, InvalidEventError } from '../src/index.js';

const catalog = eventCatalog([
  {
    type: 'identity.user-registered',
    topic: 'identity.users',
    publisher: 'identity',
    description: 'A customer account was created',
    data: Type.Object(
      { userId: Type.String({ format: 'uuid' }), email: Type.String() },
      { additionalProperties: false },
    ),
  },
  {
    type: 'catalog.price-changed',
    topic: 'catalog.products',
    publisher: 'catalog',
    description: 'A product got a new price',
    data: Type.Object({
      productId: Type.String(),
      price: Type.Object({ amount: Type.Integer(), currency: Type.String() }),
    }),
  },
]);

const envelope = (type: string, data: unknown) => createEnvelope({ type, source: '/bazaar/test', data });

describe('event catalog', () => {
  it('accepts an event whose data matches its schema', () => {
    catalog.validate(
      envelope('catalog.price-changed', { productId: 'p-1', price: { amount: 1999, currency: 'EUR' } }),
    );
  });

  it('refuses unknown types and data that does not match, naming the field', () => {
    assert.throws(() => catalog.validate(envelope('catalog.unknown', {})), InvalidEventError);
    assert.throws(
      () =>
        catalog.validate(
          envelope('catalog.price-changed', { productId: 'p-1', price: { amount: 19.99, currency: 'EUR' } }),
        ),
      (error: unknown) => error instanceof InvalidEventError && /\/price\/amount/.test(error.message),
    );
    assert.throws(
      () =>
        catalog.validate(
          envelope('identity.user-registered', { userId: 'u', email: 'a@b.c', password: 'x' }),
        ),
      InvalidEventError,
    );
  });

  it('refuses two definitions of one type', () => {
    const definition = catalog.definitions[0]!;
    assert.throws(() => eventCatalog([definition, definition]));
  });

  it('documents every event as AsyncAPI 3.0: a channel per topic and a message per type with its schema', () => {
    const document = catalog.asyncApi({ title: 'Bazaar events', version: '0.1.0' });
    assert.equal(document.asyncapi, '3.0.0');
    assert.deepEqual(
      Object.values(document.channels)
        .map((channel) => channel.address)
        .sort(),
      ['catalog.products', 'identity.users'],
    );
    const message = document.components.messages.identity_user_registered as {
      payload: { properties: Record<string, unknown> };
    };
    assert.deepEqual(message.payload.properties.type, { const: 'identity.user-registered' });
    assert.deepEqual(message.payload.properties.source, { const: '/bazaar/identity' });
    assert.ok(message.payload.properties.data);
    assert.equal(Object.keys(document.operations).length, 2);
  });
});
