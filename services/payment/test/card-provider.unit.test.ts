import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { providerAnswerFor } from '../src/domain/card-provider.js';

describe('the simulated card provider (test cards by their last four digits)', () => {
  it('declines a card ending 0002', () => {
    assert.deepEqual(providerAnswerFor('0002'), { kind: 'declined', reason: 'PAYMENT_DECLINED' });
  });

  it('fails a card ending 9995 for insufficient funds', () => {
    assert.deepEqual(providerAnswerFor('9995'), { kind: 'declined', reason: 'INSUFFICIENT_FUNDS' });
  });

  it('never answers for a card ending 0341', () => {
    assert.deepEqual(providerAnswerFor('0341'), { kind: 'no-answer' });
  });

  it('approves every other card', () => {
    for (const last4 of ['4242', '0000', '0003', '9999', '3410']) {
      assert.deepEqual(providerAnswerFor(last4), { kind: 'approved' }, last4);
    }
  });
});
