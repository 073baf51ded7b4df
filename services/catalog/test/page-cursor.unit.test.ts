import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemError } from '@bazaar/problem';
import { decodeCursor, encodeCursor } from '../src/application/page-cursor.js';

const id = '0b3c8d2e-1111-4222-8333-444455556666';

describe('page cursors', () => {
  it('round-trip a name position for the same query', () => {
    const query = { category: 'books' };
    assert.deepEqual(decodeCursor(encodeCursor({ kind: 'name', name: 'Refactoring', id }, query), query), {
      kind: 'name',
      name: 'Refactoring',
      id,
    });
  });

  it('round-trip a relevance position exactly', () => {
    const query = { q: 'coffee' };
    const cursor = { kind: 'rank' as const, rank: 0.0607927, id };
    assert.deepEqual(decodeCursor(encodeCursor(cursor, query), query), cursor);
  });

  it('refuse a cursor made for another query', () => {
    const cursor = encodeCursor({ kind: 'rank', rank: 0.5, id }, { q: 'coffee' });
    assert.throws(
      () => decodeCursor(cursor, { q: 'tea' }),
      (error: unknown) =>
        error instanceof ProblemError && error.slug === 'invalid-cursor' && error.status === 400,
    );
  });

  it('refuse text that is not a cursor, or a cursor with a bad id or key', () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const print = JSON.parse(
      Buffer.from(encodeCursor({ kind: 'name', name: 'x', id }, {}), 'base64url').toString(),
    )[0];
    for (const text of [
      '%%%',
      'bm90IGpzb24',
      forged({}),
      forged([print, 'name', 'x', "' OR 1=1"]),
      forged([print, 'rank', 'NaN', id]),
    ]) {
      assert.throws(() => decodeCursor(text, {}), ProblemError, text);
    }
  });
});
