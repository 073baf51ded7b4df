import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { welcomeMessage } from '../src/domain/messages.js';

describe('welcomeMessage', () => {
  it('greets the user by name and is identified by the user, so it is sent once per user', () => {
    const message = welcomeMessage({ userId: 'u-1', name: 'Ann' });
    assert.equal(message.kind, 'welcome');
    assert.equal(message.reference, 'u-1');
    assert.match(message.body, /^Hello Ann,/);
    assert.notEqual(welcomeMessage({ userId: 'u-2', name: 'Ann' }).reference, message.reference);
  });
});
