import { ProblemError } from '@bazaar/problem';
import type { ExpectedVersion } from './types.js';

/**
 * Another writer changed the stream since it was read. A value with status 409, so the HTTP edge answers
 * with a problem without knowing about event stores.
 */
export class ConcurrencyConflictError extends ProblemError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(
      'concurrency-conflict',
      409,
      'Concurrent modification',
      `Stream ${streamId} is at version ${actual}, not ${String(expected)}; read it again and retry.`,
      { expectedVersion: expected, actualVersion: actual },
    );
  }
}
