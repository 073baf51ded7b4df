import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCursor, encodeCursor } from '../src/application/page-cursor.js';

const position = {
  positionKey: '2026-11-25T10:11:12.123456Z',
  orderId: '6f1d7a52-8a44-4a53-9d8c-0b2c1f0e9a01',
};
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('page cursors', () => {
  it('carry the position where a page ended, to the microsecond', () => {
    assert.deepEqual(decodeCursor(encodeCursor(position)), position);
  });

  it('refuse anything this API did not issue with an invalid-cursor problem', () => {
    const forged = [
      'not base64 json',
      forge({ positionKey: position.positionKey, orderId: position.orderId }),
      forge([position.positionKey]),
      forge([position.positionKey, 'not-a-uuid']),
      forge(['2026-02-31T00:00:00.000000Z', position.orderId]),
      forge(['2026-11-25T10:11:12.123Z', position.orderId]),
      forge(['0000-01-01T00:00:00.000000Z', position.orderId]),
      forge(["2026-11-25'; DROP TABLE shipments; --", position.orderId]),
      forge([12, position.orderId]),
    ];
    for (const cursor of forged) {
      assert.throws(
        () => decodeCursor(cursor),
        (error: { status?: number; slug?: string }) =>
          error.status === 400 && error.slug === 'invalid-cursor',
        cursor,
      );
    }
  });
});
