import type { Pool } from '@bazaar/postgres';
import type postgres from 'postgres';

export interface RecordedResponse {
  requestHash: string;
  statusCode: number;
  response: unknown;
  location: string | null;
}

type Sql = Pool | postgres.TransactionSql;

export function idempotencyKeys(db: Pool) {
  return {
    async find(userId: string, key: string, sql: Sql = db): Promise<RecordedResponse | undefined> {
      const [row] = await sql<RecordedResponse[]>`
        SELECT request_hash AS "requestHash", status_code AS "statusCode", response, location
        FROM idempotency_keys WHERE user_id = ${userId} AND key = ${key} AND status_code IS NOT NULL`;
      return row;
    },

    /**
     * Claims the key in the caller's transaction. A concurrent request with the same key waits here on the
     * unique index until the first one commits (then sees its response) or rolls back (then claims it).
     */
    async claim(
      tx: postgres.TransactionSql,
      userId: string,
      key: string,
      requestHash: string,
    ): Promise<boolean> {
      const rows = await tx`
        INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES (${userId}, ${key}, ${requestHash})
        ON CONFLICT (user_id, key) DO NOTHING RETURNING 1`;
      return rows.length === 1;
    },

    async complete(
      tx: postgres.TransactionSql,
      userId: string,
      key: string,
      response: Omit<RecordedResponse, 'requestHash'>,
    ) {
      await tx`
        UPDATE idempotency_keys SET status_code = ${response.statusCode},
          response = ${tx.json(response.response as postgres.JSONValue)}, location = ${response.location}
        WHERE user_id = ${userId} AND key = ${key}`;
    },
  };
}
