import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import { TRACKING_NUMBER, trackingNumber } from '../src/domain/tracking-number.js';

describe('tracking numbers', () => {
  it('are BZ and ten upper-case letters or digits', () => {
    for (let i = 0; i < 1000; i++) assert.match(trackingNumber(randomInt), TRACKING_NUMBER);
  });

  it('take their characters from the randomness they are given', () => {
    assert.equal(
      trackingNumber(() => 0),
      'BZAAAAAAAAAA',
    );
    assert.equal(
      trackingNumber((below) => below - 1),
      'BZ9999999999',
    );
  });

  it('do not repeat in practice', () => {
    const seen = new Set(Array.from({ length: 10_000 }, () => trackingNumber(randomInt)));
    assert.equal(seen.size, 10_000);
  });
});
