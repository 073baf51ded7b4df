import type { Pool } from '@bazaar/postgres';
import type postgres from 'postgres';
import type { IncomingMessage } from './transport.js';

/**
 * Runs `effect` at most once per (consumer, message id): the id is recorded in the same transaction as the
 * effect, so a redelivered message (after a crash between effect and acknowledgement, or a publisher
 * retry) finds it and does nothing. Returns whether the effect ran.
 */
export async function handleOnce(
  db: Pool,
  consumer: string,
  message: IncomingMessage,
  effect: (tx: postgres.TransactionSql) => Promise<void>,
): Promise<boolean> {
  return db.begin(async (tx) => {
    const first = await tx`
      INSERT INTO inbox (consumer, message_id) VALUES (${consumer}, ${message.envelope.id})
      ON CONFLICT DO NOTHING RETURNING 1`;
    if (first.length === 0) return false;
    await effect(tx);
    return true;
  });
}
