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

/**
 * The stream was last written by a transaction younger than this one (this one took its id first, then
 * waited for the stream). Appending would put the stream's events out of order in the global log, so the
 * append is refused: retry the whole unit of work in a new transaction, which gets a newer id. Rare, and
 * only under contention on one stream.
 */
export class TransactionOrderConflictError extends ProblemError {
  constructor(readonly streamId: string) {
    super(
      'transaction-order-conflict',
      503,
      'Concurrent modification, retry',
      `Stream ${streamId} was just written by a newer transaction; retry the request.`,
      {},
      { 'retry-after': '0' },
    );
  }
}
