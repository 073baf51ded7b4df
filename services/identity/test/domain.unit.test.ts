import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEmail } from '../src/domain/email.js';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  passwordWeaknesses,
} from '../src/domain/password-policy.js';
import { type RefreshTokenRecord, refreshTokenState } from '../src/domain/refresh-token.js';
import { type Caller, canAccessUser, refuseChanges } from '../src/domain/user.js';

describe('normalizeEmail', () => {
  it('folds case so addresses differing only in case collide', () => {
    assert.equal(normalizeEmail('Ann@Example.COM'), 'ann@example.com');
    assert.equal(normalizeEmail('ANN@EXAMPLE.COM'), normalizeEmail('ann@example.com'));
  });

  it('trims surrounding whitespace', () => {
    assert.equal(normalizeEmail('  ann@example.com \t\n'), 'ann@example.com');
  });

  it('folds Unicode compatibility forms', () => {
    // fullwidth letters and the "ﬁ" ligature are compatibility forms of plain ASCII
    assert.equal(normalizeEmail('ＡＮＮ@ｅｘａｍｐｌｅ.ｃｏｍ'), 'ann@example.com');
    assert.equal(normalizeEmail('ﬁona@example.com'), 'fiona@example.com');
    // a precomposed é and e + combining accent are one address
    assert.equal(normalizeEmail('Ren\u00e9@example.com'), normalizeEmail('Rene\u0301@example.com'));
  });

  it('keeps an already normal address as it is', () => {
    assert.equal(normalizeEmail('ann.lee+shop@example.co.uk'), 'ann.lee+shop@example.co.uk');
  });

  it('is idempotent', () => {
    for (const email of ['Ann@Example.COM', ' ＢＯＢ@example.com ', 'Ren\u00e9@Example.com']) {
      assert.equal(normalizeEmail(normalizeEmail(email)), normalizeEmail(email));
    }
  });
});

describe('passwordWeaknesses', () => {
  const account = { email: 'ann.lee@example.com', name: 'Ann Lee' };

  it('passes a long passphrase unrelated to the account', () => {
    assert.deepEqual(passwordWeaknesses('correct horse battery staple', account), []);
    assert.deepEqual(passwordWeaknesses('correct horse battery', { email: 'x@example.com' }), []);
  });

  it('refuses a short password', () => {
    // given a password one character below the minimum
    const password = 'Tr0ub4d&r'.slice(0, PASSWORD_MIN_LENGTH - 1);
    // when
    const reasons = passwordWeaknesses(password, account);
    // then
    assert.deepEqual(reasons, [`must be at least ${PASSWORD_MIN_LENGTH} characters`]);
  });

  it('refuses a password with U+0000, which its hash could not tell from the one without', () => {
    // given a good passphrase with a NUL at its end
    const password = 'correct horse battery staple\u0000';
    // when
    const reasons = passwordWeaknesses(password, account);
    // then
    assert.deepEqual(reasons, ['must not contain the character U+0000']);
  });

  it('accepts a password of exactly the minimum length', () => {
    assert.deepEqual(passwordWeaknesses('Tr0ub4d&r!'.slice(0, PASSWORD_MIN_LENGTH), account), []);
  });

  it('counts characters, not UTF-16 code units', () => {
    // nine emoji are eighteen code units but nine characters: too short
    const nineEmoji = '🍎🍐🍊🍋🍌🍉🍇🍓🫐';
    assert.ok(
      passwordWeaknesses(nineEmoji, account).includes(`must be at least ${PASSWORD_MIN_LENGTH} characters`),
    );
    assert.deepEqual(passwordWeaknesses(`${nineEmoji}🥝`, account), []);
  });

  it('refuses a password longer than the maximum', () => {
    const long = 'correct horse battery staple '.repeat(5).slice(0, PASSWORD_MAX_LENGTH + 1);
    assert.deepEqual(passwordWeaknesses(long, account), [
      `must be at most ${PASSWORD_MAX_LENGTH} characters`,
    ]);
    assert.deepEqual(passwordWeaknesses(long.slice(0, PASSWORD_MAX_LENGTH), account), []);
  });

  it('refuses commonly used passwords whatever their case', () => {
    for (const password of ['password123', 'Password123', 'QWERTYUIOP', '1q2w3e4r5t', 'letmein123']) {
      assert.ok(passwordWeaknesses(password, account).includes('is a commonly used password'), password);
    }
  });

  it('refuses passwords with fewer than 5 different characters', () => {
    for (const password of ['aaaaaaaaaaaa', 'abababababab', 'abcdabcdabcd']) {
      assert.ok(
        passwordWeaknesses(password, account).includes('must use at least 5 different characters'),
        password,
      );
    }
    assert.deepEqual(passwordWeaknesses('abcdeabcdeab', account), []);
  });

  it('refuses a password that contains the local part of the email, in any case', () => {
    for (const password of ['ann.lee-is-great', 'my ANN.LEE secret', 'xxANN.LEExxyy']) {
      assert.ok(
        passwordWeaknesses(password, account).includes('must not contain the email address'),
        password,
      );
    }
  });

  it('ignores a local part shorter than 3 characters', () => {
    assert.deepEqual(passwordWeaknesses('correct horse battery', { email: 'ho@example.com' }), []);
  });

  it('refuses a password that contains the name, in any case', () => {
    for (const password of ['i am ann lee!!', 'ANN LEE forever', 'xx  Ann Lee  xx']) {
      assert.ok(passwordWeaknesses(password, account).includes('must not contain the name'), password);
    }
  });

  it('ignores the surrounding spaces of the name and names shorter than 3 characters', () => {
    assert.ok(
      passwordWeaknesses('hello bob marley', { email: 'x@example.com', name: '  Bob  ' }).includes(
        'must not contain the name',
      ),
    );
    assert.deepEqual(passwordWeaknesses('correct horse battery', { email: 'x@example.com', name: 'Ho' }), []);
  });

  it('reports every weakness at once', () => {
    const reasons = passwordWeaknesses('aaaa', { email: 'aaa@example.com', name: 'aaa' });
    assert.deepEqual(reasons, [
      `must be at least ${PASSWORD_MIN_LENGTH} characters`,
      'must use at least 5 different characters',
      'must not contain the email address',
      'must not contain the name',
    ]);
  });
});

describe('canAccessUser', () => {
  const customer: Caller = { userId: 'u-1', role: 'customer' };
  const admin: Caller = { userId: 'a-1', role: 'admin' };

  it('lets a customer see themselves', () => {
    assert.equal(canAccessUser(customer, 'u-1'), true);
  });

  it('hides other users from a customer', () => {
    assert.equal(canAccessUser(customer, 'u-2'), false);
    assert.equal(canAccessUser(customer, 'a-1'), false);
  });

  it('lets an admin see everyone, including themselves', () => {
    assert.equal(canAccessUser(admin, 'u-1'), true);
    assert.equal(canAccessUser(admin, 'a-1'), true);
  });
});

describe('refuseChanges', () => {
  const customer: Caller = { userId: 'u-1', role: 'customer' };
  const admin: Caller = { userId: 'a-1', role: 'admin' };

  it('allows changes that do not touch the role', () => {
    assert.equal(refuseChanges(customer, 'u-1', { name: 'Ann', email: 'ann@example.com' }), undefined);
    assert.equal(refuseChanges(admin, 'a-1', { name: 'Boss' }), undefined);
    assert.equal(refuseChanges(customer, 'u-1', {}), undefined);
  });

  it('refuses a role change by a customer, even to their own role', () => {
    assert.equal(refuseChanges(customer, 'u-1', { role: 'admin' }), 'role-change-needs-admin');
    assert.equal(refuseChanges(customer, 'u-1', { role: 'customer' }), 'role-change-needs-admin');
    assert.equal(refuseChanges(customer, 'u-2', { role: 'customer', name: 'x' }), 'role-change-needs-admin');
  });

  it('refuses an admin changing their own role', () => {
    assert.equal(refuseChanges(admin, 'a-1', { role: 'customer' }), 'own-role-change');
    assert.equal(refuseChanges(admin, 'a-1', { role: 'admin' }), 'own-role-change');
  });

  it("lets an admin change another user's role", () => {
    assert.equal(refuseChanges(admin, 'u-1', { role: 'admin' }), undefined);
    assert.equal(refuseChanges(admin, 'a-2', { role: 'customer' }), undefined);
  });
});

describe('refreshTokenState', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
  const record = (overrides: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
    expiresAt: minutes(60),
    usedAt: null,
    revokedAt: null,
    ...overrides,
  });

  it('is valid when unused, not revoked and not expired', () => {
    assert.equal(refreshTokenState(record(), now), 'valid');
  });

  it('is reused once it has been presented before', () => {
    assert.equal(refreshTokenState(record({ usedAt: minutes(-5) }), now), 'reused');
  });

  it('is revoked when revoked and never used', () => {
    assert.equal(refreshTokenState(record({ revokedAt: minutes(-1) }), now), 'revoked');
  });

  it('is expired from the instant of its expiry', () => {
    assert.equal(refreshTokenState(record({ expiresAt: new Date(now.getTime() + 1) }), now), 'valid');
    assert.equal(refreshTokenState(record({ expiresAt: now }), now), 'expired');
    assert.equal(refreshTokenState(record({ expiresAt: minutes(-1) }), now), 'expired');
  });

  it('reports reuse over expiry, so a stolen copy is caught even after it expired', () => {
    // given a token that was used and has since expired
    const token = record({ usedAt: minutes(-90), expiresAt: minutes(-30) });
    // when / then
    assert.equal(refreshTokenState(token, now), 'reused');
  });

  it('reports reuse over revocation', () => {
    assert.equal(refreshTokenState(record({ usedAt: minutes(-5), revokedAt: minutes(-4) }), now), 'reused');
  });

  it('reports revocation over expiry', () => {
    assert.equal(
      refreshTokenState(record({ revokedAt: minutes(-90), expiresAt: minutes(-30) }), now),
      'revoked',
    );
  });
});
