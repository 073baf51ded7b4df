import type { Pool } from '@bazaar/postgres';
import type { RefreshTokenRecord } from '../domain/refresh-token.js';

export interface StoredRefreshToken extends RefreshTokenRecord {
  familyId: string;
  userId: string;
}

export function refreshTokensRepository(db: Pool) {
  return {
    async insert(token: { hash: Buffer; familyId: string; userId: string; expiresAt: Date }): Promise<void> {
      await db`INSERT INTO refresh_tokens (token_hash, family_id, user_id, expires_at)
               VALUES (${token.hash}, ${token.familyId}, ${token.userId}, ${token.expiresAt})`;
    },

    /**
     * Marks the token used if it is still good, in one statement: of two concurrent refreshes with the same
     * token exactly one gets the row back.
     */
    async consume(hash: Buffer): Promise<{ familyId: string; userId: string } | undefined> {
      const [row] = await db<{ familyId: string; userId: string }[]>`
        UPDATE refresh_tokens SET used_at = now()
        WHERE token_hash = ${hash} AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
        RETURNING family_id AS "familyId", user_id AS "userId"`;
      return row;
    },

    async find(hash: Buffer): Promise<StoredRefreshToken | undefined> {
      const [row] = await db<StoredRefreshToken[]>`
        SELECT family_id AS "familyId", user_id AS "userId", expires_at AS "expiresAt",
               used_at AS "usedAt", revoked_at AS "revokedAt"
        FROM refresh_tokens WHERE token_hash = ${hash}`;
      return row;
    },

    async revokeFamily(familyId: string): Promise<number> {
      const result = await db`UPDATE refresh_tokens SET revoked_at = now()
                              WHERE family_id = ${familyId} AND revoked_at IS NULL`;
      return result.count;
    },
  };
}
