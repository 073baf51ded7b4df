import { problems } from '@bazaar/problem';

/** A check of one part of a cursor's key, which also tells TypeScript what the part is. */
export type CursorField<T> = (value: unknown) => value is T;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MICROSECOND_INSTANT = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MILLISECOND_INSTANT = /^(19[7-9]\d|[2-9]\d{3})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The shape alone would let 2024-02-31 through, which PostgreSQL refuses. */
function isRealInstant(text: string): boolean {
  const milliseconds = `${text.slice(0, 23)}Z`;
  const date = new Date(milliseconds);
  return !Number.isNaN(date.getTime()) && date.toISOString() === milliseconds;
}

/** The parts keyset cursors are made of. */
export const cursorFields = {
  uuid: ((value) => typeof value === 'string' && UUID.test(value)) as CursorField<string>,
  /**
   * A PostgreSQL timestamp as text to the microsecond (`YYYY-MM-DDTHH:MM:SS.ffffffZ`, see
   * MICROSECOND_TEXT): a JavaScript Date would cut it to milliseconds, and a page could then skip rows.
   */
  microsecondInstant: ((value) =>
    typeof value === 'string' &&
    MICROSECOND_INSTANT.test(value) &&
    isRealInstant(value)) as CursorField<string>,
  /** An ISO instant to the millisecond, for columns that hold no more than that. */
  millisecondInstant: ((value) =>
    typeof value === 'string' &&
    MILLISECOND_INSTANT.test(value) &&
    isRealInstant(value)) as CursorField<string>,
  positiveInteger: ((value) => Number.isSafeInteger(value) && (value as number) > 0) as CursorField<number>,
};

/**
 * SQL that renders a timestamptz column in the form `cursorFields.microsecondInstant` accepts. Compare
 * against such a position as `${position}::text::timestamptz`: with a bare `::timestamptz` cast postgres.js
 * sends the parameter as a timestamp, through a JavaScript Date, and the microseconds are lost.
 */
export const MICROSECOND_TEXT = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

type KeyOf<Fields extends readonly CursorField<unknown>[]> = {
  [K in keyof Fields]: Fields[K] extends CursorField<infer T> ? T : never;
};

/**
 * An opaque cursor for keyset pagination: the sort key of the row a page ended at. Anything but a cursor
 * this API issued — malformed, forged, a wrong type or an impossible date — is a 400 `invalid-cursor`
 * problem, never a database error.
 */
export function keysetCursor<const Fields extends readonly CursorField<unknown>[]>(...fields: Fields) {
  return {
    encode(key: KeyOf<Fields>): string {
      return Buffer.from(JSON.stringify(key)).toString('base64url');
    },
    decode(text: string): KeyOf<Fields> {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        throw problems.invalidCursor();
      }
      if (!Array.isArray(parsed) || parsed.length !== fields.length) throw problems.invalidCursor();
      if (!fields.every((check, index) => check(parsed[index]))) throw problems.invalidCursor();
      return parsed as KeyOf<Fields>;
    },
  };
}

/**
 * One page from `limit + 1` rows fetched after the previous cursor: the rows to show, and the cursor of
 * the last one if more follow.
 */
export function keysetPage<Row, Key>(
  rows: readonly Row[],
  limit: number,
  cursor: { encode(key: Key): string },
  keyOf: (row: Row) => Key,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? cursor.encode(keyOf(last)) : null };
}
