import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { priceMoved } from '../src/domain/product.js';

describe('priceMoved', () => {
  const eur = (amount: number) => ({ price: { amount, currency: 'EUR' } });

  it('is true when the amount changes', () => assert.equal(priceMoved(eur(100), eur(101)), true));
  it('is true when only the currency changes', () =>
    assert.equal(priceMoved(eur(100), { price: { amount: 100, currency: 'USD' } }), true));
  it('is false for the same price', () => assert.equal(priceMoved(eur(100), eur(100)), false));
});
