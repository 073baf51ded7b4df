import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventTime, firstMinuteOfReport, MissingEventTimeError, minuteOf } from '../src/domain/event-time.js';

describe('tumbling one-minute windows by event time', () => {
  it('puts an event in the minute it happened, named by the minute start in UTC', () => {
    assert.equal(minuteOf(new Date('2026-11-25T10:42:59.999Z')).toISOString(), '2026-11-25T10:42:00.000Z');
    assert.equal(minuteOf(new Date('2026-11-25T10:43:00.000Z')).toISOString(), '2026-11-25T10:43:00.000Z');
  });

  it('reads the time from the event, with its offset, not the time it is processed', () => {
    const at = eventTime({ time: '2026-11-25T11:42:30+01:00' });
    assert.equal(minuteOf(at).toISOString(), '2026-11-25T10:42:00.000Z');
  });

  it('refuses an event without a readable time', () => {
    assert.throws(() => eventTime({}), MissingEventTimeError);
    assert.throws(() => eventTime({ time: 'yesterday' }), MissingEventTimeError);
    assert.throws(() => eventTime({ time: '2026-13-45T99:00:00Z' }), MissingEventTimeError);
    assert.throws(() => eventTime({ time: 1_764_000_000_000 }), MissingEventTimeError);
  });

  it('reports the last N minutes including the current, still open one', () => {
    const now = new Date('2026-11-25T10:42:17Z');
    assert.equal(firstMinuteOfReport(now, 1).toISOString(), '2026-11-25T10:42:00.000Z');
    assert.equal(firstMinuteOfReport(now, 60).toISOString(), '2026-11-25T09:43:00.000Z');
  });
});
