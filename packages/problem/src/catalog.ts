import { ProblemError } from './problem.js';

/**
 * The problem types shared by every service. Each has one slug forever; services add their own
 * (for example `email-taken`) with `new ProblemError(...)`.
 */
export const problems = {
  validation: (detail: string, errors: readonly { pointer: string; detail: string }[] = []) =>
    new ProblemError('validation', 400, 'Request is invalid', detail, errors.length ? { errors } : {}),
  malformedJson: (detail: string) =>
    new ProblemError('malformed-json', 400, 'Body is not valid JSON', detail),
  /** A pagination or tail cursor this API did not issue (malformed, forged, or naming what is not here). */
  invalidCursor: (detail = 'The cursor is not one this API issued.') =>
    new ProblemError('invalid-cursor', 400, 'Cursor is invalid', detail),
  unsupportedMediaType: (mediaType: string) =>
    new ProblemError(
      'unsupported-media-type',
      415,
      'Unsupported media type',
      `Content-Type '${mediaType}' is not accepted here; send application/json.`,
    ),
  payloadTooLarge: (limitBytes: number) =>
    new ProblemError(
      'payload-too-large',
      413,
      'Request body is too large',
      `The body exceeds the limit of ${limitBytes} bytes.`,
      { limitBytes },
    ),
  unauthorized: (detail = 'A valid bearer token is required.') =>
    new ProblemError(
      'unauthorized',
      401,
      'Authentication required',
      detail,
      {},
      {
        'www-authenticate': 'Bearer realm="bazaar"',
      },
    ),
  invalidToken: (detail: string) =>
    new ProblemError(
      'invalid-token',
      401,
      'Token is invalid',
      detail,
      {},
      {
        'www-authenticate': `Bearer realm="bazaar", error="invalid_token", error_description="${detail.replace(/"/g, "'")}"`,
      },
    ),
  forbidden: (detail = 'You are not allowed to do this.') =>
    new ProblemError('forbidden', 403, 'Forbidden', detail),
  notFound: (detail = 'No resource exists at this address.') =>
    new ProblemError('not-found', 404, 'Not found', detail),
  methodNotAllowed: (method: string) =>
    new ProblemError('method-not-allowed', 405, 'Method not allowed', `${method} is not supported here.`),
  conflict: (slug: string, detail: string) => new ProblemError(slug, 409, 'Conflict', detail),
  serviceUnavailable: (detail: string, retryAfterSeconds?: number) =>
    new ProblemError(
      'service-unavailable',
      503,
      'Service unavailable',
      detail,
      {},
      retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) },
    ),
  upstreamUnavailable: (upstream: string) =>
    new ProblemError(
      'upstream-unavailable',
      503,
      'Upstream service unavailable',
      `${upstream} did not answer.`,
      {
        upstream,
      },
      // Unavailable is temporary by definition (RFC 9110 §15.6.4): say when trying again is sensible.
      { 'retry-after': '1' },
    ),
  upstreamTimeout: (upstream: string) =>
    new ProblemError(
      'upstream-timeout',
      504,
      'Upstream service timed out',
      `${upstream} did not answer in time.`,
      {
        upstream,
      },
    ),
  internal: () =>
    new ProblemError(
      'internal',
      500,
      'Internal server error',
      'An unexpected error occurred; it has been logged.',
    ),
} as const;
