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

/**
 * The batch form of handleOnce: one transaction records the ids of `messages` not handled yet by
 * `consumer` and runs `effect` for exactly those (in order; a message delivered again is left out), so
 * many messages cost one commit. Everything commits or nothing does. Returns the messages whose effect ran.
 */
export async function handleBatchOnce(
  db: Pool,
  consumer: string,
  messages: readonly IncomingMessage[],
  effect: (tx: postgres.TransactionSql, fresh: readonly IncomingMessage[]) => Promise<void>,
): Promise<IncomingMessage[]> {
  return db.begin(async (tx) => {
    const recorded = await tx<{ id: string }[]>`
      INSERT INTO inbox (consumer, message_id)
      SELECT ${consumer}, id FROM unnest(${messages.map((message) => message.envelope.id)}::text[]) AS id
      ON CONFLICT DO NOTHING RETURNING message_id AS id`;
    const fresh = new Set(recorded.map((row) => row.id));
    const toHandle = messages.filter((message) => fresh.delete(message.envelope.id));
    if (toHandle.length > 0) await effect(tx, toHandle);
    return toHandle;
  });
}
