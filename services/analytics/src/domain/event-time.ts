/**
 * Figures are kept by when things happened (the CloudEvents `time` its publisher stamped), not by when this
 * service got round to them: a consumer that was down for an hour must still put each order in its minute.
 */

export const MINUTE_MS = 60_000;

export class MissingEventTimeError extends Error {
  override readonly name = 'MissingEventTimeError';
}

/** The instant an event happened; an envelope without a readable `time` cannot be placed in any window. */
export function eventTime(envelope: { time?: unknown }): Date {
  const { time } = envelope;
  const instant = typeof time === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(time) ? new Date(time) : undefined;
  if (!instant || Number.isNaN(instant.getTime()))
    throw new MissingEventTimeError(`event time ${JSON.stringify(time)} is not an RFC 3339 instant`);
  return instant;
}

/** The tumbling one-minute window an instant falls in, named by its start (UTC). */
export function minuteOf(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS);
}

/** The first minute of a report over the last `minutes` minutes, the current (still open) minute included. */
export function firstMinuteOfReport(now: Date, minutes: number): Date {
  return new Date(minuteOf(now).getTime() - (minutes - 1) * MINUTE_MS);
}
