import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursorFields, keysetCursor, keysetPage } from '../src/keyset-cursor.js';

const cursor = keysetCursor(cursorFields.microsecondInstant, cursorFields.uuid);
const key = ['2026-11-25T10:11:12.123456Z', '6f1d7a52-8a44-4a53-9d8c-0b2c1f0e9a01'] as [string, string];
const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const isInvalidCursor = (error: { status?: number; slug?: string }) =>
  error.status === 400 && error.slug === 'invalid-cursor';

describe('keyset cursors', () => {
  it('carry the position where a page ended, to the microsecond', () => {
    assert.deepEqual(cursor.decode(cursor.encode(key)), key);
  });

  it('refuse anything this API did not issue with an invalid-cursor problem', () => {
    const forged = [
      'not base64 json',
      forge({ positionKey: key[0], orderId: key[1] }),
      forge([key[0]]),
      forge([key[0], 'not-a-uuid']),
      forge(['2026-02-31T00:00:00.000000Z', key[1]]),
      forge(['2026-11-25T10:11:12.123Z', key[1]]),
      forge(['0000-01-01T00:00:00.000000Z', key[1]]),
      forge(["2026-11-25'; DROP TABLE payments; --", key[1]]),
      forge([12, key[1]]),
      forge([key[0], key[1], 'extra']),
    ];
    for (const text of forged) assert.throws(() => cursor.decode(text), isInvalidCursor, text);
  });

  it('checks sequence numbers and millisecond instants too', () => {
    const bySeq = keysetCursor(cursorFields.positiveInteger);
    assert.deepEqual(bySeq.decode(bySeq.encode([42])), [42]);
    for (const value of [0, -1, 1.5, '42', 2 ** 60])
      assert.throws(() => bySeq.decode(forge([value])), isInvalidCursor);
    const byTime = keysetCursor(cursorFields.millisecondInstant);
    assert.deepEqual(byTime.decode(forge(['2026-11-25T10:11:12.123Z'])), ['2026-11-25T10:11:12.123Z']);
    assert.throws(() => byTime.decode(forge(['2026-11-25T10:11:12.123456Z'])), isInvalidCursor);
  });

  it('cuts a page and gives the cursor of its last row only when more rows follow', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const bySeq = keysetCursor(cursorFields.positiveInteger);
    const full = keysetPage(rows, 2, bySeq, (row) => [row.n] as [number]);
    assert.deepEqual(full.items, rows.slice(0, 2));
    assert.deepEqual(bySeq.decode(full.nextCursor!), [2]);
    assert.equal(keysetPage(rows, 3, bySeq, (row) => [row.n] as [number]).nextCursor, null);
  });
});
