import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ring } from '../src/index.js';

describe('Ring', () => {
  it('given fewer items than its capacity, then it keeps them all, oldest first', () => {
    const ring = new Ring<number>(3);
    ring.push(1);
    ring.push(2);
    assert.deepEqual([...ring], [1, 2]);
    assert.equal(ring.length, 2);
  });

  it('given more items than its capacity, then the oldest are overwritten and memory stays bounded', () => {
    const ring = new Ring<number>(3);
    for (let i = 1; i <= 7; i++) ring.push(i);
    assert.deepEqual([...ring], [5, 6, 7]);
    assert.equal(ring.length, 3);
    assert.deepEqual(
      ring.filter((n) => n % 2 === 1),
      [5, 7],
    );
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new Ring(0), RangeError);
    assert.throws(() => new Ring(1.5), RangeError);
  });
});
