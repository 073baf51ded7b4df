import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProblemError, problems } from '@bazaar/problem';
import type { FastifyError } from 'fastify';
import { toProblem } from '../src/problem-handler.js';

function fastifyError(fields: Partial<FastifyError> & Record<string, unknown>): FastifyError {
  return Object.assign(new Error(fields.message ?? 'boom'), fields) as FastifyError;
}

describe('mapping errors to problems', () => {
  it('keeps a ProblemError as it is', () => {
    const problem = problems.notFound('gone');
    assert.equal(toProblem(problem as unknown as FastifyError).problem, problem);
  });

  it('names the offending field of a validation error, unknown fields included', () => {
    const { problem } = toProblem(
      fastifyError({
        validation: [
          { instancePath: '', keyword: 'additionalProperties', params: { additionalProperty: 'isAdmin' } },
        ],
        validationContext: 'body',
      } as never),
    );
    assert.equal(problem.status, 400);
    assert.deepEqual(problem.extensions.errors, [{ pointer: '/isAdmin', detail: "unknown field 'isAdmin'" }]);
  });

  it('prefixes query and path errors with their part', () => {
    const { problem } = toProblem(
      fastifyError({
        validation: [{ instancePath: '/limit', keyword: 'maximum', message: 'must be <= 100', params: {} }],
        validationContext: 'querystring',
      } as never),
    );
    assert.equal((problem.extensions.errors as { pointer: string }[])[0]!.pointer, '/querystring/limit');
  });

  it('maps body errors of the framework to 400, 413 and 415', () => {
    assert.equal(
      toProblem(fastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).problem.status,
      413,
    );
    assert.equal(
      toProblem(fastifyError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }), 'text/xml').problem
        .status,
      415,
    );
    assert.equal(
      toProblem(fastifyError({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 })).problem.slug,
      'malformed-json',
    );
  });

  it('turns anything unexpected into an opaque 500 that is flagged for logging', () => {
    const { problem, unexpected } = toProblem(
      fastifyError({ message: 'connection string postgres://secret' }),
    );
    assert.equal(problem.status, 500);
    assert.equal(unexpected, true);
    assert.doesNotMatch(JSON.stringify(problem.toJSON()), /secret/);
  });

  it('serialises as RFC 9457 with extension members', () => {
    const json = new ProblemError('x', 409, 'Conflict', 'detail', { extra: 1 }).toJSON('/here');
    assert.deepEqual(json, {
      extra: 1,
      type: 'urn:bazaar:problem:x',
      title: 'Conflict',
      status: 409,
      detail: 'detail',
      instance: '/here',
    });
  });
});
