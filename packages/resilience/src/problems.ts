import { ProblemError, problems } from '@bazaar/problem';

/** The upstream's breaker is open: no call was made. Retry after it may have half-opened. */
export const circuitOpen = (upstream: string, retryAfterSeconds: number) =>
  new ProblemError(
    'circuit-open',
    503,
    'Upstream circuit open',
    `${upstream} failed repeatedly; calls to it are refused for a while so it can recover.`,
    { upstream },
    { 'retry-after': String(retryAfterSeconds) },
  );

/** Every slot and queue place for the upstream is taken: refused at once instead of piling up. */
export const bulkheadFull = (upstream: string) =>
  new ProblemError(
    'bulkhead-full',
    503,
    'Too many calls to the upstream',
    `Too many calls to ${upstream} are in flight; try again shortly.`,
    { upstream },
    { 'retry-after': '1' },
  );

/** The attempt's deadline passed (the same problem every caller of an upstream answers). */
export const upstreamTimeout = problems.upstreamTimeout;
