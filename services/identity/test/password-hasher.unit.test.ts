import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, UnhashablePasswordError, verifyPassword } from '../src/application/password-hasher.js';

describe('password hasher', () => {
  it('matches the password it hashed and nothing else', async () => {
    const hash = await hashPassword('correct horse battery');
    assert.equal(await verifyPassword('correct horse battery', hash), true);
    assert.equal(await verifyPassword('correct horse batter', hash), false);
    assert.equal(await verifyPassword('correct horse battery ', hash), false);
  });

  it('never matches a password with U+0000, though scrypt alone would (HMAC pads its key with zeros)', async () => {
    const hash = await hashPassword('correct horse battery');
    assert.equal(await verifyPassword('correct horse battery\u0000', hash), false);
    assert.equal(await verifyPassword('correct horse battery\u0000\u0000', hash), false);
  });

  it('refuses to hash a password with U+0000', async () => {
    await assert.rejects(hashPassword('correct horse battery\u0000'), UnhashablePasswordError);
  });
});
