import { ProblemError } from '@bazaar/problem';
import type { PagePosition } from '../db/payments-repository.js';

const invalidCursor = () =>
  new ProblemError('invalid-cursor', 400, 'Cursor is invalid', 'The cursor is not one this API issued.');

const POSITION_KEY = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.positionKey, position.orderId])).toString('base64url');
}

/** Anything but a cursor this API issued is a 400, never a database error. */
export function decodeCursor(text: string): PagePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [positionKey, orderId] = parsed as unknown[];
  if (typeof positionKey !== 'string' || !isRealInstant(positionKey)) throw invalidCursor();
  if (typeof orderId !== 'string' || !UUID.test(orderId)) throw invalidCursor();
  return { positionKey, orderId };
}

/** The shape alone would let 2024-02-31 through, which PostgreSQL refuses. */
function isRealInstant(key: string): boolean {
  if (!POSITION_KEY.test(key)) return false;
  const milliseconds = `${key.slice(0, 23)}Z`;
  const date = new Date(milliseconds);
  return !Number.isNaN(date.getTime()) && date.toISOString() === milliseconds;
}
