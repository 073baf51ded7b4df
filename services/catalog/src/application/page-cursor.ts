import { createHash } from 'node:crypto';
import { ProblemError } from '@bazaar/problem';

/** Where the previous page ended: the sort key of its last row, and the query it belongs to. */
export type PageCursor =
  | { kind: 'name'; name: string; id: string }
  | { kind: 'rank'; rank: number; id: string };

const invalidCursor = (detail: string) =>
  new ProblemError('invalid-cursor', 400, 'Cursor is invalid', detail);

/** A cursor only makes sense for the query that produced it; a short hash of the query binds them. */
function fingerprint(query: { q?: string; category?: string }): string {
  return createHash('sha256')
    .update(JSON.stringify([query.q ?? null, query.category ?? null]))
    .digest('base64url')
    .slice(0, 10);
}

export function encodeCursor(cursor: PageCursor, query: { q?: string; category?: string }): string {
  const key = cursor.kind === 'name' ? cursor.name : cursor.rank;
  return Buffer.from(JSON.stringify([fingerprint(query), cursor.kind, key, cursor.id])).toString('base64url');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function decodeCursor(text: string, query: { q?: string; category?: string }): PageCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('The cursor is not one this API issued.');
  }
  if (!Array.isArray(parsed) || parsed.length !== 4)
    throw invalidCursor('The cursor is not one this API issued.');
  const [print, kind, key, id] = parsed as unknown[];
  if (print !== fingerprint(query))
    throw invalidCursor('The cursor belongs to a different query; start again without it.');
  if (typeof id !== 'string' || !UUID.test(id)) throw invalidCursor('The cursor is not one this API issued.');
  if (kind === 'name' && typeof key === 'string') return { kind, name: key, id };
  if (kind === 'rank' && typeof key === 'number' && Number.isFinite(key)) return { kind, rank: key, id };
  throw invalidCursor('The cursor is not one this API issued.');
}
