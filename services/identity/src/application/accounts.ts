import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EVENT_TYPES, type UserRegistered, type UserUpdated } from '@bazaar/contracts';
import type { Pool } from '@bazaar/postgres';
import { ProblemError, problems } from '@bazaar/problem';
import type { ServiceMessaging } from '@bazaar/service-host';
import type postgres from 'postgres';
import type { IdentityConfig } from '../config.js';
import { EmailTakenError, refreshTokensRepository, usersRepository } from '../db/index.js';
import { normalizeEmail } from '../domain/email.js';
import { passwordWeaknesses } from '../domain/password-policy.js';
import { refreshTokenState } from '../domain/refresh-token.js';
import { type Caller, canAccessUser, refuseChanges, type User, type UserChanges } from '../domain/user.js';
import { hashPassword, unknownUserHash, verifyPassword } from './password-hasher.js';
import type { SigningKeys } from './signing-keys.js';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const identityProblems = {
  emailTaken: () => problems.conflict('email-taken', 'An account with this email already exists.'),
  weakPassword: (reasons: string[]) =>
    new ProblemError('weak-password', 400, 'Password is too weak', `The password ${reasons.join('; ')}.`, {
      reasons,
    }),
  badCredentials: () =>
    new ProblemError('invalid-credentials', 401, 'Invalid credentials', 'The email or password is wrong.'),
  badRefreshToken: (detail: string) =>
    new ProblemError('invalid-refresh-token', 401, 'Refresh token rejected', detail),
  refreshTokenReused: () =>
    new ProblemError(
      'refresh-token-reused',
      401,
      'Refresh token reused',
      'This refresh token was already used; every token of its session has been revoked. Log in again.',
    ),
  userNotFound: () => problems.notFound('No such user.'),
};

function hashRefreshToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Registration, login, token rotation and profile changes: the identity service's use cases. */
export function accounts(db: Pool, keys: SigningKeys, config: IdentityConfig, messaging: ServiceMessaging) {
  const users = usersRepository(db);
  const refreshTokens = refreshTokensRepository(db);

  async function issueTokens(
    user: Pick<User, 'id' | 'email' | 'role'>,
    familyId: string,
  ): Promise<TokenPair> {
    const refreshToken = randomBytes(32).toString('base64url');
    await refreshTokens.insert({
      hash: hashRefreshToken(refreshToken),
      familyId,
      userId: user.id,
      expiresAt: new Date(Date.now() + config.REFRESH_TOKEN_TTL_SECONDS * 1000),
    });
    const accessToken = await keys.sign(
      { userId: user.id, email: user.email, role: user.role },
      config.ACCESS_TOKEN_TTL_SECONDS,
    );
    return { accessToken, refreshToken, expiresIn: config.ACCESS_TOKEN_TTL_SECONDS };
  }

  /**
   * UserRegistered, in the transaction that created the account: how the other services (notification's
   * address book, analytics) learn of every user, the seeded admin included — an admin who shops is mailed
   * like anyone else.
   */
  async function announceRegistered(tx: postgres.TransactionSql, user: User): Promise<void> {
    const data: UserRegistered = {
      userId: user.id,
      email: user.email,
      name: user.name,
      registeredAt: user.createdAt.toISOString(),
    };
    await messaging.publish(tx, [{ type: EVENT_TYPES.userRegistered, subject: user.id, data }]);
  }

  return {
    async register(input: { email: string; password: string; name: string }): Promise<User> {
      const email = normalizeEmail(input.email);
      const name = input.name.trim();
      const weaknesses = passwordWeaknesses(input.password, { email, name });
      if (weaknesses.length > 0) throw identityProblems.weakPassword(weaknesses);
      const passwordHash = await hashPassword(input.password);
      try {
        return await db.begin(async (tx) => {
          const user = await users.insert(
            { id: randomUUID(), email, name, role: 'customer', passwordHash },
            tx,
          );
          await announceRegistered(tx, user);
          return user;
        });
      } catch (error) {
        if (error instanceof EmailTakenError) throw identityProblems.emailTaken();
        throw error;
      }
    },

    async login(input: { email: string; password: string }): Promise<TokenPair> {
      const user = await users.findCredentials(normalizeEmail(input.email));
      const matches = await verifyPassword(input.password, user?.passwordHash ?? (await unknownUserHash()));
      if (!user || !matches) throw identityProblems.badCredentials();
      return issueTokens(user, randomUUID());
    },

    async refresh(refreshToken: string): Promise<TokenPair> {
      const hash = hashRefreshToken(refreshToken);
      const consumed = await refreshTokens.consume(hash);
      if (consumed) {
        const user = await users.findById(consumed.userId);
        if (!user) throw identityProblems.badRefreshToken('The account no longer exists.');
        return issueTokens(user, consumed.familyId);
      }
      const stored = await refreshTokens.find(hash);
      if (!stored) throw identityProblems.badRefreshToken('Unknown refresh token.');
      const state = refreshTokenState(stored, new Date());
      if (state === 'reused') {
        await refreshTokens.revokeFamily(stored.familyId);
        throw identityProblems.refreshTokenReused();
      }
      throw identityProblems.badRefreshToken(
        state === 'expired' ? 'The refresh token has expired.' : 'The refresh token was revoked.',
      );
    },

    async getUser(caller: Caller, userId: string): Promise<User> {
      if (!canAccessUser(caller, userId)) throw identityProblems.userNotFound();
      const user = await users.findById(userId);
      if (!user) throw identityProblems.userNotFound();
      return user;
    },

    async updateUser(caller: Caller, userId: string, changes: UserChanges): Promise<User> {
      if (!canAccessUser(caller, userId)) throw identityProblems.userNotFound();
      const refusal = refuseChanges(caller, userId, changes);
      if (refusal === 'role-change-needs-admin') throw problems.forbidden('Only an admin can change roles.');
      if (refusal === 'own-role-change') throw problems.forbidden('Admins cannot change their own role.');
      const normalized: UserChanges = {
        ...changes,
        ...(changes.email === undefined ? {} : { email: normalizeEmail(changes.email) }),
        ...(changes.name === undefined ? {} : { name: changes.name.trim() }),
      };
      try {
        return await db.begin(async (tx) => {
          const user = await users.update(userId, normalized, tx);
          if (!user) throw identityProblems.userNotFound();
          const data: UserUpdated = {
            userId: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
            updatedAt: user.updatedAt.toISOString(),
          };
          await messaging.publish(tx, [{ type: EVENT_TYPES.userUpdated, subject: user.id, data }]);
          return user;
        });
      } catch (error) {
        if (error instanceof EmailTakenError) throw identityProblems.emailTaken();
        throw error;
      }
    },

    /**
     * Makes sure the configured admin exists. With ADMIN_PASSWORD set, configuration wins at every start;
     * without it a password is generated once and returned so the host can print it.
     */
    async seedAdmin(): Promise<{ email: string; generatedPassword?: string }> {
      const email = normalizeEmail(config.ADMIN_EMAIL);
      const base = { id: randomUUID(), email, name: 'Administrator', role: 'admin' as const };
      if (config.ADMIN_PASSWORD) {
        const passwordHash = await hashPassword(config.ADMIN_PASSWORD);
        await db.begin(async (tx) => {
          const admin = await users.upsertAdmin({ ...base, passwordHash }, tx);
          if (admin.created) await announceRegistered(tx, admin);
        });
        return { email };
      }
      if (await users.findCredentials(email)) return { email };
      const generatedPassword = randomBytes(12).toString('base64url');
      try {
        const passwordHash = await hashPassword(generatedPassword);
        await db.begin(async (tx) =>
          announceRegistered(tx, await users.insert({ ...base, passwordHash }, tx)),
        );
      } catch (error) {
        if (error instanceof EmailTakenError) return { email }; // another instance seeded it first
        throw error;
      }
      return { email, generatedPassword };
    },
  };
}

export type Accounts = ReturnType<typeof accounts>;
